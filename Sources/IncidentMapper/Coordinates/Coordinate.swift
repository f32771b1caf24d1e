/// A latitude/longitude pair read from text, in decimal degrees (latitude first, as people write).
public struct Coordinate: Hashable, Sendable {
    /// Latitude in degrees, north positive, in [-90, 90].
    public var latitude: Double
    /// Longitude in degrees, east positive, in [-180, 180].
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// The same place as a geometry position (longitude first).
    public var position: Position { Position(longitude: longitude, latitude: latitude) }
}
