/// A geometry in WGS84 longitude/latitude, as a plain Swift value (no C inside).
///
/// The cases mirror the OGC simple features and GeoJSON geometry types. Polygons are lists of
/// rings, exterior first; each ring is closed (first position equals the last).
/// Predicates, validity and overlays go through GEOS (see ``GEOSGeometry``).
///
/// ```swift
/// let track = Geometry.lineString([
///     Position(longitude: -66.5, latitude: 11.5), Position(longitude: -66.2, latitude: 11.9),
/// ])
/// ```
public indirect enum Geometry: Hashable, Sendable {
    case point(Position)
    case multiPoint([Position])
    case lineString([Position])
    case multiLineString([[Position]])
    case polygon([[Position]])
    case multiPolygon([[[Position]]])
    case geometryCollection([Geometry])

    /// The OGC / GeoJSON type name: `Point`, `LineString`, `Polygon`, ...
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .multiPoint: "MultiPoint"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// Every position of the geometry, in order.
    public var positions: [Position] {
        switch self {
        case .point(let p): [p]
        case .multiPoint(let ps), .lineString(let ps): ps
        case .multiLineString(let lines), .polygon(let lines): lines.flatMap { $0 }
        case .multiPolygon(let polygons): polygons.flatMap { $0.flatMap { $0 } }
        case .geometryCollection(let members): members.flatMap(\.positions)
        }
    }

    /// True when the geometry has no positions at all.
    public var isEmpty: Bool { positions.isEmpty }

    /// True when any position carries an altitude.
    public var hasAltitude: Bool { positions.contains { $0.altitude != nil } }

    /// The bounding box in degrees, or nil for an empty geometry.
    public var envelope: Envelope? { Envelope(positions) }

    /// The same geometry with every position transformed.
    public func mapPositions(_ transform: (Position) -> Position) -> Geometry {
        switch self {
        case .point(let p): .point(transform(p))
        case .multiPoint(let ps): .multiPoint(ps.map(transform))
        case .lineString(let ps): .lineString(ps.map(transform))
        case .multiLineString(let lines): .multiLineString(lines.map { $0.map(transform) })
        case .polygon(let rings): .polygon(rings.map { $0.map(transform) })
        case .multiPolygon(let polys): .multiPolygon(polys.map { $0.map { $0.map(transform) } })
        case .geometryCollection(let members): .geometryCollection(members.map { $0.mapPositions(transform) })
        }
    }
}

/// An axis-aligned bounding box in degrees.
public struct Envelope: Hashable, Sendable {
    public var minLongitude: Double
    public var minLatitude: Double
    public var maxLongitude: Double
    public var maxLatitude: Double

    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) {
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    /// The box around the positions, or nil when there are none.
    public init?(_ positions: [Position]) {
        guard let first = positions.first else { return nil }
        var box = Envelope(minLongitude: first.longitude, minLatitude: first.latitude,
                           maxLongitude: first.longitude, maxLatitude: first.latitude)
        for p in positions.dropFirst() {
            box.minLongitude = min(box.minLongitude, p.longitude)
            box.maxLongitude = max(box.maxLongitude, p.longitude)
            box.minLatitude = min(box.minLatitude, p.latitude)
            box.maxLatitude = max(box.maxLatitude, p.latitude)
        }
        self = box
    }

    /// True when the position lies inside or on the box.
    @inlinable
    public func contains(longitude: Double, latitude: Double) -> Bool {
        longitude >= minLongitude && longitude <= maxLongitude
            && latitude >= minLatitude && latitude <= maxLatitude
    }

    /// True when the two boxes share a point (edges included).
    public func meets(_ other: Envelope) -> Bool {
        maxLongitude >= other.minLongitude && minLongitude <= other.maxLongitude
            && maxLatitude >= other.minLatitude && minLatitude <= other.maxLatitude
    }

    /// True when `other` lies wholly inside or on this box.
    public func contains(_ other: Envelope) -> Bool {
        other.minLongitude >= minLongitude && other.maxLongitude <= maxLongitude
            && other.minLatitude >= minLatitude && other.maxLatitude <= maxLatitude
    }

    /// The box as a polygon in lon/lat (counter-clockwise), for GEOS predicates.
    public var polygon: Geometry {
        .polygon([[
            Position(longitude: minLongitude, latitude: minLatitude), Position(longitude: maxLongitude, latitude: minLatitude),
            Position(longitude: maxLongitude, latitude: maxLatitude), Position(longitude: minLongitude, latitude: maxLatitude),
            Position(longitude: minLongitude, latitude: minLatitude),
        ]])
    }
}

extension Geometry {
    /// The rings of a polygon or multipolygon (empty for other types).
    static func rings(of geometry: Geometry) -> [[Position]] {
        switch geometry {
        case .polygon(let rings): rings
        case .multiPolygon(let polygons): polygons.flatMap { $0 }
        case .geometryCollection(let members): members.flatMap { rings(of: $0) }
        default: []
        }
    }
}
