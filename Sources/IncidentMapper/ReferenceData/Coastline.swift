import Foundation

/// The coastlines of a land layer: every state's polygon edges except those that lie on a
/// neighbour's outline (land borders) and those on the layer's clip frame (where the source was
/// cut to the region). Both are edges of the land polygons but not coast: a distance "to the
/// coast" is never measured to a border river inland or to the edge of the data.
public enum Coastline {
    /// How far (degrees) a point may be from a neighbour's edge and still be on it (~3 m): the
    /// overlay that cut GSHHG land by DCW countries left the two sides of some borders up to
    /// ~2 m apart. Real coasts of two states are never that close except at a border.
    static let onEdgeTolerance = 3e-5

    /// The edges of `land`, each tagged with the index of its area in `land`, sorted into coast
    /// and land borders; edges on the layer's clip frame (`frame`, or the layer's extent when
    /// none is given) are neither.
    ///
    /// An edge is a land border when its midpoint lies on an edge of another state, or inside
    /// another state's land (a sliver where the two overlap): the two
    /// sides of a border need not share their vertices, and where the overlay left them metres
    /// apart at one end (DCW borders meeting GSHHG coasts) the middle still tells. An edge is on
    /// the clip frame when both ends lie on the same side of the frame.
    public static func edges(of land: [LandArea], frame: Coverage.Box? = nil)
        -> (coast: [GeodesicSegmentIndex.Segment], borders: [GeodesicSegmentIndex.Segment]) {
        var edges: [GeodesicSegmentIndex.Segment] = []
        for (i, area) in land.enumerated() {
            for ring in area.rings {
                for (p, q) in zip(ring, ring.dropFirst()) where p != q {
                    edges.append(GeodesicSegmentIndex.Segment(start: p, end: q, tag: Int32(i)))
                }
            }
        }
        guard !edges.isEmpty else { return ([], []) }
        let west = frame?.west ?? edges.lazy.map { min($0.start.longitude, $0.end.longitude) }.min()!
        let east = frame?.east ?? edges.lazy.map { max($0.start.longitude, $0.end.longitude) }.max()!
        let south = frame?.south ?? edges.lazy.map { min($0.start.latitude, $0.end.latitude) }.min()!
        let north = frame?.north ?? edges.lazy.map { max($0.start.latitude, $0.end.latitude) }.max()!
        func onFrame(_ p: Position, _ q: Position) -> Bool {
            (p.longitude == west && q.longitude == west) || (p.longitude == east && q.longitude == east)
                || (p.latitude == south && q.latitude == south) || (p.latitude == north && q.latitude == north)
        }
        let grid = EdgeGrid(edges)
        // Where two states' land overlaps by a sliver (the overlay of GSHHG and DCW leaves a
        // few), one state's edge runs inside the other's land: a border too.
        let prepared = land.map { try? PreparedGeometry($0.geometry) }
        let boxes = land.map(\.geometry.envelope)
        func insideAnotherState(_ p: Position, tag: Int32) -> Bool {
            for (k, box) in boxes.enumerated() where k != Int(tag) {
                guard let box, box.contains(longitude: p.longitude, latitude: p.latitude) else { continue }
                if (try? prepared[k]?.covers(longitude: p.longitude, latitude: p.latitude)) == true { return true }
            }
            return false
        }
        var coast: [GeodesicSegmentIndex.Segment] = [], borders: [GeodesicSegmentIndex.Segment] = []
        for e in edges where !onFrame(e.start, e.end) {
            let middle = Position(longitude: (e.start.longitude + e.end.longitude) / 2,
                                  latitude: (e.start.latitude + e.end.latitude) / 2)
            if grid.touchesAnotherState(middle, tag: e.tag) || insideAnotherState(middle, tag: e.tag) {
                borders.append(e)
            } else {
                coast.append(e)
            }
        }
        return (coast, borders)
    }

    /// The coast segments of `land` (see ``edges(of:frame:)``).
    public static func segments(of land: [LandArea], frame: Coverage.Box? = nil) -> [GeodesicSegmentIndex.Segment] {
        edges(of: land, frame: frame).coast
    }
}

/// The edges of a land layer in a uniform lon/lat grid, to find which edges pass through a point.
private struct EdgeGrid {
    private let edges: [GeodesicSegmentIndex.Segment]
    private var cells: [Int: [Int32]] = [:]
    private static let cellDegrees = 0.05

    init(_ edges: [GeodesicSegmentIndex.Segment]) {
        self.edges = edges
        let t = Coastline.onEdgeTolerance
        for (k, e) in edges.enumerated() {
            let (x0, x1) = (Self.cell(min(e.start.longitude, e.end.longitude) - t), Self.cell(max(e.start.longitude, e.end.longitude) + t))
            let (y0, y1) = (Self.cell(min(e.start.latitude, e.end.latitude) - t), Self.cell(max(e.start.latitude, e.end.latitude) + t))
            for x in x0...x1 {
                for y in y0...y1 { cells[Self.key(x, y), default: []].append(Int32(k)) }
            }
        }
    }

    /// True when `p` lies (within the tolerance) on an edge of another area than `tag`.
    func touchesAnotherState(_ p: Position, tag: Int32) -> Bool {
        guard let candidates = cells[Self.key(Self.cell(p.longitude), Self.cell(p.latitude))] else { return false }
        let t2 = Coastline.onEdgeTolerance * Coastline.onEdgeTolerance
        return candidates.contains { k in
            let e = edges[Int(k)]
            return e.tag != tag && Self.squaredPlanarOffset(p, e.start, e.end) <= t2
        }
    }

    /// Squared offset (degrees²) of `p` from the straight segment a–b in lon/lat: a coincidence
    /// test for vertices an overlay put on a line, never a distance the tool reports.
    private static func squaredPlanarOffset(_ p: Position, _ a: Position, _ b: Position) -> Double {
        let dx = b.longitude - a.longitude, dy = b.latitude - a.latitude
        let len2 = dx * dx + dy * dy
        let t = len2 > 0 ? min(1, max(0, ((p.longitude - a.longitude) * dx + (p.latitude - a.latitude) * dy) / len2)) : 0
        let ox = p.longitude - (a.longitude + t * dx), oy = p.latitude - (a.latitude + t * dy)
        return ox * ox + oy * oy
    }

    private static func cell(_ degrees: Double) -> Int { Int((degrees / cellDegrees).rounded(.down)) }
    private static func key(_ x: Int, _ y: Int) -> Int { x &* 1_000_003 &+ y }
}
