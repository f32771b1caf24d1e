import Foundation
import IncidentMapper
import Testing

/// log / list / show / edit / delete / export / import against a store in a fresh folder (and,
/// for the tests that take a `TestStore`, in a new schema of the test database too).
struct StoreCommandTests {
    static let zoneWKT = "POLYGON ((-61 11, -61 11.5, -60.5 11.5, -60.5 11, -61 11))"   // clockwise on purpose

    func logThree(store: String) throws -> [String] {
        let point = try CLI.run(["log", "--store", store, "--kind", "vessel-strike", "--at", "11.2 -63.9",
                                 "--time", "2025-09-02T14:30:00Z", "--title", "Strike on a boat", "--killed", "11",
                                 "--source", "https://example.org/a|Reuters|2025-09-02", "--confidence", "confirmed",
                                 "--tag", "strike"])
        let track = try CLI.run(["log", "--store", store, "--kind", "flight",
                                 "--geometry", "LINESTRING (-66.5 13.2, -66.9 11.8)",
                                 "--time", "2025-10-15T21:10:00Z", "--title", "Bombers near the coast"])
        let zone = try CLI.run(["log", "--store", store, "--kind", "exercise-zone", "--geometry", Self.zoneWKT,
                                "--time", "2025-10-26", "--end", "2025-10-30", "--title", "Joint exercise",
                                "--description", "Announced by Trinidad and Tobago"])
        for r in [point, track, zone] { #expect(r.status == 0, "\(r.stderr)") }
        return [point, track, zone].map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Test(arguments: TestStore.underTest)
    func logListShowEditDelete(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "s")
        let ids = try logThree(store: store)
        #expect(ids.allSatisfy { UUID(uuidString: $0) != nil })
        let list = try CLI.run(["list", "--store", store, "--kind", "flight"])
        #expect(list.stdout.contains(ids[1]) && !list.stdout.contains(ids[0]))
        let window = try CLI.run(["list", "--store", store, "--since", "2025-10-01", "--until", "2025-10-27"])
        #expect(window.stdout.split(separator: "\n").count == 2)
        #expect(try CLI.run(["edit", ids[0], "--store", store, "--killed", "unknown"]).status == 0)
        let shown = try CLI.run(["show", ids[0], "--store", store])
        #expect(shown.stdout.contains("killed:      unknown"))
        #expect(try CLI.run(["delete", ids[2], "--store", store]).status == 0)
        #expect(try CLI.run(["show", ids[2], "--store", store]).status == 1)
        #expect(try CLI.run(["list", "--store", store]).stdout.split(separator: "\n").count == 2)
    }

    @Test func storeComesFromTheEnvironmentWhenNoFlag() throws {
        let dir = try CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("env.gpkg").path
        let r = try CLI.run(["log", "--kind", "other", "--at", "10 -66", "--time", "2025-09-01", "--title", "x"],
                            environment: ["INCIDENTS_STORE": store])
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: store))
    }

    @Test(arguments: [
        (["--at", "10°61'N 66°W"], "--at"),
        (["--at", "10 -66", "--time", "yesterday"], "--time"),
        (["--geometry", "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"], "--geometry"),
        (["--geometry", "LINESTRING (0 0"], "--geometry"),
        (["--at", "10 -66", "--killed=-3"], "--killed"),
        (["--at", "10 -66", "--time", "2025-09-02", "--end", "2025-09-01"], "--end"),
    ])
    func malformedFieldsExit65NamingTheField(extra: [String], field: String) throws {
        let dir = try CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("bad.gpkg").path
        var args = ["log", "--store", store, "--kind", "other", "--title", "t"]
        if !extra.contains("--time") { args += ["--time", "2025-09-02"] }
        let r = try CLI.run(args + extra)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains(field))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: TestStore.underTest)
    func exportImportExportKeepsEveryField(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let first = try kind.newLocation(in: dir, name: "a")
        let second = try kind.newLocation(in: dir, name: "b")
        _ = try logThree(store: first)
        let exported = dir.appendingPathComponent("a.geojson").path
        #expect(try CLI.run(["export", "--store", first, "-o", exported]).status == 0)
        let imported = try CLI.run(["import", "--store", second, exported])
        #expect(imported.status == 0, "\(imported.stderr)")
        let again = try CLI.run(["export", "--store", second])
        let original = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == original.trimmingCharacters(in: .whitespacesAndNewlines))
        // Expectations written from the three incidents logged, not from an earlier export.
        let features = try JSONParser().parse(original).objectValue?["features"]?.arrayValue ?? []
        #expect(features.count == 3)
        #expect(!original.contains("crs"))
        // Exported in the order logged: the strike, the flight, the zone.
        let properties = features.map { $0.objectValue?["properties"]?.objectValue ?? [:] }
        #expect(properties.map { $0["title"]?.stringValue } == ["Strike on a boat", "Bombers near the coast", "Joint exercise"])
        #expect(properties[0]["killed"]?.doubleValue == 11 && properties[0]["injured"] == .null)
        #expect(properties[0]["time_start"]?.stringValue == "2025-09-02T14:30:00.000Z")
        let source = properties[0]["sources"]?.arrayValue?.first?.objectValue
        #expect(source?["url"]?.stringValue == "https://example.org/a" && source?["publisher"]?.stringValue == "Reuters"
                && source?["date"]?.stringValue == "2025-09-02")
        #expect(properties[2]["time_end"]?.stringValue == "2025-10-30T23:59:59.999Z")
        #expect(properties[2]["description"]?.stringValue == "Announced by Trinidad and Tobago")
        // The zone was logged clockwise and is written counter-clockwise (RFC 7946 right-hand
        // rule): the shoelace sum of its exterior ring is positive.
        let ring = features[2].objectValue?["geometry"]?.objectValue?["coordinates"]?.arrayValue?.first?.arrayValue ?? []
        let xy = ring.compactMap { p -> (Double, Double)? in
            guard let c = p.arrayValue, c.count >= 2, let x = c[0].doubleValue, let y = c[1].doubleValue else { return nil }
            return (x, y)
        }
        #expect(xy.count >= 4)
        var twiceArea = 0.0
        for (a, b) in zip(xy, xy.dropFirst()) { twiceArea += a.0 * b.1 - b.0 * a.1 }
        #expect(twiceArea > 0, "exterior ring \(xy) is not counter-clockwise")
    }

    @Test(arguments: TestStore.underTest)
    func failedImportLeavesTheStoreByteForByte(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "s")
        _ = try logThree(store: store)
        // The file byte for byte; a database through what it holds (its export and listing).
        func snapshot() throws -> Data {
            if kind == .geoPackage { return try Data(contentsOf: URL(fileURLWithPath: store)) }
            let export = try CLI.run(["export", "--store", store])
            let listing = try CLI.run(["list", "--store", store, "--json"])
            return Data((export.stdout + listing.stdout).utf8)
        }
        let before = try snapshot()
        let bad = dir.appendingPathComponent("bad.geojson")
        try Data("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[-64,11]},"properties":{"title":"ok","time_start":"2025-09-01"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[-64,11.5]},"properties":{"title":"ok too"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[-64,12]},"properties":{"title":"bad","time_start":"last tuesday"}}
            ]}
            """.utf8).write(to: bad)
        let r = try CLI.run(["import", "--store", store, bad.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("feature 2") && r.stderr.contains("time_start"))
        #expect(try snapshot() == before)
        #expect(try CLI.run(["list", "--store", store]).stdout.split(separator: "\n").count == 3)
    }

    @Test(arguments: TestStore.underTest)
    func editKeepsWhatIsNotGivenAndUntilIncludesTheDay(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "e")
        let ids = try logThree(store: store)
        #expect(try CLI.run(["edit", ids[2], "--store", store, "--time", "2025-10-27"]).status == 0)
        #expect(try CLI.run(["show", ids[2], "--store", store]).stdout
            .contains("2025-10-27T00:00:00.000Z – 2025-10-30T23:59:59.999Z"))   // --end 2025-10-30: through that day
        let bad = try CLI.run(["edit", ids[2], "--store", store, "--time", "2025-11-01"])
        #expect(bad.status == 65 && bad.stderr.contains("--time"))
        let day = try CLI.run(["list", "--store", store, "--since", "2025-10-15", "--until", "2025-10-15"])
        #expect(day.stdout.contains(ids[1]))   // logged at 21:10Z that day
        // A bare date is that whole day: an afternoon window finds it, the next day's does not.
        let dated = try CLI.run(["log", "--store", store, "--kind", "other", "--at", "10 -66", "--time", "2025-09-03", "--title", "That day"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CLI.run(["show", dated, "--store", store]).stdout.contains("2025-09-03T00:00:00.000Z – 2025-09-03T23:59:59.999Z"))
        #expect(try CLI.run(["list", "--store", store, "--since", "2025-09-03T15:00Z", "--until", "2025-09-03T16:00Z"]).stdout.contains(dated))
        #expect(!(try CLI.run(["list", "--store", store, "--since", "2025-09-04"]).stdout.contains(dated)))
    }

    @Test(arguments: TestStore.underTest)
    func importingTheSameFileTwiceChangesNothingOrNamesTheFeature(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "twice")
        _ = try logThree(store: store)
        let file = dir.appendingPathComponent("x.geojson").path
        #expect(try CLI.run(["export", "--store", store, "-o", file]).status == 0)
        // The first import may rewrite what export normalised (the zone's ring orientation);
        // the second must change nothing at all.
        #expect(try CLI.run(["import", "--store", store, file]).status == 0)
        let before = try CLI.run(["export", "--store", store]).stdout
        let again = try CLI.run(["import", "--store", store, file, "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("\"unchanged\":3") && again.stdout.contains("\"inserted\":0"))
        #expect(try CLI.run(["export", "--store", store]).stdout == before)
        for dry in [true, false] {
            let r = try CLI.run(["import", "--store", store, file, "--existing", "fail"] + (dry ? ["--dry-run"] : []))
            #expect(r.status == 65)
            #expect(r.stderr.contains("feature 0 (line ") && r.stderr.contains("in the store already"))
        }
    }

    /// A file that is not an incidents store is bad data (65) for every verb, and is left as it
    /// was; an empty GeoJSON file is refused (65), not imported as nothing.
    @Test func notAStoreAndAnEmptyFileExit65() throws {
        let dir = try CLI.temporaryDirectory()
        let text = dir.appendingPathComponent("notes.gpkg").path
        try Data("meeting notes, not a GeoPackage\n".utf8).write(to: URL(fileURLWithPath: text))
        for verb in [["list"], ["export"], ["stats"], ["log", "--kind", "other", "--at", "11 -66", "--time", "2025-09-02", "--title", "t"]] {
            let r = try CLI.run([verb[0], "--store", text] + verb.dropFirst())
            #expect(r.status == 65, "\(verb[0]): \(r.status) \(r.stderr)")
            #expect(r.stderr == "incidents: \(text) is not an incidents store: file is not a database\n", "\(r.stderr)")
        }
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "meeting notes, not a GeoPackage\n")
        let store = dir.appendingPathComponent("s.gpkg").path
        _ = try logThree(store: store)
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        let empty = dir.appendingPathComponent("empty.geojson").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        let r = try CLI.run(["import", "--store", store, empty])
        #expect(r.status == 65 && r.stderr.contains("holds no GeoJSON"), "\(r.status) \(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before)
    }

    @Test func missingFilesAndStoresExit66() throws {
        let dir = try CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("none.gpkg").path
        #expect(try CLI.run(["list", "--store", store]).status == 66)
        #expect(!FileManager.default.fileExists(atPath: store))
        let r = try CLI.run(["log", "--store", store, "--kind", "other", "--geometry", "/nonexistent/zone.geojson",
                             "--time", "2025-09-02", "--title", "t"])
        #expect(r.status == 66 && r.stderr.contains("no such file"))
        #expect(try CLI.run(["import", "--store", store, dir.path]).status == 66)
        #expect(try CLI.run(["parse", "10 -66", "--jsn"]).status == 64)
    }

    @Test func dryRunWritesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("dry.gpkg").path
        let r = try CLI.run(["import", "--store", store, "--dry-run", "-"],
                            stdin: #"{"type":"Point","coordinates":[-66.9,10.5]}"#)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}
