import Foundation
import GRDB
import Testing
@testable import IncidentMapper

/// A bulk import (per-row R-tree and search triggers dropped, the R-tree written from the
/// writer's envelopes, the search index filled in one statement) leaves the store as the
/// triggers would: the same R-tree rows, the same search answers, and the triggers back.
struct BulkImportTests {
    static func incidents() throws -> [Incident] {
        var r = SeededGenerator(seed: 42)
        let words = ["strike", "Paria", "frigate", "survivors", "Güiria", "drone", "patrol", "exercise"]
        return try (0..<400).map { i in
            func p() -> Position { Position(longitude: Double.random(in: -124...(-41), using: &r), latitude: Double.random(in: -19...34, using: &r)) }
            let a = p()
            let geometry: Geometry = switch i % 4 {
            case 0, 1: .point(a)
            case 2: .lineString([a, Position(longitude: a.longitude + 0.5, latitude: a.latitude + 0.25), Position(longitude: a.longitude + 1, latitude: a.latitude)])
            default: .polygon([[a, Position(longitude: a.longitude + 1, latitude: a.latitude), Position(longitude: a.longitude + 1, latitude: a.latitude + 1), a]])
            }
            return Incident(kind: .other, geometry: geometry, time: try IncidentTime(start: Date(timeIntervalSince1970: 1.75e9 + Double(i) * 3_600)),
                            title: "\(words.randomElement(using: &r)!) \(i)", description: Bool.random(using: &r) ? words.randomElement(using: &r)! : nil,
                            sources: [Source(url: "https://example.org/\(words.randomElement(using: &r)!)")], tags: [words.randomElement(using: &r)!])
        }
    }

    @Test func bulkWritesWhatTheTriggersWouldAndBringsThemBack() throws {
        let all = try Self.incidents()
        let viaTriggers = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        try viaTriggers.insert(contentsOf: all)
        let bulk = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        try bulk.insert(contentsOf: Array(all.prefix(50)))                     // rows before the bulk ones
        try bulk.write { writer in
            try writer.beginBulk()
            for incident in all.dropFirst(50) { try writer.insert(incident) }
        }
        func rtree(_ s: IncidentStore) throws -> [[Double]] {
            try s.read { db in
                try Row.fetchAll(db, sql: "SELECT id, minx, maxx, miny, maxy FROM rtree_incidents_geom ORDER BY id").map { row in (0..<5).map { row[$0] } }
            }
        }
        #expect(try rtree(bulk) == rtree(viaTriggers))
        #expect(try rtree(bulk).count == all.count)
        for word in ["strike", "paria", "guiria", "survivors", "example", "drone*"] {
            var filter = IncidentFilter()
            filter.search = word
            #expect(try Set(bulk.incidents(matching: filter).map(\.id)) == Set(viaTriggers.incidents(matching: filter).map(\.id)), "\(word)")
            #expect(try !bulk.incidents(matching: filter).isEmpty, "\(word)")
        }
        let triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        let names = { (s: IncidentStore) in try s.read { db in try Row.fetchAll(db, sql: triggers).map { $0["name"] as String } } }
        #expect(try names(bulk) == names(viaTriggers))
        // And they work again: a row logged after the bulk is indexed and searchable.
        let later = Incident(kind: .other, geometry: .point(Position(longitude: -60, latitude: 12)), time: nil, title: "zanzibar")
        try bulk.insert(later)
        var filter = IncidentFilter()
        filter.search = "zanzibar"
        #expect(try bulk.incidents(matching: filter).map(\.id) == [later.id])
        #expect(try bulk.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM rtree_incidents_geom") } == all.count + 1)
    }

    /// A bulk import that fails leaves the triggers as they were (the DDL rolls back with it).
    @Test func aFailedBulkImportKeepsTheTriggers() throws {
        let store = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        let before = try store.read { db in try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name") }
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.write { writer in
                try writer.beginBulk()
                try writer.insert(try Self.incidents()[0])
                throw Stop()
            }
        }
        #expect(try store.read { db in try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name") } == before)
        #expect(try store.count(matching: IncidentFilter()) == 0)
    }

    /// A large bulk import drops the indexes only queries use and builds them again at its end,
    /// word for word: the store ends with the same indexes, intact, answering as before.
    @Test func aLargeBulkImportBuildsItsIndexesAgain() throws {
        let all = try Self.incidents()
        let store = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        try store.insert(contentsOf: Array(all.prefix(20)))
        let indexSQL = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
        func indexes(_ db: Database) throws -> [String] { try Row.fetchAll(db, sql: indexSQL).map { "\($0[0] as String): \($0[1] as String)" } }
        let before = try store.read(indexes)
        #expect(before.contains { $0.hasPrefix("incidents_listing_order:") })
        var duringBulk: [String] = []
        try store.write { (written: any IncidentStoreWriting) in
            let writer = written as! IncidentStoreWriter
            writer.deferIndexesAfterRows = 100
            try writer.beginBulk()
            for incident in all.dropFirst(20) { try writer.insert(incident) }
            duringBulk = try indexes(writer.db)
        }
        // They were gone inside the transaction (the import did defer them) ...
        for name in IncidentStoreWriter.deferrableIndexes {
            #expect(!duringBulk.contains { $0.hasPrefix(name + ":") }, "\(name) was kept")
        }
        // ... and are back as they were, intact.
        #expect(try store.read(indexes) == before)
        #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        // Listing order (by time) comes from the rebuilt index.
        #expect(try store.incidents().map(\.id) == all.map(\.id))
        var window = IncidentFilter()
        window.since = Date(timeIntervalSince1970: 1.75e9 + 100 * 3_600)
        window.until = Date(timeIntervalSince1970: 1.75e9 + 110 * 3_600)
        #expect(try store.incidents(matching: window).map(\.id) == Array(all[100...110]).map(\.id))
        // A small import into a larger store keeps its indexes throughout.
        try store.write { (written: any IncidentStoreWriting) in
            let writer = written as! IncidentStoreWriter
            writer.deferIndexesAfterRows = 100
            try writer.beginBulk()
            for incident in try Self.incidents().prefix(5).map({ var i = $0; i.id = UUID(); return i }) { try writer.insert(incident) }
            duringBulk = try indexes(writer.db)
        }
        #expect(duringBulk == before)
    }
}
