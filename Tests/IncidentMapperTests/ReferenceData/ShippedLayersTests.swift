import Foundation
import Testing
@testable import IncidentMapper

/// Every layer file the tool ships: each geometry valid for GEOS, each feature with its
/// provenance, and the notes (`.md`) beside each layer folder.
struct ShippedLayersTests {
    static let source = try! ReferenceLayerSource.shipped()

    static var shippedFiles: [URL] {
        source.firFiles + [source.landFile, source.internalWatersFile, source.maritimeFile].compactMap { $0 }
    }

    @Test func theCoreLayersAreShipped() {
        #expect(Self.source.firFiles.count >= 14)
        #expect(Self.source.landFile != nil)
        #expect(Self.source.internalWatersFile != nil)
        #expect(Self.source.coverageFile != nil)
        #expect(Self.source.caveatsFile != nil)
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

    /// The land layer reaches the land frame of `coverage.json` where the frame cuts through land
    /// (the USA at 39°N, South America at 24°S, Brazil at 35°W): land data built for another
    /// frame would make the tool think coasts are known where they are not.
    @Test func theLandLayerReachesTheFrameItIsDeclaredFor() throws {
        let coverage = try Coverage.read(from: #require(Self.source.coverageFile))
        let land = try LandLayer.load(from: #require(Self.source.landFile))
        let extent = try #require(Envelope(land.areas.flatMap(\.geometry.positions)))
        let frame = coverage.landFrame
        #expect(extent.maxLatitude == frame.north && extent.minLatitude == frame.south && extent.maxLongitude == frame.east,
                "land extent \(extent), frame \(frame)")
        #expect(extent.minLongitude >= frame.west)
    }
}
