import Foundation

/// The reference layers as files, each feature with its provenance properties, for listing
/// (`incidents zones`) and exporting (`export --layers`).
public enum ReferenceLayerCatalog {
    /// The layer names that can be exported.
    public static let layerNames = ["fir", "land", "maritime"]

    /// The features of one layer (`fir`, `land` or `maritime`: the derived zones and the internal
    /// waters) of `source` (the current layers by default).
    /// - Throws: ``ReferenceDataError`` for an unknown or missing layer.
    public static func features(of layer: String, from source: ReferenceLayerSource? = nil) throws -> [GeoJSONFeature] {
        let source = try source ?? ReferenceLayerSource.current()
        let urls: [URL]
        switch layer {
        case "fir": urls = source.firFiles
        case "land": urls = source.landFile.map { [$0] } ?? []
        case "maritime":
            // The derived zones, and the internal waters they leave out.
            guard let zones = source.maritimeFile else { urls = []; break }
            urls = [source.internalWatersFile, zones].compactMap { $0 }
        default: throw ReferenceDataError.missingLayer("\(layer) (layers: \(layerNames.joined(separator: ", ")))")
        }
        guard !urls.isEmpty else { throw ReferenceDataError.missingLayer(layer) }
        return try urls.flatMap { url in try GeoJSONReader.read(try Data(contentsOf: url)).features }
    }

    /// The features of `layers`, each with a `layer` property first (what `export --layers`
    /// writes beside the incidents).
    /// - Throws: ``ReferenceDataError`` for an unknown or missing layer.
    public static func taggedFeatures(of layers: [String], from source: ReferenceLayerSource? = nil) throws -> [GeoJSONFeature] {
        var tagged: [GeoJSONFeature] = []
        for name in layers {
            for var feature in try features(of: name, from: source) {
                var properties = JSONObject([("layer", JSONValue.string(name))])
                for member in feature.properties ?? JSONObject() where member.key != "layer" {
                    properties[member.key] = member.value
                }
                feature.properties = properties
                tagged.append(feature)
            }
        }
        return tagged
    }

    /// The provenance notes beside a layer (its `.md` files), by file name.
    public static func provenance(of layer: String, from source: ReferenceLayerSource? = nil) -> [(name: String, text: String)] {
        guard let source = try? source ?? ReferenceLayerSource.current() else { return [] }
        return source.provenanceFiles(layer).compactMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map { (url.lastPathComponent, $0) }
        }
    }
}
