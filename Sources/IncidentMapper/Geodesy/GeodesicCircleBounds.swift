import Foundation

/// The longitude/latitude boxes that hold every point within a geodesic distance of a centre
/// on WGS84: the pre-filter of a proximity search in an R-tree.
///
/// - Latitude: the points due north and south at that distance (the nearest point of a
///   parallel is always along the meridian), or a pole when the circle holds it (then every
///   longitude).
/// - Longitude: the widest reach east and west, found over all bearings (72 samples, then a
///   golden-section refinement of the widest), widened by a safety margin.
/// - Across the antimeridian the box is split in two, each within -180…180.
public enum GeodesicCircleBounds {
    /// The boxes (one or two) covering the circle of `radiusMeters` around `center`.
    public static func boxes(center: Position, radiusMeters: Double, geodesic: Geodesic = .wgs84) -> [Envelope] {
        let r = max(0, radiusMeters)
        let north = geodesic.distanceMeters(from: center, to: Position(longitude: center.longitude, latitude: 90))
        let south = geodesic.distanceMeters(from: center, to: Position(longitude: center.longitude, latitude: -90))
        let margin = 1e-7 + r * 1e-12
        if north <= r || south <= r || r >= 19_000_000 {
            // A pole inside: every longitude, from the far side's latitude to the pole.
            let maxLat = north <= r ? 90 : min(90, geodesic.destination(from: center, bearingDegrees: 0, distanceMeters: r).latitude + margin)
            let minLat = south <= r ? -90 : max(-90, geodesic.destination(from: center, bearingDegrees: 180, distanceMeters: r).latitude - margin)
            return [Envelope(minLongitude: -180, minLatitude: minLat, maxLongitude: 180, maxLatitude: maxLat)]
        }
        let maxLat = min(90, geodesic.destination(from: center, bearingDegrees: 0, distanceMeters: r).latitude + margin)
        let minLat = max(-90, geodesic.destination(from: center, bearingDegrees: 180, distanceMeters: r).latitude - margin)

        func eastReach(_ bearing: Double) -> Double {
            let p = geodesic.destination(from: center, bearingDegrees: bearing, distanceMeters: r)
            var d = p.longitude - center.longitude
            while d > 180 { d -= 360 }
            while d < -180 { d += 360 }
            return d
        }
        // The eastward reach as a function of the bearing peaks once in (0°, 180°).
        var best = (bearing: 90.0, reach: eastReach(90))
        for k in 1..<72 {
            let bearing = Double(k) * 2.5
            let reach = eastReach(bearing)
            if reach > best.reach { best = (bearing, reach) }
        }
        var a = max(0, best.bearing - 2.5), b = min(180, best.bearing + 2.5)
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<40 {
            let c = b - ratio * (b - a), d = a + ratio * (b - a)
            if eastReach(c) > eastReach(d) { b = d } else { a = c }
        }
        let halfWidth = max(best.reach, eastReach((a + b) / 2)) * (1 + 1e-9) + margin
        if halfWidth >= 180 {
            return [Envelope(minLongitude: -180, minLatitude: minLat, maxLongitude: 180, maxLatitude: maxLat)]
        }
        let west = center.longitude - halfWidth, east = center.longitude + halfWidth
        if west < -180 {
            return [Envelope(minLongitude: -180, minLatitude: minLat, maxLongitude: east, maxLatitude: maxLat),
                    Envelope(minLongitude: west + 360, minLatitude: minLat, maxLongitude: 180, maxLatitude: maxLat)]
        }
        if east > 180 {
            return [Envelope(minLongitude: west, minLatitude: minLat, maxLongitude: 180, maxLatitude: maxLat),
                    Envelope(minLongitude: -180, minLatitude: minLat, maxLongitude: east - 360, maxLatitude: maxLat)]
        }
        return [Envelope(minLongitude: west, minLatitude: minLat, maxLongitude: east, maxLatitude: maxLat)]
    }
}
