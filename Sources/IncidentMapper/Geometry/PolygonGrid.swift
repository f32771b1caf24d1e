/// A raster of cells over a polygon's envelope, each known to lie wholly inside the polygon's
/// interior, wholly outside it, or across its boundary — classified by GEOS once, so that most
/// point tests become an array lookup and only points in boundary cells go to GEOS.
///
/// Cells are classified top-down like a quadtree: a block that GEOS finds disjoint from the
/// polygon is outside, one the polygon `containsProperly` is inside, any other block is split in
/// four until single cells remain. Each block is grown by a hair (``margin``) before it is asked
/// about, so a point that floating-point rounding puts in a neighbouring cell is still answered
/// right. A value type: build it once, share it between threads.
public struct PolygonGrid: Sendable {
    /// What is known about every point of a cell.
    public enum Cell: UInt8, Sendable {
        case outside = 0, inside = 1, boundary = 2
    }

    /// The box the cells cover (the polygon's envelope).
    public let envelope: Envelope
    /// Cells along each side (a power of two).
    public let cellsPerSide: Int
    private var cells: [UInt8]
    private let scaleX: Double, scaleY: Double
    /// How far each block is grown, in degrees, before GEOS classifies it (about 1 mm).
    public static let margin = 1e-8

    /// Classifies the cells of `polygon` with GEOS; `levels` sets 2^levels cells per side.
    /// - Throws: ``GeometryError`` when GEOS fails.
    public init(polygon: Geometry, prepared: PreparedGeometry, levels: Int = 8) throws(GeometryError) {
        guard let envelope = polygon.envelope else { throw .invalidInput("cannot grid an empty geometry") }
        let n = 1 << max(0, min(levels, 12))
        self.envelope = envelope
        cellsPerSide = n
        let width = max(envelope.maxLongitude - envelope.minLongitude, .leastNormalMagnitude)
        let height = max(envelope.maxLatitude - envelope.minLatitude, .leastNormalMagnitude)
        scaleX = Double(n) / width
        scaleY = Double(n) / height
        var cells = [UInt8](repeating: Cell.boundary.rawValue, count: n * n)
        var pending = [(x: 0, y: 0, size: n)]
        while let block = pending.popLast() {
            let box = Geometry.rectangle(
                minLongitude: envelope.minLongitude + Double(block.x) * width / Double(n) - Self.margin,
                minLatitude: envelope.minLatitude + Double(block.y) * height / Double(n) - Self.margin,
                maxLongitude: envelope.minLongitude + Double(block.x + block.size) * width / Double(n) + Self.margin,
                maxLatitude: envelope.minLatitude + Double(block.y + block.size) * height / Double(n) + Self.margin)
            let known: Cell? = if try !prepared.intersects(box) { .outside }
                else if try prepared.containsProperly(box) { .inside }
                else { nil }
            if let known {
                for y in block.y..<block.y + block.size {
                    for x in block.x..<block.x + block.size { cells[y * n + x] = known.rawValue }
                }
            } else if block.size > 1 {
                let half = block.size / 2
                pending += [(block.x, block.y, half), (block.x + half, block.y, half),
                            (block.x, block.y + half, half), (block.x + half, block.y + half, half)]
            }
        }
        self.cells = cells
    }

    /// What is known about the cell holding the point; `.outside` beyond the envelope.
    @inlinable
    public func cell(longitude: Double, latitude: Double) -> Cell {
        guard envelope.contains(longitude: longitude, latitude: latitude) else { return .outside }
        return cellInside(longitude: longitude, latitude: latitude)
    }

    @usableFromInline
    func cellInside(longitude: Double, latitude: Double) -> Cell {
        let x = min(Int((longitude - envelope.minLongitude) * scaleX), cellsPerSide - 1)
        let y = min(Int((latitude - envelope.minLatitude) * scaleY), cellsPerSide - 1)
        return Cell(rawValue: cells[y * cellsPerSide + x]) ?? .boundary
    }

    /// The same grid with cells in storage of its own. Threads that each hold a private copy
    /// do not contend on one shared reference count in the hot loop.
    public func privateCopy() -> PolygonGrid {
        var copy = self
        copy.cells = cells.withUnsafeBufferPointer { Array($0) }
        return copy
    }

    /// How many cells are of each kind (for diagnostics and tests).
    public var census: [Cell: Int] {
        var counts: [Cell: Int] = [:]
        for raw in cells { counts[Cell(rawValue: raw) ?? .boundary, default: 0] += 1 }
        return counts
    }
}

extension Geometry {
    /// An axis-aligned rectangle as a counter-clockwise polygon.
    static func rectangle(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) -> Geometry {
        .polygon([[
            Position(longitude: minLongitude, latitude: minLatitude),
            Position(longitude: maxLongitude, latitude: minLatitude),
            Position(longitude: maxLongitude, latitude: maxLatitude),
            Position(longitude: minLongitude, latitude: maxLatitude),
            Position(longitude: minLongitude, latitude: minLatitude),
        ]])
    }
}

/// A polygon ready for fast point tests: a ``PolygonGrid`` answers most points, GEOS the rest.
/// Not `Sendable` (it owns GEOS handles): share the grid, make one of these per thread.
public final class IndexedPolygon {
    public let grid: PolygonGrid
    private let prepared: PreparedGeometry

    /// Prepares `polygon` and classifies its grid.
    public convenience init(_ polygon: Geometry, levels: Int = 8) throws(GeometryError) {
        let prepared = try PreparedGeometry(polygon)
        try self.init(prepared: prepared, grid: PolygonGrid(polygon: polygon, prepared: prepared, levels: levels))
    }

    /// Reuses a grid classified elsewhere (e.g. on another thread) for the same polygon.
    public convenience init(_ polygon: Geometry, grid: PolygonGrid) throws(GeometryError) {
        try self.init(prepared: PreparedGeometry(polygon), grid: grid)
    }

    private init(prepared: PreparedGeometry, grid: PolygonGrid) {
        self.prepared = prepared
        self.grid = grid
    }

    /// True when the point lies in the interior (boundary excluded), as GEOS `contains` says.
    @inline(__always)
    public func contains(longitude: Double, latitude: Double) throws(GeometryError) -> Bool {
        switch grid.cell(longitude: longitude, latitude: latitude) {
        case .inside: true
        case .outside: false
        case .boundary: try prepared.contains(longitude: longitude, latitude: latitude)
        }
    }

    /// True when the point lies in the interior or on the boundary, as GEOS `covers` says.
    @inline(__always)
    public func covers(longitude: Double, latitude: Double) throws(GeometryError) -> Bool {
        switch grid.cell(longitude: longitude, latitude: latitude) {
        case .inside: true
        case .outside: false
        case .boundary: try prepared.covers(longitude: longitude, latitude: latitude)
        }
    }
}
