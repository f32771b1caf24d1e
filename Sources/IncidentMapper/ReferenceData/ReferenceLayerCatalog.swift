import Foundation
import ReferenceLayers

/// The reference layers shipped with the tool, each feature with its provenance properties,
/// for listing (`incidents zones`) and exporting (`export --layers`).
public enum ReferenceLayerCatalog {
    /// The layer names that can be exported.
    public static let layerNames = ["fir", "land", "maritime"]

    /// The features of one layer (`fir`, `land` or `maritime`: the derived zones and the internal
    /// waters), as shipped.
    /// - Throws: ``ReferenceDataError`` for an unknown or missing layer.
    public static func features(of layer: String) throws -> [GeoJSONFeature] {
        let urls: [URL]
        switch layer {
        case "fir": urls = ReferenceLayerFiles.firs
        case "land": urls = ReferenceLayerFiles.land.map { [$0] } ?? []
        case "maritime":
            // The derived zones, and the internal waters they leave out.
            guard let zones = ReferenceLayerFiles.maritime else { urls = []; break }
            urls = [ReferenceLayerFiles.internalWaters, zones].compactMap { $0 }
        default: throw ReferenceDataError.missingLayer("\(layer) (layers: \(layerNames.joined(separator: ", ")))")
        }
        guard !urls.isEmpty else { throw ReferenceDataError.missingLayer(layer) }
        return try urls.flatMap { url in try GeoJSONReader.read(try Data(contentsOf: url)).features }
    }

    /// The provenance notes shipped beside a layer (its `.md` files), by file name.
    public static func provenance(of layer: String) -> [(name: String, text: String)] {
        ReferenceLayerFiles.provenance(layer).compactMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map { (url.lastPathComponent, $0) }
        }
    }
}
