import Foundation
import Testing

/// Import, export, import again: every field of every incident survives in GeoJSON, CSV and a
/// GeoPackage copy, checked against values written here by hand; ACLED's export is mapped.
struct RoundTripTests {
    /// One incident with every field set (awkward text and a casualty range included) and one
    /// track with few.
    static let source = #"""
    {"type":"FeatureCollection","features":[
    {"type":"Feature","id":"0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5e","geometry":{"type":"Point","coordinates":[-63.8333333,11.1666667]},
     "properties":{"id":"0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5e","kind":"vessel-strike","title":"Strike, \"north\" of Paria — día 1",
      "description":"Line one\nline two; with, commas","time_start":"2025-09-02T14:30:00.250Z","time_end":"2025-09-02T15:00:00.000Z",
      "killed":11,"killed_max":14,"injured":0,"missing":2,"confidence":"confirmed","uncertainty_m":1500,
      "sources":[{"url":"https://example.org/a?x=1&y=2","publisher":"Reuters","date":"2025-09-02"},{"url":"https://example.org/b"}],
      "tags":["strike","caribbean; east"],"created_at":"2025-09-03T10:00:00.123Z","updated_at":"2025-09-04T11:00:00.000Z"}},
    {"type":"Feature","id":"7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d","geometry":{"type":"LineString","coordinates":[[-66.5,13.2],[-66.9,11.8]]},
     "properties":{"id":"7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d","kind":"flight","title":"Bombers","description":null,
      "time_start":"2025-10-15T21:10:00.000Z","time_end":null,"killed":null,"injured":null,"missing":null,"confidence":"likely",
      "uncertainty_m":null,"sources":[],"tags":[],"created_at":"2025-10-16T00:00:00.000Z","updated_at":"2025-10-16T00:00:00.000Z"}}
    ]}
    """#

    /// What every export must say, field by field (written by hand, not by the tool).
    nonisolated(unsafe) static let expected: [String: [String: Any]] = [
        "0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5e": [
            "kind": "vessel-strike", "title": "Strike, \"north\" of Paria — día 1", "description": "Line one\nline two; with, commas",
            "time_start": "2025-09-02T14:30:00.250Z", "time_end": "2025-09-02T15:00:00.000Z", "killed": 11, "killed_max": 14, "injured": 0, "missing": 2,
            "injured_max": "absent",
            "confidence": "confirmed", "uncertainty_m": 1500, "tags": ["strike", "caribbean; east"],
            "created_at": "2025-09-03T10:00:00.123Z", "updated_at": "2025-09-04T11:00:00.000Z",
            "sources": "https://example.org/a?x=1&y=2|Reuters|2025-09-02 https://example.org/b||",
            "geometry": "Point -63.8333333 11.1666667",
        ],
        "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d": [
            "kind": "flight", "title": "Bombers", "description": NSNull(), "time_start": "2025-10-15T21:10:00.000Z", "time_end": NSNull(),
            "killed": NSNull(), "killed_max": "absent", "injured": NSNull(), "missing": NSNull(), "confidence": "likely", "uncertainty_m": NSNull(), "tags": [String](),
            "created_at": "2025-10-16T00:00:00.000Z", "updated_at": "2025-10-16T00:00:00.000Z", "sources": "",
            "geometry": "LineString -66.5 13.2 -66.9 11.8",
        ],
    ]

    static func check(_ geojson: String, _ label: String) throws {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(geojson.utf8)) as? [String: Any])
        let features = try #require(root["features"] as? [[String: Any]])
        #expect(features.count == 2, "\(label)")
        for feature in features {
            let p = try #require(feature["properties"] as? [String: Any])
            let id = try #require(p["id"] as? String)
            let want = try #require(Self.expected[id], "\(label): unexpected id \(id)")
            for (key, value) in want where key != "sources" && key != "geometry" {
                #expect("\(p[key] ?? "absent")" == "\(value)", "\(label) \(id) \(key)")
            }
            let sources = (p["sources"] as? [[String: Any]] ?? []).map { s in
                ["url", "publisher", "date"].map { (s[$0] as? String) ?? "" }.joined(separator: "|")
            }.joined(separator: " ")
            #expect(sources == want["sources"] as? String, "\(label) \(id) sources")
            let g = try #require(feature["geometry"] as? [String: Any])
            let coordinates = "\(g["coordinates"]!)".filter { "0123456789.- ".contains($0) }.split(separator: " ").joined(separator: " ")
            #expect("\(g["type"]!) " + coordinates == want["geometry"] as? String, "\(label) \(id) geometry")
        }
    }

    @Test(arguments: TestStore.underTest)
    func geoJSONCSVAndGeoPackageKeepEveryField(store: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("in.geojson")
        try Data(Self.source.utf8).write(to: input)
        let first = try store.newLocation(in: dir, name: "first")
        let imported = try CLI.run(["import", "--store", first, input.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        try Self.check(try CLI.run(["export", "--store", first]).stdout, "store")
        for format in ["geojson", "csv", "gpkg"] {
            let file = dir.appendingPathComponent("out.\(format)").path
            let exported = try CLI.run(["export", "--store", first, "-o", file])
            #expect(exported.status == 0, "\(exported.stderr)")
            let second = dir.appendingPathComponent("second-\(format).gpkg").path
            if format == "gpkg" {
                try FileManager.default.copyItem(atPath: file, toPath: second)   // the copy is itself a store
            } else {
                let r = try CLI.run(["import", "--store", second, file])
                #expect(r.status == 0, "\(format): \(r.stderr)")
            }
            try Self.check(try CLI.run(["export", "--store", second]).stdout, format)
        }
    }

    /// Rows written from ACLED's published column list (codebook, 2023), not from ACLED data.
    static let acled = """
    event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
    VEN9001,2025-09-02,2025,1,Political violence,Explosions/Remote violence,Air/drone strike,Military Forces of the United States (2025-),,8,Unidentified Armed Group (Venezuela),,3,38,,862,South America,Venezuela,Sucre,Valdez,,Caribbean Sea off Paria,11.1667,-63.8333,2,Reuters; El Pitazo,International-National,"On 2 September 2025, a US strike hit a boat, killing 11.",11,,1757000000
    VEN9002,2025-10-20,2025,3,Strategic developments,Strategic developments,Other,Military Forces of the United States (2025-),,8,,,0,80,,862,South America,Venezuela,Falcon,Carirubana,,Punto Fijo,11.7167,-70.1833,3,Local press,National,Reported overflight.,0,,1761000000
    """

    @Test func acledExportImportsWithEveryMappedField() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("acled.csv")
        try Data(Self.acled.utf8).write(to: file)
        let store = dir.appendingPathComponent("a.gpkg").path
        let r = try CLI.run(["import", "--store", store, file.path, "--no-context", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""inserted":2"#))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["export", "--store", store]).stdout.utf8)) as? [String: Any])
        let features = try #require(root["features"] as? [[String: Any]])
        let byTitle = Dictionary(uniqueKeysWithValues: features.map { (($0["properties"] as! [String: Any])["title"] as! String, $0) })
        let strike = try #require(byTitle["Explosions/Remote violence: Air/drone strike — Caribbean Sea off Paria, Venezuela"])
        let p = strike["properties"] as! [String: Any]
        #expect(p["time_start"] as? String == "2025-09-02T00:00:00.000Z" && p["time_end"] as? String == "2025-09-02T23:59:59.999Z")
        #expect(p["killed"] as? Int == 11 && p["uncertainty_m"] as? Int == 25_000)
        #expect(p["description"] as? String == "On 2 September 2025, a US strike hit a boat, killing 11.")
        let sources = try #require(p["sources"] as? [[String: Any]])
        #expect(sources.first?["url"] as? String == "acled:VEN9001" && sources.first?["publisher"] as? String == "Reuters; El Pitazo")
        let tags = try #require(p["tags"] as? [String])
        for tag in ["acled", "event_type:Explosions/Remote violence", "sub_event_type:Air/drone strike",
                    "actor1:Military Forces of the United States (2025-)", "actor2:Unidentified Armed Group (Venezuela)",
                    "country:Venezuela", "admin1:Sucre", "admin2:Valdez"] {
            #expect(tags.contains(tag), "\(tag)")
        }
        #expect("\((strike["geometry"] as! [String: Any])["coordinates"]!)".contains("-63.8333"))
        let month = try #require(byTitle["Strategic developments: Other — Punto Fijo, Venezuela"]?["properties"] as? [String: Any])
        #expect(month["time_start"] as? String == "2025-10-01T00:00:00.000Z" && month["time_end"] as? String == "2025-10-31T23:59:59.999Z")
        #expect(month["uncertainty_m"] as? Int == 100_000 && month["killed"] as? Int == 0)
        // Importing the same export again changes nothing.
        #expect(try CLI.run(["import", "--store", store, file.path, "--no-context", "--json"]).stdout.contains(#""unchanged":2"#))
    }
}
