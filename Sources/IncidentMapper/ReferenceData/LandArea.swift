import Foundation

/// The land of one state or territory: its coastline is where its sea zones are measured from.
public struct LandArea: Hashable, Sendable {
    /// ISO 3166-1 alpha-3 code, e.g. `VEN`, `TTO`, `CUW`.
    public var state: String
    /// Name, e.g. `Venezuela`.
    public var name: String
    /// The land, WGS84 lon/lat (usually a MultiPolygon: mainland and islands).
    public var geometry: Geometry

    public init(state: String, name: String, geometry: Geometry) {
        self.state = state
        self.name = name
        self.geometry = geometry
    }

    /// Every ring of the land's polygons: the coastline (and lake shores, for holes).
    public var rings: [[Position]] {
        switch geometry {
        case .polygon(let rings): rings
        case .multiPolygon(let polygons): polygons.flatMap { $0 }
        default: []
        }
    }
}

/// The shipped land layer with its version.
public struct LandLayer: Sendable {
    public var areas: [LandArea]
    public var version: String

    /// Reads a layer of areas: a FeatureCollection, each Feature with a geometry and an `id`
    /// (ISO 3166-1 alpha-3), optionally `name` and `version`.
    /// - Throws: ``ReferenceDataError`` when it is malformed.
    public static func load(from url: URL) throws -> LandLayer {
        guard case .featureCollection(let features) = try GeoJSONReader.read(try Data(contentsOf: url)) else {
            throw ReferenceDataError.malformedLayer("land", "expected a FeatureCollection")
        }
        var version = "unknown"
        let areas = try features.map { feature -> LandArea in
            guard let geometry = feature.geometry, let p = feature.properties,
                  let state = p["id"]?.stringValue else {
                throw ReferenceDataError.malformedLayer("land", "every feature needs a geometry and an id")
            }
            version = p["version"]?.stringValue ?? version
            return LandArea(state: state, name: p["name"]?.stringValue ?? state, geometry: geometry)
        }
        return LandLayer(areas: areas, version: version)
    }
}

