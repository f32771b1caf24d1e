import Foundation

/// The longitude/latitude boxes that hold every point within a geodesic distance of a centre
/// on WGS84: the pre-filter of a proximity search in an R-tree.
///
/// - Latitude: the points due north and south at that distance (the nearest point of a
///   parallel is always along the meridian), or a pole when the circle holds it (then every
///   longitude).
/// - Longitude: the widest reach east and west, found over all bearings (24 samples, then a
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
        // The eastward reach as a function of the bearing peaks once in (0°, 180°): sampled
        // every 7.5°, then a golden-section search around the widest sample, one new reach per
        // step, to 1e-4° of bearing (the reach is flat at its peak: the rest is far below the
        // margin). A proximity search computes these boxes for every query.
        var best = (bearing: 90.0, reach: eastReach(90))
        for k in 1..<24 {
            let bearing = Double(k) * 7.5
            let reach = eastReach(bearing)
            if reach > best.reach { best = (bearing, reach) }
        }
        var a = max(0, best.bearing - 7.5), b = min(180, best.bearing + 7.5)
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = eastReach(c), fd = eastReach(d)
        while b - a > 1e-4 {
            if fc > fd {
                b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = eastReach(c)
            } else {
                a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = eastReach(d)
            }
        }
        let halfWidth = max(best.reach, fc, fd, eastReach((a + b) / 2)) * (1 + 1e-9) + margin
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
