import Foundation

extension Geodesic {
    /// The shortest geodesic distance from `p` to any part of `geometry`, in metres: to the
    /// nearest point of a track (anywhere along its geodesic legs, not only its vertices), to
    /// the nearest edge of a zone or 0 inside it (GEOS decides inside), to the nearest of a set
    /// of points. Nil for an empty geometry.
    /// - Throws: ``GeometryError`` when GEOS fails on a zone.
    public func distanceMeters(from p: Position, to geometry: Geometry) throws(GeometryError) -> Double? {
        try distanceMeters(from: p, to: geometry, within: .infinity)
    }

    /// ``distanceMeters(from:to:)`` when only distances up to `limit` matter: exact when the
    /// geometry is within `limit`, otherwise some value above `limit` (a lower bound of the
    /// distance). Straight-line (chord) bounds decide, without a geodesic, which points and legs
    /// could be within `limit` and nearest (see ``EarthCentredPoint``); only those are measured.
    /// - Throws: ``GeometryError`` when GEOS fails on a zone.
    public func distanceMeters(from p: Position, to geometry: Geometry, within limit: Double) throws(GeometryError) -> Double? {
        let here = EarthCentredPoint(p)
        func point(_ q: Position, below bar: Double) -> Double {
            let chord = (EarthCentredPoint(q) - here).lengthSquared.squareRoot()
            return chord > bar ? chord : distanceMeters(from: p, to: q)
        }
        func lines(_ line: [Position]) -> Double? {
            guard let first = line.first else { return nil }
            if line.count == 1 { return point(first, below: limit) }
            // Each leg's chord bound first; then exact distances, nearest bound first, while a
            // bound could still beat the best found (and the limit).
            let ends = line.map(EarthCentredPoint.init)
            var legs: [(bound: Double, index: Int)] = []
            legs.reserveCapacity(line.count - 1)
            for i in 0..<(line.count - 1) {
                legs.append((ChordCapsule.lowerBound(from: here, start: ends[i], end: ends[i + 1]), i))
            }
            legs.sort { $0.bound < $1.bound }
            var best = Double.infinity
            for leg in legs {
                if leg.bound > min(best, limit) { break }
                let a = line[leg.index], b = line[leg.index + 1]
                best = min(best, a == b ? distanceMeters(from: p, to: a) : distance(from: p, toSegmentFrom: a, to: b).distanceMeters)
            }
            return best.isFinite ? best : max(legs.first?.bound ?? 0, limit.nextUp)
        }
        func smallest(_ values: [Double?]) -> Double? { values.compactMap { $0 }.min() }
        switch geometry {
        case .point(let q):
            return point(q, below: limit)
        case .multiPoint(let qs):
            return smallest(qs.map { point($0, below: limit) })
        case .lineString(let line):
            return lines(line)
        case .multiLineString(let ls):
            return smallest(ls.map(lines))
        case .polygon(let rings):
            guard !rings.isEmpty else { return nil }
            if let box = geometry.envelope, box.contains(longitude: p.longitude, latitude: p.latitude), try geometry.covers(.point(p)) { return 0 }
            return smallest(rings.map(lines))
        case .multiPolygon(let polygons):
            var values: [Double?] = []
            for rings in polygons { values.append(try distanceMeters(from: p, to: .polygon(rings), within: limit)) }
            return smallest(values)
        case .geometryCollection(let members):
            var values: [Double?] = []
            for member in members { values.append(try distanceMeters(from: p, to: member, within: limit)) }
            return smallest(values)
        }
    }
}
