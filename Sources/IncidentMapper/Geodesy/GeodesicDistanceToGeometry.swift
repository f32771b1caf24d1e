import Foundation

extension Geodesic {
    /// The shortest geodesic distance from `p` to any part of `geometry`, in metres: to the
    /// nearest point of a track (anywhere along its geodesic legs, not only its vertices), to
    /// the nearest edge of a zone or 0 inside it (GEOS decides inside), to the nearest of a set
    /// of points. Nil for an empty geometry.
    /// - Throws: ``GeometryError`` when GEOS fails on a zone.
    public func distanceMeters(from p: Position, to geometry: Geometry) throws(GeometryError) -> Double? {
        func lines(_ line: [Position]) -> Double? {
            guard let first = line.first else { return nil }
            if line.count == 1 { return distanceMeters(from: p, to: first) }
            var best = Double.infinity
            for (a, b) in zip(line, line.dropFirst()) {
                best = min(best, a == b ? distanceMeters(from: p, to: a) : distance(from: p, toSegmentFrom: a, to: b).distanceMeters)
            }
            return best
        }
        func smallest(_ values: [Double?]) -> Double? { values.compactMap { $0 }.min() }
        switch geometry {
        case .point(let q):
            return distanceMeters(from: p, to: q)
        case .multiPoint(let qs):
            return smallest(qs.map { distanceMeters(from: p, to: $0) })
        case .lineString(let line):
            return lines(line)
        case .multiLineString(let ls):
            return smallest(ls.map(lines))
        case .polygon(let rings):
            guard !rings.isEmpty else { return nil }
            if try geometry.covers(.point(p)) { return 0 }
            return smallest(rings.map(lines))
        case .multiPolygon(let polygons):
            var values: [Double?] = []
            for rings in polygons { values.append(try distanceMeters(from: p, to: .polygon(rings))) }
            return smallest(values)
        case .geometryCollection(let members):
            var values: [Double?] = []
            for member in members { values.append(try distanceMeters(from: p, to: member)) }
            return smallest(values)
        }
    }
}
