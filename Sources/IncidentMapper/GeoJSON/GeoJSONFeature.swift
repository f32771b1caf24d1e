/// A GeoJSON Feature (RFC 7946 §3.2): a geometry (or none) with properties.
///
/// Foreign members of the Feature object are not kept.
public struct GeoJSONFeature: Hashable, Sendable {
    /// The identifier: `.string` or `.number`, or nil when the Feature has none.
    public var id: JSONValue?
    /// The geometry; nil for `"geometry": null` (an unlocated feature).
    public var geometry: Geometry?
    /// The properties, in document order; nil for `"properties": null`.
    public var properties: JSONObject?
    /// The bounding box `[west, south, (low,) east, north, (high)]`, when given.
    public var bbox: [Double]?

    public init(id: JSONValue? = nil, geometry: Geometry?, properties: JSONObject? = [:], bbox: [Double]? = nil) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.bbox = bbox
    }
}

/// A whole GeoJSON text: a bare geometry, one Feature, or a FeatureCollection.
public enum GeoJSONDocument: Hashable, Sendable {
    case geometry(Geometry)
    case feature(GeoJSONFeature)
    case featureCollection([GeoJSONFeature])

    /// The root `type`: a geometry type name, `Feature` or `FeatureCollection`.
    public var typeName: String {
        switch self {
        case .geometry(let g): g.typeName
        case .feature: "Feature"
        case .featureCollection: "FeatureCollection"
        }
    }

    /// The features of the document: the collection's, the single feature, or the bare geometry as a
    /// feature with no properties.
    public var features: [GeoJSONFeature] {
        switch self {
        case .geometry(let g): [GeoJSONFeature(geometry: g, properties: nil)]
        case .feature(let f): [f]
        case .featureCollection(let fs): fs
        }
    }
}
