import CPROJ

/// Geodesics on the WGS84 ellipsoid, computed by PROJ's implementation of Karney's algorithms
/// (`geod_inverse`, `geod_direct`): accurate to nanometres, never haversine, never planar degrees.
///
/// ```swift
/// let leg = Geodesic.wgs84.inverse(from: caracas, to: portOfSpain)
/// print(DistanceUnit.nauticalMiles.fromMeters(leg.distanceMeters))
/// ```
public struct Geodesic: Sendable {
    /// The solution of an inverse problem: how far, and in which direction.
    public struct Inverse: Hashable, Sendable {
        /// Geodesic distance in metres.
        public var distanceMeters: Double
        /// Initial bearing at the start, degrees clockwise from true north, in [0, 360).
        public var initialBearingDegrees: Double
        /// Bearing on arrival at the end, degrees clockwise from true north, in [0, 360).
        public var finalBearingDegrees: Double
    }

    private let ellipsoid: geod_geodesic

    /// The WGS84 ellipsoid: a = 6378137 m, f = 1/298.257223563.
    public static let wgs84 = Geodesic(equatorialRadiusMeters: 6_378_137, flattening: 1 / 298.257223563)

    /// A geodesic calculator for any ellipsoid.
    public init(equatorialRadiusMeters: Double, flattening: Double) {
        var ellipsoid = geod_geodesic()
        geod_init(&ellipsoid, equatorialRadiusMeters, flattening)
        self.ellipsoid = ellipsoid
    }

    /// Distance and bearings from one position to another (altitudes ignored).
    public func inverse(from start: Position, to end: Position) -> Inverse {
        var distance = 0.0, azimuth1 = 0.0, azimuth2 = 0.0
        withUnsafePointer(to: ellipsoid) { g in
            // latitude first: geod_inverse(g, lat1, lon1, lat2, lon2, &s12, &azi1, &azi2)
            geod_inverse(g, start.latitude, start.longitude, end.latitude, end.longitude,
                         &distance, &azimuth1, &azimuth2)
        }
        return Inverse(distanceMeters: distance,
                       initialBearingDegrees: Self.normalizedBearing(azimuth1),
                       finalBearingDegrees: Self.normalizedBearing(azimuth2))
    }

    /// Geodesic distance in metres between two positions.
    public func distanceMeters(from start: Position, to end: Position) -> Double {
        inverse(from: start, to: end).distanceMeters
    }

    /// The position reached by travelling `distanceMeters` from `start` on the initial bearing
    /// `bearingDegrees` (clockwise from true north).
    public func destination(from start: Position, bearingDegrees: Double, distanceMeters: Double) -> Position {
        var latitude = 0.0, longitude = 0.0, azimuth2 = 0.0
        withUnsafePointer(to: ellipsoid) { g in
            geod_direct(g, start.latitude, start.longitude, bearingDegrees, distanceMeters,
                        &latitude, &longitude, &azimuth2)
        }
        return Position(longitude: longitude, latitude: latitude)
    }

    /// Like ``destination(from:bearingDegrees:distanceMeters:)``, also giving the bearing of the
    /// geodesic on arrival (degrees clockwise from north, not normalized).
    public func travel(from start: Position, bearingDegrees: Double, distanceMeters: Double)
        -> (position: Position, bearingDegrees: Double) {
        var latitude = 0.0, longitude = 0.0, azimuth2 = 0.0
        withUnsafePointer(to: ellipsoid) { g in
            geod_direct(g, start.latitude, start.longitude, bearingDegrees, distanceMeters,
                        &latitude, &longitude, &azimuth2)
        }
        return (Position(longitude: longitude, latitude: latitude), azimuth2)
    }

    /// Positions along the geodesic from `start` to `end`, at most `maxSpacingMeters` apart,
    /// `start` and `end` included. For densifying great-circle edges before planar tests.
    public func densify(from start: Position, to end: Position, maxSpacingMeters: Double) -> [Position] {
        let leg = inverse(from: start, to: end)
        let segments = max(1, Int((leg.distanceMeters / maxSpacingMeters).rounded(.up)))
        var positions = [start]
        for i in 1..<segments {
            positions.append(destination(from: start, bearingDegrees: leg.initialBearingDegrees,
                                         distanceMeters: leg.distanceMeters * Double(i) / Double(segments)))
        }
        positions.append(end)
        return positions
    }

    /// Runs `body` with PROJ's ellipsoid parameters.
    func withEllipsoid<T>(_ body: (UnsafePointer<geod_geodesic>) -> T) -> T {
        withUnsafePointer(to: ellipsoid, body)
    }

    private static func normalizedBearing(_ degrees: Double) -> Double {
        let b = degrees.truncatingRemainder(dividingBy: 360)
        return b < 0 ? b + 360 : b
    }
}
