/// A position in WGS84: longitude and latitude in decimal degrees, optionally an altitude in metres.
///
/// Geometry and GeoJSON order coordinates (longitude, latitude); people type latitude first, and the
/// coordinate parser (``CoordinateParser``) returns a ``Coordinate`` that says which is which.
///
/// ```swift
/// let caracas = Position(longitude: -66.9036, latitude: 10.4806)
/// ```
public struct Position: Hashable, Sendable {
    /// Longitude in degrees, east positive.
    public var longitude: Double
    /// Latitude in degrees, north positive.
    public var latitude: Double
    /// Altitude in metres, when the source gave one (GeoJSON's third value).
    public var altitude: Double?

    public init(longitude: Double, latitude: Double, altitude: Double? = nil) {
        self.longitude = longitude
        self.latitude = latitude
        self.altitude = altitude
    }

    /// True when longitude is in [-180, 180] and latitude in [-90, 90] and both are finite.
    public var isInWGS84Range: Bool {
        longitude.isFinite && latitude.isFinite
            && (-180...180).contains(longitude) && (-90...90).contains(latitude)
    }
}
