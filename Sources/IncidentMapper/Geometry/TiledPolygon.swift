import CGEOS

/// A polygon of a reference layer cut into a grid of cells, for fast point tests: each cell is
/// known to lie wholly inside the polygon, wholly outside it, or across its boundary, in which
/// case the cell keeps the piece of the polygon that covers it (clipped by GEOS, stored as WKB).
/// A point test is an array lookup, and only a point in a boundary cell goes to GEOS, against a
/// small piece rather than the whole polygon (a coast of 50,000 vertices becomes pieces of tens).
///
/// The cells are read in place from a compiled layer file (``LayerStorage``), so a polygon costs
/// nothing to open. Built by ``PolygonTiler``; queried through a ``TiledPolygonLocator``, which
/// owns the GEOS handles (one per thread). A value type whose bytes never change: share it.
///
/// ```swift
/// let locator = TiledPolygonLocator()
/// try locator.covers(fir.tiles, longitude: -66.9, latitude: 10.6)
/// ```
public struct TiledPolygon: @unchecked Sendable {
    /// What the grid says about a point.
    enum Answer: Equatable {
        case outside, inside
        /// In a boundary cell: ask GEOS about piece `k`; `exact` when the piece holds only the
        /// polygon's own edges across the cell (see ``PolygonTiler/exactFlag``).
        case piece(Int, exact: Bool)
    }

    /// Where the arrays of one tiled polygon lie in a compiled layer file.
    struct Descriptor: Equatable {
        var envelope: Envelope
        var cellsPerSide: Int
        var cellsOffset: Int
        var pieceCount: Int
        var pieceOffsetsOffset: Int
        var blobOffset: Int
        var blobLength: Int
        var wholeOffset: Int
        var wholeLength: Int
    }

    /// The polygon's bounding box, degrees; every cell lies in it.
    public let envelope: Envelope
    /// Cells along each side (a power of two).
    public let cellsPerSide: Int
    /// A number unique among the polygons opened from one file (the locator caches pieces by it).
    let uid: Int
    private let scaleX: Double, scaleY: Double
    /// 0 outside, 1 inside, k + 2 boundary with piece k.
    private let cells: UnsafeBufferPointer<UInt32>
    private let pieceOffsets: UnsafeBufferPointer<Int64>
    private let blob: UnsafeRawBufferPointer
    /// The whole polygon as WKB.
    let wholeWKB: UnsafeRawBufferPointer
    private let storage: LayerStorage

    /// Reads a tiled polygon in place.
    /// - Throws: ``ReferenceDataError/compiledLayers(_:)`` when the descriptor points outside the file.
    init(_ d: Descriptor, in storage: LayerStorage, uid: Int) throws {
        envelope = d.envelope
        cellsPerSide = d.cellsPerSide
        self.uid = uid
        self.storage = storage
        let width = max(d.envelope.maxLongitude - d.envelope.minLongitude, .leastNormalMagnitude)
        let height = max(d.envelope.maxLatitude - d.envelope.minLatitude, .leastNormalMagnitude)
        scaleX = Double(d.cellsPerSide) / width
        scaleY = Double(d.cellsPerSide) / height
        cells = try storage.array(of: UInt32.self, at: d.cellsOffset, count: d.cellsPerSide * d.cellsPerSide)
        pieceOffsets = try storage.array(of: Int64.self, at: d.pieceOffsetsOffset, count: d.pieceCount + 1)
        blob = try storage.slice(at: d.blobOffset, count: d.blobLength)
        wholeWKB = try storage.slice(at: d.wholeOffset, count: d.wholeLength)
        guard pieceOffsets.last.map({ Int($0) <= d.blobLength }) ?? false else {
            throw ReferenceDataError.compiledLayers("a tiled polygon's pieces lie outside its bytes")
        }
    }

    /// Tiles `polygon` on its own (2^levels cells per side), in memory of its own: for a polygon
    /// that is not a reference layer (tests, benchmarks, a user's zone).
    /// - Throws: ``GeometryError`` when GEOS fails or the polygon is empty.
    public static func make(_ polygon: Geometry, levels: Int = 8) throws(GeometryError) -> TiledPolygon {
        var writer = LayerArchiveWriter()
        let descriptor = try PolygonTiler.tile(polygon, levels: levels).write(to: &writer)
        // The bytes were just written by the same code: reading them back cannot fail.
        return try! TiledPolygon(descriptor, in: LayerStorage(copying: writer.bytes), uid: Int.random(in: 1 << 40 ..< 1 << 50))
    }

