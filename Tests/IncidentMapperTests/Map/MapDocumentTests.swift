import Foundation
import Testing
@testable import IncidentMapper

/// `incidents map`: one HTML file that needs nothing from the network, whose data blocks hold
/// exactly the filtered incidents and the simplified layers. (What a browser draws from it is
/// checked by Tests/browser/map_check.py in headless Chromium.)
struct MapDocumentTests {
    /// The text of the `<script ...id="ID">` element.
    static func scriptBlock(_ html: String, id: String) throws -> String {
        let open = try #require(html.range(of: "id=\"\(id)\">\n"))
        let close = try #require(html.range(of: "</script>", range: open.upperBound..<html.endIndex))
        return String(html[open.upperBound..<close.lowerBound])
    }

    /// `html` with the bodies of these elements left out (what is markup, not script or style).
    static func withoutElementBodies(_ html: String, tags: [String]) -> String {
        var out = "", rest = Substring(html)
        while let open = tags.compactMap({ rest.range(of: "<\($0)") }).min(by: { $0.lowerBound < $1.lowerBound }) {
            let tag = rest[open].dropFirst()
            out += rest[..<open.lowerBound]
            guard let close = rest.range(of: "</\(tag)>", range: open.upperBound..<rest.endIndex) else { return out }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    static func page(filter: IncidentFilter = IncidentFilter()) throws -> (html: String, count: Int) {
        let store = try FilterAndStatisticsTests.store(.geoPackage)
        // A title that would end the data's script element if it were copied raw.
        try store.insert(contentsOf: [Incident(kind: .other, geometry: .point(Position(longitude: -66.9, latitude: 10.6)),
                                               time: nil, title: "</script><script>alert(1)</script> <!-- x",
                                               sources: [Source(url: "https://example.org/<b>", publisher: "A & B")])])
        let path = IncidentStoreTests.temporaryPath() + ".html"
        let output = try BatchOutput(path: path)
        let count = try MapDocument.write(to: output, store: store, matching: filter, title: "Test <map>", description: "d")
        try output.finish()
        return (try String(contentsOfFile: path, encoding: .utf8), count)
    }

    @Test func thePageHoldsTheIncidentsAndNeedsNoNetwork() throws {
        let (html, count) = try Self.page()
        #expect(count == 7)
        // Exactly four script elements: two of data, Leaflet, the page's own.
        #expect(html.components(separatedBy: "<script").count - 1 == 4)
        #expect(html.contains("<title>Test &lt;map&gt;</title>"))
        let incidents = try JSONParser().parse(Array(try Self.scriptBlock(html, id: "incidents-data").utf8))
        let features = try #require(incidents.arrayValue)
        #expect(features.count == 7)
        let titles = Set(features.compactMap { $0.objectValue?["properties"]?.objectValue?["title"]?.stringValue })
        #expect(titles.contains("</script><script>alert(1)</script> <!-- x"))
        #expect(titles.contains("Strike off Paria"))
        // Nothing is loaded from elsewhere: no src or href attribute, no url() but data: URLs.
        let markup = Self.withoutElementBodies(html, tags: ["script", "style"])
        #expect(!markup.contains("src=") && !markup.contains("href=") && !markup.contains("<link"), "\(markup)")
        for match in html.components(separatedBy: "url(").dropFirst() {
            #expect(match.hasPrefix("data:") || match.hasPrefix("#default#VML"), "url(\(match.prefix(40))")
        }
        #expect(html.contains("L.map(\"map\""))              // the page's script
        #expect(html.contains("window.L = exports") || html.contains("L.version") || html.contains("Leaflet"))
    }

    @Test func theFilterChoosesTheIncidents() throws {
        var filter = IncidentFilter(); filter.kind = .vesselStrike
        let (html, count) = try Self.page(filter: filter)
        #expect(count == 3)
        let features = try #require(try JSONParser().parse(Array(try Self.scriptBlock(html, id: "incidents-data").utf8)).arrayValue)
        #expect(features.compactMap { $0.objectValue?["properties"]?.objectValue?["kind"]?.stringValue } == Array(repeating: "vessel-strike", count: 3))
    }

    @Test func theLayersAreSimplifiedAndComplete() throws {
        let full = try MapLayers.load(toleranceDegrees: 0)
        let drawn = try MapLayers.load()
        // Every FIR and zone is there, SVZM and Venezuela's territorial sea among them.
        #expect(drawn.firs.count == full.firs.count && drawn.firs.count >= 40)
        #expect(drawn.firs.contains { $0.properties?["id"]?.stringValue == "SVZM" })
        #expect(drawn.zones.contains { $0.properties?["kind"]?.stringValue == "territorial-sea" && $0.properties?["state"]?.stringValue == "VEN" })
        #expect(drawn.zones.count == full.zones.count && drawn.land.count == full.land.count)
        // Fewer vertices, none further than the tolerance from the full line: each simplified
        // vertex of SVZM is a vertex of the full boundary (Douglas-Peucker keeps a subset).
        let vertices = { (layers: MapLayers) in layers.firs.reduce(0) { $0 + ($1.geometry?.positions.count ?? 0) } }
        #expect(vertices(drawn) < vertices(full))
        let fullSVZM = Set(try #require(full.firs.first { $0.properties?["id"]?.stringValue == "SVZM" }?.geometry).positions)
        let drawnSVZM = try #require(drawn.firs.first { $0.properties?["id"]?.stringValue == "SVZM" }?.geometry).positions
        #expect(drawnSVZM.allSatisfy(fullSVZM.contains))
        // Venezuela's coast: lines along the land, none of it a land border: a coast vertex
        // in the west lies on VEN land's boundary, and the coast is shorter than that boundary.
        let coast = try #require(drawn.venezuelaCoast.first?.geometry)
        #expect(coast.positions.count > 100)
        let json = JSONWriter().string(drawn.json())
        #expect(json.contains("\"tolerance_degrees\":0.005"))
    }

    @Test func leafletImagesAreInlined() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("leaflet-\(UUID())")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: folder.appendingPathComponent("images/layers.png"))
        let css = ".a{background:url(images/layers.png)} .b{background:url(images/gone.png)}"
        #expect(MapDocument.Leaflet.inliningImages(css, from: folder)
                == ".a{background:url(data:image/png;base64,AQID)} .b{background:url(images/gone.png)}")
        #expect(throws: MapError.self) { try MapDocument.Leaflet.load(from: folder.path) }
    }
}
