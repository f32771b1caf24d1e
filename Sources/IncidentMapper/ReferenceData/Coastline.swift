import Foundation

/// The coastlines of a land layer: every state's polygon edges except those it shares with a
/// neighbour (land borders) and those on the layer's clip frame (where the source was cut to the
/// region). Both are edges of the land polygons but not coast: a distance "to the coast" is never
/// measured to a border river inland or to the edge of the data.
public enum Coastline {
    /// The coast segments of `land`, each tagged with the index of its area in `land`.
    public static func segments(of land: [LandArea]) -> [GeodesicSegmentIndex.Segment] {
        struct VertexKey: Hashable { var lon: UInt64, lat: UInt64 }
        struct EdgeKey: Hashable { var a: VertexKey, b: VertexKey }
        func key(_ p: Position) -> VertexKey { VertexKey(lon: p.longitude.bitPattern, lat: p.latitude.bitPattern) }
        func edge(_ p: Position, _ q: Position) -> EdgeKey {
            let a = key(p), b = key(q)
            return (a.lon, a.lat) < (b.lon, b.lat) ? EdgeKey(a: a, b: b) : EdgeKey(a: b, b: a)
        }

        // Which areas use each edge, and the layer's extent (its clip frame).
        var owners: [EdgeKey: Int] = [:]          // first owner, or -1 once a second area uses it
        owners.reserveCapacity(land.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } })
        var west = Double.infinity, east = -Double.infinity, south = Double.infinity, north = -Double.infinity
        for (i, area) in land.enumerated() {
            for ring in area.rings {
                for (p, q) in zip(ring, ring.dropFirst()) where p != q {
                    let k = edge(p, q)
                    if let owner = owners[k] { if owner != i { owners[k] = -1 } } else { owners[k] = i }
                }
                for p in ring {
                    west = min(west, p.longitude); east = max(east, p.longitude)
                    south = min(south, p.latitude); north = max(north, p.latitude)
                }
            }
        }
        func onFrame(_ p: Position, _ q: Position) -> Bool {
            (p.longitude == west && q.longitude == west) || (p.longitude == east && q.longitude == east)
                || (p.latitude == south && q.latitude == south) || (p.latitude == north && q.latitude == north)
        }

        var coast: [GeodesicSegmentIndex.Segment] = []
        for (i, area) in land.enumerated() {
            for ring in area.rings {
                for (p, q) in zip(ring, ring.dropFirst()) where p != q && owners[edge(p, q)] == i && !onFrame(p, q) {
                    coast.append(GeodesicSegmentIndex.Segment(start: p, end: q, tag: Int32(i)))
                }
            }
        }
        return coast
    }
}
