import Foundation
import ReferenceLayers
import Testing
@testable import IncidentMapper

/// Every layer file the tool ships: each geometry valid for GEOS, each feature with its
/// provenance, and the notes (`.md`) beside each layer folder.
struct ShippedLayersTests {
    static var shippedFiles: [URL] {
        ReferenceLayerFiles.firs
            + [ReferenceLayerFiles.land, ReferenceLayerFiles.internalWaters, ReferenceLayerFiles.maritime].compactMap { $0 }
    }

    @Test func theCoreLayersAreShipped() {
        #expect(ReferenceLayerFiles.firs.count >= 14)
        #expect(ReferenceLayerFiles.land != nil)
        #expect(ReferenceLayerFiles.internalWaters != nil)
    }

    @Test(arguments: shippedFiles)
    func everyGeometryIsValidAndExplained(file: URL) throws {
        let layer = file.deletingLastPathComponent().lastPathComponent
        let features = try GeoJSONReader.read(try Data(contentsOf: file)).features
        #expect(!features.isEmpty)
        for feature in features {
            let properties = try #require(feature.properties)
            let name = "\(file.lastPathComponent) \(properties["id"]?.stringValue ?? "?")"
            let geometry = try #require(feature.geometry, "\(name): no geometry")
            #expect(try geometry.validity() == .valid, "\(name)")
            #expect(!geometry.positions.isEmpty, "\(name): empty")
            for key in ["source", "method", "version"] {
                #expect(properties[key]?.stringValue?.isEmpty == false, "\(name): no \(key)")
            }
            let outside = geometry.positions.filter { !$0.isInWGS84Range }
            #expect(outside.isEmpty, "\(name): outside WGS84")
        }
        #expect(!ReferenceLayerCatalog.provenance(of: layer).isEmpty, "no provenance notes beside \(layer)")
    }
}
