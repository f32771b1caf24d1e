import Foundation
import Testing
@testable import IncidentMapper

/// What only the PostGIS store has: its URL, schema versions, TLS, the pool, and writers in
/// many threads at once. (Everything both stores do is tested once for both, beside each
/// concept.)
@Suite(.enabled(if: StoreBackend.underTest.contains(.postGIS)))
struct PostGISStoreTests {
    static func url() throws -> String { try StoreBackend.postGIS.newLocation() }

    @Test func aSchemaWrittenByANewerVersionIsRefused() throws {
        let url = try Self.url()
        let store = try PostGISIncidentStore(url: url)
        try store.pool.with { try $0.execute("INSERT INTO incidents_schema_migrations (name) VALUES ('2099-01-01 from the future')") }
        try store.close()
        do {
            _ = try PostGISIncidentStore(url: url)
            Issue.record("a newer schema was opened")
        } catch let error as StoreError {
            guard case .notAStore(_, let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("2099-01-01 from the future") && reason.contains("upgrade the tool"), "\(reason)")
        }
    }

    /// A store laid out before the second migration (a two-dimensional geometry column) is
    /// upgraded when next opened: its rows stay, and a track with altitudes is then stored
    /// and read back with them.
    @Test func anOlderStoreIsUpgradedKeepingItsRowsAndThenTakesAltitudes() throws {
        let url = try Self.url()
        let store = try PostGISIncidentStore(url: url)
        let second = try #require(PostGISSchema.migrations.dropFirst().first?.name)
        try store.pool.with { connection in
            try connection.executeScript("""
                ALTER TABLE incidents DROP CONSTRAINT incidents_geom_srid;
                ALTER TABLE incidents ALTER COLUMN geom TYPE geometry(Geometry, 4326);
                DELETE FROM incidents_schema_migrations WHERE name = '\(second)';
                """)
        }
        let flat = Incident(kind: .other, geometry: .point(Position(longitude: -66, latitude: 11)), time: nil, title: "before the upgrade")
        try store.insert(flat)
        let track = Incident(kind: .flight, geometry: .lineString([Position(longitude: -66.2, latitude: 14, altitude: 9_000),
                                                                   Position(longitude: -66.6, latitude: 12.6, altitude: 9_100)]),
                             time: nil, title: "with altitudes")
        #expect(throws: StoreError.self) { try store.insert(track) }   // what the first layout refused
        try store.close()

        let upgraded = try PostGISIncidentStore(url: url)
        #expect(try upgraded.incident(id: flat.id)?.geometry == flat.geometry)
        try upgraded.insert(track)
        #expect(try upgraded.incident(id: track.id)?.geometry == track.geometry)
        let applied = try upgraded.pool.with { try $0.execute("SELECT count(*) FROM incidents_schema_migrations").int(0, 0) }
        #expect(applied == PostGISSchema.migrations.count)
    }