    /// What the grid knows about the point; `.outside` beyond the envelope.
    @inline(__always)
    func locate(longitude: Double, latitude: Double) -> Answer {
        guard envelope.contains(longitude: longitude, latitude: latitude) else { return .outside }
        let x = min(Int((longitude - envelope.minLongitude) * scaleX), cellsPerSide - 1)
        let y = min(Int((latitude - envelope.minLatitude) * scaleY), cellsPerSide - 1)
        let cell = cells[y * cellsPerSide + x]
        switch cell & ~(PolygonTiler.farFlag | PolygonTiler.exactFlag) {
        case 0: return .outside
        case 1: return .inside
        // A cell never names a piece that is not there (checked here, not at load, which would read every cell).
        case let k where Int(k) - 2 < pieceOffsets.count - 1: return .piece(Int(k) - 2, exact: cell & PolygonTiler.exactFlag != 0)
        default: return .outside
        }
    }

    /// What the grid says about a whole rectangle.
    enum RectangleAnswer: Equatable {
        /// Every cell it meets lies wholly outside the polygon (or beyond its envelope).
        case outside
        /// Every cell it meets lies wholly inside the polygon: so does the rectangle.
        case inside
        /// Partly inside, or across a boundary cell: only GEOS can say.
        case mixed
    }

    /// Where the rectangle `e` lies, from the cells it meets (an array scan, no GEOS).
    func locate(_ e: Envelope) -> RectangleAnswer {
        guard e.minLongitude <= envelope.maxLongitude, e.maxLongitude >= envelope.minLongitude,
              e.minLatitude <= envelope.maxLatitude, e.maxLatitude >= envelope.minLatitude else { return .outside }
        var sawOutside = e.minLongitude < envelope.minLongitude || e.maxLongitude > envelope.maxLongitude
            || e.minLatitude < envelope.minLatitude || e.maxLatitude > envelope.maxLatitude
        var sawInside = false
        func column(_ longitude: Double) -> Int { min(max(Int((longitude - envelope.minLongitude) * scaleX), 0), cellsPerSide - 1) }
        func row(_ latitude: Double) -> Int { min(max(Int((latitude - envelope.minLatitude) * scaleY), 0), cellsPerSide - 1) }
        for y in row(max(e.minLatitude, envelope.minLatitude))...row(min(e.maxLatitude, envelope.maxLatitude)) {
            for x in column(max(e.minLongitude, envelope.minLongitude))...column(min(e.maxLongitude, envelope.maxLongitude)) {
                switch cells[y * cellsPerSide + x] & ~(PolygonTiler.farFlag | PolygonTiler.exactFlag) {
                case 0: sawOutside = true
                case 1: sawInside = true
                default: return .mixed
                }
                if sawInside && sawOutside { return .mixed }
            }
        }
        return sawInside ? .inside : .outside
    }

    /// True when the point is further from the polygon's line than the margin it was tiled
    /// with (see ``PolygonTiler/tile(_:levels:farMarginDegrees:)``); false when unknown.
    @inline(__always)
    func isFarFromBoundary(longitude: Double, latitude: Double) -> Bool {
        guard envelope.contains(longitude: longitude, latitude: latitude) else { return false }
        let x = min(Int((longitude - envelope.minLongitude) * scaleX), cellsPerSide - 1)
        let y = min(Int((latitude - envelope.minLatitude) * scaleY), cellsPerSide - 1)
        return cells[y * cellsPerSide + x] & PolygonTiler.farFlag != 0
    }

    /// The WKB of piece `k`.
    func pieceBytes(_ k: Int) -> UnsafeRawBufferPointer {
        let start = Int(pieceOffsets[k]), end = Int(pieceOffsets[k + 1])
        guard 0 <= start, start <= end, end <= blob.count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: blob[start..<end])
    }

    /// How many cells are outside, inside and on the boundary (for tests and diagnostics).
    public var census: (outside: Int, inside: Int, boundary: Int) {
        var counts = (0, 0, 0)
        for c in cells {
            switch c & ~(PolygonTiler.farFlag | PolygonTiler.exactFlag) {
            case 0: counts.0 += 1
            case 1: counts.1 += 1
            default: counts.2 += 1
            }
        }
        return counts
    }
}

