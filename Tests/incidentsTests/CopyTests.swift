import Foundation
import Testing

/// `incidents copy` between a GeoPackage and PostGIS: nothing lost either way, and a sync that
/// lists conflicts instead of overwriting them. Runs when a test database is there (always
/// under CI).
@Suite(.enabled(if: TestStore.underTest.contains(.postGIS)))
struct CopyTests {
    /// A store with the round-trip fixture, more geometry types, an edit, a merge, a deletion
    /// and a purge; returns its path and the ids by title.
    static func fieldStore(_ dir: URL) throws -> (path: String, ids: [String: String], beforeChanges: String) {
        let store = dir.appendingPathComponent("field.gpkg").path
        let input = dir.appendingPathComponent("in.geojson")
        try Data(RoundTripTests.source.utf8).write(to: input)
        #expect(try CLI.run(["import", "--store", store, input.path]).status == 0)
        var ids: [String: String] = [:]
        func log(_ title: String, _ arguments: [String]) throws {
            let r = try CLI.run(["log", "--store", store, "--title", title, "--time", "2025-10-20T08:00:00Z"] + arguments)
            #expect(r.status == 0, "\(title): \(r.stderr)")
            ids[title] = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try log("Two boats", ["--kind", "vessel-strike", "--geometry", "MULTIPOINT ((-64 11.5), (-64.1 11.6))", "--killed", "3"])
        try log("Patrol", ["--kind", "naval-position", "--geometry", "MULTILINESTRING ((-65 12, -64 12.5), (-63 12, -62 12.2))"])
        try log("Exercise areas", ["--kind", "exercise-zone", "--geometry",
                                   "MULTIPOLYGON (((-61.9 10.9, -61.2 10.9, -61.2 11.4, -61.9 10.9)), ((-60 11, -59.5 11, -59.5 11.5, -60 11)))"])
        try log("Report A", ["--kind", "vessel-strike", "--at", "11.2 -63.9", "--killed", "4", "--source", "https://a.example/1|A|2025-10-20"])
        try log("Report B", ["--kind", "vessel-strike", "--at", "11.21 -63.91", "--killed", "6", "--source", "https://b.example/2|B|2025-10-21"])
        try log("Mistake", ["--kind", "other", "--at", "10 -66"])
        try log("Withdrawn", ["--kind", "other", "--at", "10.5 -66"])
        Thread.sleep(forTimeInterval: 0.05)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions.insert(.withFractionalSeconds)
        let beforeChanges = formatter.string(from: Date())
        Thread.sleep(forTimeInterval: 0.05)
        #expect(try CLI.run(["edit", "--store", store, ids["Patrol"]!, "--title", "Patrol (revised)", "--reason", "second source"]).status == 0)
        #expect(try CLI.run(["merge", "--store", store, ids["Report A"]!, ids["Report B"]!]).status == 0)
        #expect(try CLI.run(["delete", "--store", store, ids["Mistake"]!]).status == 0)
        #expect(try CLI.run(["purge", "--store", store, "--yes"]).status == 0)
        #expect(try CLI.run(["restore", "--store", store, ids["Mistake"]!]).status != 0)   // purged: gone for good
        #expect(try CLI.run(["delete", "--store", store, ids["Withdrawn"]!]).status == 0)   // deleted, kept
        return (store, ids, beforeChanges)
    }

    /// The Features of an export, each as its own text, by id.
    static func features(_ store: String, _ extra: [String] = []) throws -> [String: String] {
        let r = try CLI.run(["export", "--store", store] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        var byID: [String: String] = [:]
        for feature in root["features"] as? [[String: Any]] ?? [] {
            let id = try #require(feature["id"] as? String)
            byID[id] = String(decoding: try JSONSerialization.data(withJSONObject: feature, options: [.sortedKeys]), as: UTF8.self)
        }
        return byID
    }

    @Test func aGeoPackageCopiedToPostGISAndBackExportsTheSameBytes() throws {
        let dir = try CLI.temporaryDirectory()
        let (field, ids, beforeChanges) = try Self.fieldStore(dir)
        let database = try TestStore.postGIS.newLocation(in: dir)
        let back = dir.appendingPathComponent("back.gpkg").path
        // 2 imported + 7 logged - 2 purged (Mistake, and report B, deleted by the merge) = 7
        // records, Withdrawn deleted among them; 6 history entries of the purged two.
        let there = try CLI.run(["copy", "--from", field, "--to", database])
        #expect(there.status == 0 && there.stdout.hasPrefix("copied 7 records: 7 inserted")
                && there.stdout.contains("6 history entries of purged incidents"), "\(there.stdout)\(there.stderr)")
        let again = try CLI.run(["copy", "--from", database, "--to", back])
        #expect(again.status == 0 && again.stdout.hasPrefix("copied 7 records: 7 inserted"), "\(again.stdout)\(again.stderr)")

        // The exports, byte for byte, feature by feature (the whole file too: same order).
        let original = try Self.features(field)
        #expect(original.count == 6)   // report B (merged) and Withdrawn are deleted: not exported
        #expect(try Self.features(database) == original)
        #expect(try Self.features(back) == original)
        let files = try [field, database, back].map { try CLI.run(["export", "--store", $0]).stdout }
        #expect(files[1] == files[0] && files[2] == files[0])
        // The history, merges and deletions included, and the store as it stood before the edit.
        for id in ids.values + ["0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5e"] {
            let histories = try [field, database, back].map { try CLI.run(["history", "--store", $0, id, "--json"]).stdout }
            #expect(histories[1] == histories[0] && histories[2] == histories[0], "history of \(id)")
        }
        let merged = try CLI.run(["history", "--store", back, ids["Report A"]!]).stdout
        #expect(merged.contains("merge") && merged.contains("killed_max: null → 6"), "\(merged)")
        // As they stood before the edit, the merge and the deletions: all but the two purged
        // since (purge removes for good), report B and Withdrawn back, Patrol unrevised.
        let before = try [field, database, back].map { try Self.features($0, ["--as-of", beforeChanges]) }
        #expect(before[0].count == 7, "\(before[0].keys)")
        #expect(before[0][ids["Withdrawn"]!] != nil && before[0][ids["Mistake"]!] == nil)
        #expect(before[0][ids["Patrol"]!]?.contains(#""title":"Patrol""#) == true)
        #expect(before[1] == before[0] && before[2] == before[0], "\(before)")
        // Copying again changes nothing.
        let twice = try CLI.run(["copy", "--from", field, "--to", database, "--json"])
        #expect(twice.status == 0 && twice.stdout.contains(#""unchanged": 7"#), "\(twice.stdout)")
    }

    @Test func aSyncBackTakesTheFieldsChangesAndListsConflicts() throws {
        let dir = try CLI.temporaryDirectory()
        let (field, ids, _) = try Self.fieldStore(dir)
        let office = try TestStore.postGIS.newLocation(in: dir)
        #expect(try CLI.run(["copy", "--from", field, "--to", office]).status == 0)
        Thread.sleep(forTimeInterval: 0.01)
        let parted = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-0.001))   // the copy is done by now
        Thread.sleep(forTimeInterval: 1.01)   // the ISO text is to the second: every edit below is after it
        // Offline in the field: one record edited; in the office: another, and one both sides.
        #expect(try CLI.run(["edit", "--store", field, ids["Two boats"]!, "--killed", "4"]).status == 0)
        #expect(try CLI.run(["edit", "--store", field, ids["Patrol"]!, "--title", "Patrol (field)"]).status == 0)
        #expect(try CLI.run(["edit", "--store", office, ids["Patrol"]!, "--title", "Patrol (office)"]).status == 0)
        #expect(try CLI.run(["edit", "--store", office, ids["Exercise areas"]!, "--title", "Exercise areas (office)"]).status == 0)
        let sync = try CLI.run(["copy", "--from", field, "--to", office, "--since", parted, "--json"])
        #expect(sync.status == 1, "\(sync.stdout)\(sync.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(sync.stdout.utf8)) as? [String: Any])
        #expect(summary["updated"] as? Int == 1)              // Two boats
        #expect(summary["not_changed_since"] as? Int == 5)    // 7 records, less Two boats and Patrol
        #expect(summary["newer_in_target"] as? Int == 0)      // Exercise areas was not changed in the field: left out
        let conflicts = summary["conflicts"] as? [[String: Any]] ?? []
        #expect(conflicts.map { $0["id"] as? String } == [ids["Patrol"]])
        let now = try Self.features(office)
        #expect(now[ids["Two boats"]!]?.contains(#""killed":4"#) == true)
        #expect(now[ids["Patrol"]!]?.contains("Patrol (office)") == true)   // never overwritten
        #expect(now[ids["Exercise areas"]!]?.contains("Exercise areas (office)") == true)
    }
}