    @Test func aDatabaseWithoutAStoreIsMissingForReadersAndAForeignTableIsRefused() throws {
        let url = try Self.url()
        #expect {
            _ = try PostGISIncidentStore(url: url, createIfMissing: false)
        } throws: { error in
            guard case StoreError.missingStore = error else { return false }
            return true
        }
        // Nothing was laid out by the attempt.
        let other = try Self.url()
        let connection = try PostgresConnection(conninfo: StoreBackend.postgresURL!, displayURL: "")
        let schema = try #require(other.split(separator: "%3D").last?.split(separator: "%2C").first)
        try connection.execute("CREATE TABLE \(schema).incidents (x int)")
        #expect(throws: StoreError.self) { try PostGISIncidentStore(url: other) }
    }

    @Test func theURLCarriesTLSAndThePoolAndHidesThePassword() throws {
        let url = try Self.url()
        let store = try PostGISIncidentStore(url: url + "&sslmode=require&pool_size=2&pool_wait=5")
        #expect(store.pool.location.poolSize == 2 && store.pool.location.poolWaitSeconds == 5)
        let ssl = try store.pool.with { try $0.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").bool(0, 0) }
        #expect(ssl == true)
        #expect(throws: StoreError.self) { try PostgresLocation("postgresql://u@h/db?pool_size=0") }
        #expect(throws: StoreError.self) { try PostgresLocation("postgresql://u@h/db?pool_wait=x") }
        #expect(PostgresLocation.redacted("postgresql://analyst:s3cret@db.example.org/incidents") == "postgresql://analyst:***@db.example.org/incidents")
        // A server that is not there: one line, naming the URL without its password.
        do {
            _ = try PostGISIncidentStore(url: "postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2")
            Issue.record("connected to port 1")
        } catch let error as StoreError {
            guard case .cannotOpen(let location, let reason) = error else { Issue.record("\(error)"); return }
            #expect(location == "postgresql://nobody:***@127.0.0.1:1/none?connect_timeout=2")
            #expect(!error.description.contains("\n") && !reason.isEmpty, "\(error)")
        }
    }

    /// Eight threads, each with its own store (its own connections), edit one counter 25 times
    /// each: every edit reads the value and writes it plus one, so a lost update would show as
    /// a total below 200.
    @Test func concurrentEditsLoseNothing() throws {
        let url = try Self.url()
        let first = try PostGISIncidentStore(url: url)
        let counter = Incident(kind: .other, geometry: nil, time: nil, title: "counter", casualties: Casualties(killed: 0))
        try first.insert(counter)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                let store = try PostGISIncidentStore(url: url, createIfMissing: false)
                for _ in 0..<25 {
                    _ = try store.edit(id: counter.id, contexts: IncidentContextComputer()) { $0.casualties.killed! += 1 }
                }
                try store.close()
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try first.incident(id: counter.id)?.casualties.killed == 200)
        #expect(try first.history(of: counter.id).count == 201)
    }

    /// An import into an empty store drops the secondary indexes and builds them again at its
    /// end, while batches are sent on another thread. Whatever happens, the store ends with
    /// the indexes it had: after an import that fails past two sent batches (rolled back:
    /// nothing stored), after a dry run, and after an import that succeeds (and whose rows the
    /// rebuilt indexes find). A second import into the store, no longer empty, keeps them.
    @Test func aBulkImportIntoAnEmptyStoreEndsWithItsIndexesWhateverHappens() throws {
        let store = try PostGISIncidentStore(url: try Self.url())
        func indexes() throws -> [String] {
            try store.pool.with { connection in
                let rows = try connection.execute("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'incidents'::regclass ORDER BY 1")
                return (0..<rows.rowCount).compactMap { rows.string($0, 0) }
            }
        }
        let before = try indexes()
        #expect(before.count == 12 && before.contains { $0.contains("USING gist") } && before.contains { $0.contains("USING gin (search)") }, "\(before)")

        func file(_ count: Int, badAt bad: Int? = nil) throws -> String {
            var features: [String] = []
            for i in 0..<count {
                let kind = i == bad ? "no-such-kind" : "vessel-strike"
                features.append(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(-70 + Double(i % 100) / 10),\#(10 + Double(i / 100) / 100)]},"#
                    + #""properties":{"id":"\#(String(format: "00000000-0000-4000-8000-%012d", i))","kind":"\#(kind)","title":"Boat \#(i) near Isla \#(i % 7 == 0 ? "Tortuga" : "Margarita")","#
                    + #""time_start":"2025-10-01T00:00:00Z","confidence":"reported"}}"#)
            }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-\(UUID().uuidString).geojson").path
            try (#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let options = IncidentImporter.Options(computeContexts: false)

        // Fails at feature 4,500: two batches of 2,000 have been sent by then.
        let failing = try file(5_000, badAt: 4_500)
        defer { try? FileManager.default.removeItem(atPath: failing) }
        #expect(throws: IncidentError.self) { try IncidentImporter.importFile(failing, into: store, options: options) }
        #expect(try store.count() == 0)
        #expect(try indexes() == before)

        let good = try file(5_000)
        defer { try? FileManager.default.removeItem(atPath: good) }
        var dryRun = options
        dryRun.dryRun = true
        _ = try IncidentImporter.importFile(good, into: store, options: dryRun)
        #expect(try store.count() == 0)
        #expect(try indexes() == before)

        let summary = try IncidentImporter.importFile(good, into: store, options: options)
        #expect(summary.inserted == 5_000)
        #expect(try store.count() == 5_000)
        #expect(try indexes() == before)
        var search = IncidentFilter()
        search.search = "tortuga"
        #expect(try store.count(matching: search) == 715)   // i % 7 == 0 for i < 5,000
        let fourth = try store.incidents(near: Position(longitude: -69.7, latitude: 10), withinMeters: 100)
        #expect(fourth.map(\.incident.title) == ["Boat 3 near Isla Margarita"])
        let history = try store.pool.with { try $0.execute("SELECT count(*) FROM incident_history WHERE action = 'import'").int(0, 0) }
        #expect(history == 5_000)

        // Into a store that holds rows: the indexes stay, and every id is found as taken.
        var skip = options
        skip.existing = .skip
        let again = try IncidentImporter.importFile(good, into: store, options: skip)
        #expect(again.skippedExisting == 5_000 && again.inserted == 0)
        #expect(try indexes() == before)
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }
}