/// Point tests against ``TiledPolygon``s: the grid answers, GEOS decides in boundary cells.
///
/// In a boundary cell GEOS is asked about the cell's piece. When the piece holds only the
/// polygon's own edges across the cell (the usual case), the point is asked about directly.
/// Otherwise (an edge longer than a quarter cell was shortened by the clip) it is asked with a box of ±1e-9° (~0.1 mm)
/// around the point: a box wholly inside the piece, or wholly outside it, settles the answer
/// (the clip moved the piece's edges by rounding, ~1e-15°, far less than the box). A box across
/// the piece's boundary means the point is within 0.1 mm of the polygon's line: the whole
/// polygon, exact, decides, so a point on a published limit point or edge gets the same answer
/// as from GEOS on the whole polygon.
///
/// Owns one GEOS context and the prepared pieces it has met (kept for the next point in the same
/// cell, up to a bound). Not `Sendable`: make one per thread over shared tiled polygons.
public final class TiledPolygonLocator {
    private let context: GEOSContext
    private var prepared: [Int: PreparedGeometry] = [:]
    private var wholes: [Int: PreparedGeometry] = [:]
    /// Pieces kept prepared at most; past this the cache starts again (memory stays bounded).
    static let maxPreparedPieces = 4_000
    /// Half the side of the box that tells a point near a piece's boundary, degrees.
    static let nearBoundary = 1e-9

    /// - Throws: ``GeometryError`` when GEOS cannot make a context.
    public init() throws(GeometryError) {
        context = try GEOSContext()
    }

    /// True when the point lies in the polygon's interior or on its boundary (GEOS `covers`).
    @inline(__always)
    public func covers(_ polygon: TiledPolygon, longitude: Double, latitude: Double) throws(GeometryError) -> Bool {
        switch polygon.locate(longitude: longitude, latitude: latitude) {
        case .outside: false
        case .inside: true
        case .piece(let k, let exact):
            exact ? try piece(polygon, k).covers(longitude: longitude, latitude: latitude)
                  : try decide(polygon, k, longitude, latitude, boundaryCounts: true)
        }
    }

    /// True when the point lies in the polygon's interior, its boundary excluded (GEOS `contains`).
    @inline(__always)
    public func contains(_ polygon: TiledPolygon, longitude: Double, latitude: Double) throws(GeometryError) -> Bool {
        switch polygon.locate(longitude: longitude, latitude: latitude) {
        case .outside: false
        case .inside: true
        case .piece(let k, let exact):
            exact ? try piece(polygon, k).contains(longitude: longitude, latitude: latitude)
                  : try decide(polygon, k, longitude, latitude, boundaryCounts: false)
        }
    }

    private func decide(_ polygon: TiledPolygon, _ k: Int, _ x: Double, _ y: Double,
                        boundaryCounts: Bool) throws(GeometryError) -> Bool {
        let piece = try self.piece(polygon, k)
        let e = Self.nearBoundary
        // returns NULL on exception; owned by the GEOSGeometry below
        guard let rectangle = GEOSGeom_createRectangle_r(context.handle, x - e, y - e, x + e, y + e) else {
            throw context.takeError()
        }
        let box = GEOSGeometry(owning: rectangle, in: context)
        if try piece.containsProperly(box) { return true }
        if try !piece.intersects(box) { return false }
        let whole = try self.whole(polygon)
        return boundaryCounts ? try whole.covers(longitude: x, latitude: y) : try whole.contains(longitude: x, latitude: y)
    }

    private func piece(_ polygon: TiledPolygon, _ k: Int) throws(GeometryError) -> PreparedGeometry {
        let key = polygon.uid << 20 ^ k
        if let hit = prepared[key] { return hit }
        if prepared.count >= Self.maxPreparedPieces { prepared.removeAll(keepingCapacity: true) }
        let made = try PreparedGeometry(wkb: polygon.pieceBytes(k), in: context)
        prepared[key] = made
        return made
    }

    private func whole(_ polygon: TiledPolygon) throws(GeometryError) -> PreparedGeometry {
        if let hit = wholes[polygon.uid] { return hit }
        let made = try PreparedGeometry(wkb: polygon.wholeWKB, in: context)
        wholes[polygon.uid] = made
        return made
    }
}
