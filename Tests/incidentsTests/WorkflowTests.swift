import Foundation
import Testing

/// Import at scale and proximity, as a user runs them (on each store under test, but for the
/// kill test, whose checks are SQLite's: Tests/faults/postgis_check.sh kills PostGIS imports).
struct WorkflowTests {
    static func features(_ count: Int, badAt bad: Int? = nil) -> String {
        var lines: [String] = []
        for i in 0..<count {
            let time = i == bad ? "not a time" : "2025-10-\(String(format: "%02d", 1 + i % 28))T12:00:00Z"
            lines.append(#"{"type":"Feature","id":"src-\#(i)","geometry":{"type":"Point","coordinates":[\#(-62.3 + Double(i) * 0.001),10.6]},"properties":{"title":"report \#(i)","kind":"vessel-strike","time_start":"\#(time)"}}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: TestStore.underTest)
    func aBadRowInTheMiddleWritesNothingOrIsReported(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "w")
        let file = dir.appendingPathComponent("in.geojsonl")
        try Data(Self.features(5_000, badAt: 2_500).utf8).write(to: file)
        let strict = try CLI.run(["import", "--store", store, file.path, "--no-context"])
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("feature 2500 (line 2501): time_start"))
        #expect(try CLI.run(["list", "--store", store]).stdout.isEmpty)
        let report = dir.appendingPathComponent("rejected.csv").path
        let lenient = try CLI.run(["import", "--store", store, file.path, "--no-context", "--skip-invalid", "--report", report, "--json"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stdout.contains(#""inserted":4999"#) && lenient.stdout.contains(#""rejected":1"#))
        let rejected = try String(contentsOfFile: report, encoding: .utf8)
        #expect(rejected.hasPrefix("index,line,field,reason\n2500,2501,time_start,"))
        // Ids that are not UUIDs map to the same UUID every time: a second import changes nothing.
        let again = try CLI.run(["import", "--store", store, file.path, "--no-context", "--skip-invalid", "--report", report, "--json"])
        #expect(again.stdout.contains(#""inserted":0"#) && again.stdout.contains(#""unchanged":4999"#))
    }

    @Test(arguments: TestStore.underTest)
    func nearFindsByGeodesicDistanceNearestFirst(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "n")
        let file = dir.appendingPathComponent("in.geojsonl")
        try Data(Self.features(200).utf8).write(to: file)
        #expect(try CLI.run(["import", "--store", store, file.path, "--no-context"]).status == 0)
        // Points every 0.001° of longitude from -62.3 at 10.6°N: 1.8 nm reaches about 30 of them.
        let r = try CLI.run(["near", "--store", store, "10.6 -62.3", "--within", "1.8nm"])
        #expect(r.status == 0, "\(r.stderr)")
        let distances = r.stdout.split(separator: "\n").compactMap { Double($0.split(separator: " ").first ?? "") }
        #expect(distances.first == 0)
        #expect(distances == distances.sorted())
        #expect((29...31).contains(distances.count))
        #expect(distances.allSatisfy { $0 <= 1.8 })
        let queries = dir.appendingPathComponent("q.csv")
        try Data("name,lat,lon\nfirst,10.6,-62.3\nfar,0,0\n".utf8).write(to: queries)
        let batch = try CLI.run(["near", "--store", store, "--input", queries.path, "--within", "1km", "--limit", "1"])
        #expect(batch.stdout.split(separator: "\n").count == 2)
        #expect(batch.stdout.contains("first,") && batch.stdout.hasSuffix(",0.000\n"))
        #expect(try CLI.run(["near", "--store", store, "10 -62", "--within", "far"]).status == 64)
    }

    /// SIGKILL at a random moment of an import leaves a valid store with none or all of the
    /// rows (one transaction, rollback journal, synchronous=FULL), eight times over.
    @Test func killingAnImportLeavesNoneOrAll() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("in.geojsonl")
        let count = 20_000
        try Data(Self.features(count).utf8).write(to: file)
        var generator = SystemRandomNumberGenerator()
        var outcomes = Set<Int>()
        for round in 0..<8 {
            let store = dir.appendingPathComponent("k\(round).gpkg").path
            #expect(try CLI.run(["log", "--store", store, "--kind", "other", "--title", "before", "--time", "2025-09-01", "--at", "10 -60"]).status == 0)
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["import", "--store", store, file.path, "--no-context"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 50_000...1_500_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let check = try CLI.run(["list", "--store", store])
            #expect(check.status == 0, "\(check.stderr)")
            let rows = check.stdout.split(separator: "\n").count
            #expect(rows == 1 || rows == count + 1, "round \(round): \(rows) rows")
            outcomes.insert(rows)
            let integrity = Process()
            integrity.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            integrity.arguments = [store, "PRAGMA integrity_check; SELECT count(*) FROM rtree_incidents_geom;"]
            let pipe = Pipe()
            integrity.standardOutput = pipe
            try integrity.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            integrity.waitUntilExit()
            #expect(text == "ok\n\(rows)\n", "round \(round): \(text)")
        }
        #expect(outcomes.contains(1))   // at least one kill landed mid-import
    }

    /// Two edits of different fields of one record, run at the same moment 100 times: neither
    /// change is lost. Two processes creating one store at once both succeed, 20 times.
    @Test(arguments: TestStore.underTest)
    func concurrentEditsAndCreationsLoseNothing(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "c")
        let id = try CLI.run(["log", "--store", store, "--kind", "other", "--title", "t0", "--time", "2025-09-01", "--at", "10 -60"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        func start(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for round in 1...100 {
            let a = try start(["edit", id, "--store", store, "--killed", "\(round)"])
            let b = try start(["edit", id, "--store", store, "--title", "title \(round)"])
            a.waitUntilExit(); b.waitUntilExit()
            #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
            let shown = try CLI.run(["show", id, "--store", store, "--json"]).stdout
            #expect(shown.contains("\"killed\": \(round)") && shown.contains("\"title\": \"title \(round)\""), "round \(round)")
        }
        for round in 0..<20 {
            let fresh = try kind.newLocation(in: dir, name: "new\(round)")
            let a = try start(["log", "--store", fresh, "--kind", "other", "--title", "a", "--time", "2025-09-01", "--at", "10 -60"])
            let b = try start(["log", "--store", fresh, "--kind", "other", "--title", "b", "--time", "2025-09-01", "--at", "10 -61"])
            a.waitUntilExit(); b.waitUntilExit()
            #expect(a.terminationStatus == 0 && b.terminationStatus == 0, "round \(round)")
            #expect(try CLI.run(["list", "--store", fresh]).stdout.split(separator: "\n").count == 2)
        }
    }

    /// A CSV of ADS-B fixes of two aircraft, interleaved and out of order: one track each, in
    /// time order, with altitudes; a lone fix is refused (or reported with --skip-invalid).
    @Test(arguments: TestStore.underTest)
    func aCSVOfFixesBecomesOneTrackPerAircraft(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("adsb.csv")
        try Data("""
            time,lat,lon,alt,icao24
            2025-10-15T21:20:00Z,12.6,-66.6,9100,ae01
            2025-10-15T21:00:00Z,14.0,-66.2,9000,ae01
            2025-10-15T21:10:00Z,13.5,-66.4,8000,ae02
            2025-10-15T21:30:00Z,11.9,-67.0,9200,ae01
            2025-10-15T21:40:00Z,13.0,-66.5,8100,ae02
            2025-10-15T21:50:00Z,13.0,-66.0,9000,solo

            """.utf8).write(to: file)
        let store = try kind.newLocation(in: dir, name: "t")
        #expect(try CLI.run(["import", "--store", store, "--tracks", file.path, "--no-context"]).status == 65)
        let r = try CLI.run(["import", "--store", store, "--tracks", file.path, "--no-context", "--skip-invalid", "--json"])
        #expect(r.stdout.contains(#""inserted":2"#) && r.stdout.contains(#""rejected":1"#), "\(r.stderr)")
        let exported = try CLI.run(["export", "--store", store, "--seq"]).stdout
        let ae01 = try #require(exported.split(separator: "\n").first { $0.contains("Track ae01") })
        #expect(ae01.contains("[-66.2,14,9000],[-66.6,12.6,9100],[-67,11.9,9200]"))
        #expect(ae01.contains(#""time_start":"2025-10-15T21:00:00.000Z""#) && ae01.contains(#""time_end":"2025-10-15T21:30:00.000Z""#))
        #expect(ae01.contains(#""kind":"flight""#))
    }

    /// Every change is in the history with its reason; a delete is soft until purge; an export
    /// as of an earlier time shows the record as it stood then (values written here by hand).
    @Test(arguments: TestStore.underTest)
    func historyAsOfAndSoftDelete(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "h")
        let id = try CLI.run(["log", "--store", store, "--kind", "other", "--title", "first report", "--time", "2025-09-01",
                              "--at", "10 -60", "--killed", "2"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        usleep(1_100_000)
        let between = ISO8601DateFormatter().string(from: Date())
        usleep(1_100_000)
        #expect(try CLI.run(["edit", id, "--store", store, "--title", "second report", "--killed", "5", "--reason", "Reuters update"]).status == 0)
        let other = try CLI.run(["log", "--store", store, "--kind", "other", "--title", "later", "--time", "2025-09-01", "--at", "10 -61"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CLI.run(["delete", other, "--store", store, "--reason", "duplicate"]).status == 0)
        let history = try CLI.run(["history", id, "--store", store]).stdout
        #expect(history.contains("edit  (Reuters update)") && history.contains("killed: 2 → 5") && history.contains(#"title: "first report" → "second report""#))
        #expect(!(try CLI.run(["list", "--store", store]).stdout.contains(other)))          // deleted: gone from listings
        let then = try CLI.run(["export", "--store", store, "--as-of", between, "--seq"]).stdout
        #expect(then.contains(#""title":"first report""#) && then.contains(#""killed":2"#) && !then.contains(other))
        let now = try CLI.run(["export", "--store", store, "--seq"]).stdout
        #expect(now.contains(#""title":"second report""#) && now.contains(#""killed":5"#))
        // A GeoPackage copy carries the history of what it holds, nothing of the deleted one.
        let copy = dir.appendingPathComponent("copy.gpkg").path
        #expect(try CLI.run(["export", "--store", store, "-o", copy]).status == 0)
        #expect(try CLI.run(["history", id, "--store", copy]).stdout.contains("Reuters update"))
        #expect(try CLI.run(["history", other, "--store", copy]).status == 1)
        #expect(try CLI.run(["purge", "--store", store, "--yes"]).stdout.contains("purged 1"))
        #expect(try CLI.run(["history", other, "--store", store]).stdout.contains("purge"))
        #expect(try CLI.run(["export", "--store", store, "--as-of", between, "--kind", "other"]).status == 64)
    }
}

extension WorkflowTests {
    /// Three reports of one strike merged from the command line: one record, every source, the
    /// range of the death tolls, the others gone from listings, and all three histories.
    @Test(arguments: TestStore.underTest)
    func mergeKeepsOneRecordWithEverySourceAndTheRange(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "m")
        func log(_ title: String, _ killed: String, _ url: String, at: String) throws -> String {
            try CLI.run(["log", "--store", store, "--kind", "vessel-strike", "--title", title, "--time", "2025-09-02T14:00Z",
                         "--at", at, "--killed", killed, "--source", url]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let pentagon = try log("Pentagon", "3", "https://war.gov/1", at: "11.2 -63.9")
        let journalist = try log("Journalist", "6", "https://news.example/2", at: "11.21 -63.88")
        let ngo = try log("NGO", "unknown", "https://ngo.example/3", at: "11.19 -63.91")
        #expect(try CLI.run(["duplicates", "--store", store]).stdout.contains(pentagon))
        #expect(try CLI.run(["merge", pentagon, "--store", store]).status == 64)                       // one id: usage
        #expect(try CLI.run(["merge", pentagon, pentagon, "--store", store]).status == 65)             // twice: data
        let merged = try CLI.run(["merge", pentagon, journalist, ngo, "--store", store, "--reason", "one strike"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("killed:      3–6") && merged.stdout.contains("missing:     unknown"))
        let listed = try CLI.run(["list", "--store", store]).stdout
        #expect(listed.contains(pentagon) && !listed.contains(journalist) && !listed.contains(ngo))
        let exported = try CLI.run(["export", "--store", store, "--seq"]).stdout
        #expect(exported.contains(#""killed":3"#) && exported.contains(#""killed_max":6"#))
        for url in ["https://war.gov/1", "https://news.example/2", "https://ngo.example/3"] { #expect(exported.contains(url)) }
        let history = try CLI.run(["history", pentagon, "--store", store]).stdout
        #expect(history.contains("merge  (one strike)") && history.contains("[\(journalist)]") && history.contains("[\(ngo)]"))
        #expect(history.contains("killed_max: null → 6"))
        #expect(try CLI.run(["stats", "--store", store]).stdout.contains("3–6 (0)"))
        #expect(try CLI.run(["merge", pentagon, journalist, "--store", store]).status == 1)            // already merged: not found
    }
}

extension WorkflowTests {
    /// A re-import does not bring back what someone deleted, and says so; restore does, and the
    /// history and an export as of the time between tell the story.
    @Test(arguments: TestStore.underTest)
    func reimportLeavesDeletedAloneAndRestoreBringsItBack(store kind: TestStore) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try kind.newLocation(in: dir, name: "r")
        let file = dir.appendingPathComponent("in.geojson")
        try Data(RoundTripTests.source.utf8).write(to: file)
        #expect(try CLI.run(["import", "--store", store, file.path, "--no-context"]).status == 0)
        let id = "0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5e"
        #expect(try CLI.run(["delete", id, "--store", store]).status == 0)
        usleep(1_100_000)
        let between = ISO8601DateFormatter().string(from: Date())
        usleep(1_100_000)
        let again = try CLI.run(["import", "--store", store, file.path, "--no-context", "--json"])
        #expect(again.stdout.contains(#""left_deleted":1"#) && again.stdout.contains(#""inserted":0"#), "\(again.stdout)")
        #expect(!(try CLI.run(["list", "--store", store]).stdout.contains(id)))
        #expect(try CLI.run(["restore", id, "--store", store, "--reason", "not a duplicate"]).status == 0)
        #expect(try CLI.run(["list", "--store", store]).stdout.contains(id))
        #expect(try CLI.run(["restore", id, "--store", store]).status == 1)                 // not deleted now
        #expect(try CLI.run(["history", id, "--store", store]).stdout.contains("deleted: true → false"))
        #expect(!(try CLI.run(["export", "--store", store, "--as-of", between, "--seq"]).stdout.contains(id)))
        #expect(try CLI.run(["export", "--store", store, "--seq"]).stdout.contains(id))
    }
}
