import Foundation

/// The reference layers served as collections (`fir`, `land`, `maritime`), at full
/// resolution: the lines the tool's answers are computed against. Read once, kept as text.
struct ReferenceCollections: Sendable {
    static let names = ReferenceLayerCatalog.layerNames

    struct Layer: Sendable {
        var title: String
        var description: String
        var version: String
        var extent: Envelope
        /// Each feature's id, envelope and GeoJSON text, in the layer's order.
        var features: [(id: String, envelope: Envelope?, text: String)]
        /// The geometries, by id (for the exact bbox test).
        var geometries: [String: Geometry]

        /// True when the feature meets `box` (none: every feature does): envelopes first, then
        /// GEOS `intersects` in lon/lat.
        func meets(_ feature: (id: String, envelope: Envelope?, text: String), _ box: Envelope?) throws -> Bool {
            guard let box else { return true }
            guard let e = feature.envelope, e.meets(box), let geometry = geometries[feature.id] else { return false }
            return try geometry.intersects(box.polygon)
        }
    }

    private let byName: [String: Layer]

    init() throws {
        var byName: [String: Layer] = [:]
        let titles = ["fir": ("Flight information regions", "The FIRs of the theatre (where a state provides air traffic services; not its airspace), with source, method and accuracy."),
                      "land": ("Land", "Land by state: GSHHG 2.3.7 coast cut by DCW borders, with source and method."),
                      "maritime": ("Maritime zones (derived)", "Territorial seas (12 nm), contiguous zones (24 nm) and EEZs (200 nm) derived from the coast by geodesic distance and median lines (not treaty lines), and Venezuela's internal waters.")]
        for name in Self.names {
            var features: [(id: String, envelope: Envelope?, text: String)] = []
            var geometries: [String: Geometry] = [:]
            var version = "unknown"
            var west = 180.0, south = 90.0, east = -180.0, north = -90.0
            for (index, var feature) in try ReferenceLayerCatalog.features(of: name).enumerated() {
                let id = feature.properties?["id"]?.stringValue ?? "\(name)-\(index + 1)"
                feature.id = .string(id)
                version = feature.properties?["version"]?.stringValue ?? version
                let envelope = feature.geometry?.envelope
                geometries[id] = feature.geometry
                if let e = envelope {
                    west = min(west, e.minLongitude); south = min(south, e.minLatitude)
                    east = max(east, e.maxLongitude); north = max(north, e.maxLatitude)
                }
                let value = GeoJSONWriter.featureValue(feature, decimals: try IncidentExporter.safeDecimals(for: feature.geometry))
                features.append((id, envelope, JSONWriter(pretty: false).string(value)))
            }
            let (title, description) = titles[name] ?? (name, name)
            byName[name] = Layer(title: title, description: description, version: version,
                                 extent: Envelope(minLongitude: west, minLatitude: south, maxLongitude: east, maxLatitude: north),
                                 features: features, geometries: geometries)
        }
        self.byName = byName
    }

    func layer(_ name: String) -> Layer? { byName[name] }
}
