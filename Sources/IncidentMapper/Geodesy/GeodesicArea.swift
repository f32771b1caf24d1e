import CPROJ

extension Geodesic {
    /// The area of a polygon or multipolygon on the ellipsoid, square metres: each ring's edges
    /// taken as geodesics (`geod_polygon_*`, Karney), holes subtracted. Other geometry types
    /// have no area (0).
    ///
    /// ```swift
    /// let km2 = Geodesic.wgs84.areaSquareMeters(of: zone) / 1e6
    /// ```
    public func areaSquareMeters(of geometry: Geometry) -> Double {
        switch geometry {
        case .polygon(let rings): polygonArea(rings)
        case .multiPolygon(let polygons): polygons.reduce(0) { $0 + polygonArea($1) }
        case .geometryCollection(let members): members.reduce(0) { $0 + areaSquareMeters(of: $1) }
        default: 0
        }
    }

    private func polygonArea(_ rings: [[Position]]) -> Double {
        guard let exterior = rings.first else { return 0 }
        return max(0, abs(ringArea(exterior)) - rings.dropFirst().reduce(0) { $0 + abs(ringArea($1)) })
    }

    /// Signed area of one ring (counter-clockwise positive), square metres.
    func ringArea(_ ring: [Position]) -> Double {
        var polygon = geod_polygon()
        geod_polygon_init(&polygon, 0)
        var area = 0.0, perimeter = 0.0
        withEllipsoid { g in
            // the closing position repeats the first: leave it out, the polygon closes itself
            for p in ring.dropLast(ring.count > 1 && ring.first == ring.last ? 1 : 0) {
                geod_polygon_addpoint(g, &polygon, p.latitude, p.longitude)   // latitude first
            }
            // reverse = 0, sign = 1: counter-clockwise positive, signed
            _ = geod_polygon_compute(g, &polygon, 0, 1, &area, &perimeter)
        }
        return area
    }
}
