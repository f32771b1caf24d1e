import Foundation
import GRDB
import Testing
@testable import IncidentMapper

/// The GeoPackage store: round trips of every field, all-or-nothing batches, the R-tree index.
struct IncidentStoreTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).gpkg").path
    }

    static func sample(_ geometry: Geometry, kind: IncidentKind = .vesselStrike) throws -> Incident {
        Incident(kind: kind, geometry: geometry,
                 time: try IncidentTime(start: Timestamp.parse("2025-09-02T14:30:00Z"),
                                        end: Timestamp.parse("2025-09-03T02:00:00.250Z")),
                 title: "Strike north of Paria", description: "Reported by the US Secretary of Defense",
                 casualties: Casualties(killed: 11, injured: nil, missing: 0),
                 sources: [Source(url: "https://example.org/report", publisher: "Reuters", date: "2025-09-02")],
                 confidence: .likely, tags: ["caribbean", "strike"],
                 createdAt: try Timestamp.parse("2025-09-04T10:00:00.123Z"))
    }

    static let point = Geometry.point(Position(longitude: -63.9, latitude: 11.2))
    static let track = Geometry.lineString([Position(longitude: -66.5, latitude: 13.2),
                                            Position(longitude: -66.9, latitude: 11.8)])
    static let zone = Geometry.polygon([[
        Position(longitude: -61, latitude: 11), Position(longitude: -60.5, latitude: 11),
        Position(longitude: -60.5, latitude: 11.5), Position(longitude: -61, latitude: 11),
    ]])

    /// A track of fixes with altitudes (ADS-B), kept in three dimensions.
    static let flownTrack = Geometry.lineString([Position(longitude: -66.2, latitude: 14, altitude: 9_000),
                                                 Position(longitude: -66.6, latitude: 12.6, altitude: 9_100.5)])

    @Test(arguments: StoreBackend.underTest, [point, track, zone, flownTrack])
    func everyFieldSurvivesInsertAndFetch(backend: StoreBackend, geometry: Geometry) throws {
        let store = try backend.makeStore()
        let incident = try Self.sample(geometry)
        try store.insert(incident)
        #expect(try store.incident(id: incident.id) == incident)
    }

    /// The store keeps its own rules, whoever calls it: an invalid geometry (a bow-tie), a
    /// position beyond WGS84 ranges, an empty title are refused on insert and on update, and
    /// the file is left as it was.
    @Test(arguments: [
        ("geometry", Geometry.polygon([[Position(longitude: 0, latitude: 0), Position(longitude: 1, latitude: 1),
                                        Position(longitude: 1, latitude: 0), Position(longitude: 0, latitude: 1),
                                        Position(longitude: 0, latitude: 0)]]), "t"),
        ("geometry", Geometry.point(Position(longitude: -190, latitude: 10)), "t"),
        ("geometry", Geometry.point(Position(longitude: -66, latitude: .nan)), "t"),
        ("title", Geometry.point(Position(longitude: -66, latitude: 10)), "  "),
    ])
    func theStoreRefusesWhatBreaksItsRules(field: String, geometry: Geometry, title: String) throws {
        for backend in StoreBackend.underTest { try theStoreRefusesWhatBreaksItsRules(backend, field: field, geometry: geometry, title: title) }
    }

    func theStoreRefusesWhatBreaksItsRules(_ backend: StoreBackend, field: String, geometry: Geometry, title: String) throws {
        let store = try backend.makeStore()
        var bad = try Self.sample(geometry)
        bad.title = title
        #expect(throws: IncidentError.self) { try store.insert(bad) }
        #expect(try store.count() == 0)
        let good = try Self.sample(Self.point)
        try store.insert(good)
        var changed = good
        changed.geometry = geometry
        changed.title = title
        do {
            try store.update(changed)
            Issue.record("update accepted a bad \(field)")
        } catch let error as IncidentError {
            #expect(error.field == field)
        }
        #expect(try store.incident(id: good.id)?.geometry == Self.point)
    }

    @Test func storeIsAGeoPackageWithRTreeRows() throws {
        let path = Self.temporaryPath()
        let store = try IncidentStore(path: path)
        try store.insert(contentsOf: [try Self.sample(Self.point), try Self.sample(Self.zone)])
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(72)
        #expect(Array(header[68..<72]) == [0x47, 0x50, 0x4B, 0x47])   // application_id "GPKG"
        let inBox = try store.incidents(matching: IncidentFilter(boundingBox: Envelope(
            minLongitude: -61.2, minLatitude: 10.9, maxLongitude: -60.4, maxLatitude: 11.6)))
        #expect(inBox.map(\.geometry) == [Self.zone])
    }

    @Test(arguments: StoreBackend.underTest)
    func aFailingBatchWritesNothing(backend: StoreBackend) throws {
        let store = try backend.makeStore()
        let first = try Self.sample(Self.point)
        try store.insert(first)
        let fresh = try Self.sample(Self.track)
        #expect(throws: StoreError.self) { try store.insert(contentsOf: [fresh, first]) }   // second is a duplicate
        #expect(try store.count() == 1)
        #expect(try store.incident(id: fresh.id) == nil)
    }

    @Test(arguments: StoreBackend.underTest)
    func updateDeleteAndFilters(backend: StoreBackend) throws {
        let store = try backend.makeStore()
        var strike = try Self.sample(Self.point)
        let flight = try Self.sample(Self.track, kind: .flight)
        try store.insert(contentsOf: [strike, flight])
        strike.casualties.killed = nil
        strike.geometry = Self.zone
        try store.update(strike)
        #expect(try store.incident(id: strike.id)?.casualties.killed == nil)
        #expect(try store.incidents(matching: IncidentFilter(kind: .flight)).map(\.id) == [flight.id])
        #expect(try store.incidents(matching: IncidentFilter(since: Timestamp.parse("2025-09-04"))).isEmpty)
        #expect(try store.incidents(matching: IncidentFilter(until: Timestamp.parse("2025-09-01"))).isEmpty)
        #expect(try store.incidents(matching: IncidentFilter(since: Timestamp.parse("2025-09-03"))).count == 2)
        try store.delete(id: flight.id)
        #expect(throws: StoreError.self) { try store.delete(id: flight.id) }
        #expect(try store.count() == 1)
    }

    @Test func reopeningKeepsDataAndRefusesForeignDatabases() throws {
        let path = Self.temporaryPath()
        let incident = try Self.sample(Self.zone)
        try IncidentStore(path: path).insert(incident)
        #expect(try IncidentStore(path: path).incident(id: incident.id) == incident)

        let foreign = Self.temporaryPath()
        try Data("not a database at all, just text that is long enough to not be empty".utf8)
            .write(to: URL(fileURLWithPath: foreign))
        #expect(throws: StoreError.self) { try IncidentStore(path: foreign) }
    }

    /// Text, a truncated store and a plain SQLite file are each "not an incidents store", an error
    /// of the data (the CLI's 65), not of the machine; none of them is changed by the attempt.
    @Test func filesThatAreNotStoresAreBadDataAndStayUntouched() throws {
        let good = Self.temporaryPath()
        try IncidentStore(path: good).insert(try Self.sample(Self.zone))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let text = Self.temporaryPath(), truncated = Self.temporaryPath(), plain = Self.temporaryPath()
        try Data("not a database at all, just text that is long enough to not be empty".utf8).write(to: URL(fileURLWithPath: text))
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: truncated))
        try Self.sqlite(plain, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")
        for path in [text, truncated, plain] {
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            do {
                _ = try IncidentStore(path: path, createIfMissing: false)
                Issue.record("\(path) was opened as a store")
            } catch let error as StoreError {
                guard case .notAStore = error else { Issue.record("\(path): \(error), not notAStore"); continue }
                #expect(error.isBadStoreData)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
    }

    @Test func anotherGeoPackageIsRefusedUntouched() throws {
        let path = Self.temporaryPath()
        // A GeoPackage made by someone else: application_id set, a table of its own.
        let other = try IncidentStore(path: path)   // lay out a GeoPackage, then make it foreign
        _ = other
        try Self.sqlite(path, "DROP TABLE grdb_migrations")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try IncidentStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func readersDoNotCreateAStore() {
        let path = Self.temporaryPath()
        #expect(throws: StoreError.self) { try IncidentStore(path: path, createIfMissing: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(arguments: StoreBackend.underTest)
    func existingIDsAreFound(backend: StoreBackend) throws {
        let store = try backend.makeStore()
        let a = try Self.sample(Self.point)
        try store.insert(a)
        #expect(try store.existingIDs([a.id, UUID()]) == [a.id])
    }

    static func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        try process.run()
        process.waitUntilExit()
    }

    @Test func geoPackageBlobCarriesEnvelopeAndDecodes() throws {
        let blob = try GeoPackageGeometry.encode(Self.zone)
        let header = try GeoPackageGeometry.Header(blob)
        #expect(header.srsID == 4326)
        #expect(header.envelope == Envelope(minLongitude: -61, minLatitude: 11, maxLongitude: -60.5, maxLatitude: 11.5))
        #expect(try GeoPackageGeometry.decode(blob) == Self.zone)
        #expect(throws: StoreError.self) { try GeoPackageGeometry.Header(Data([1, 2, 3, 4, 5, 6, 7, 8])) }
    }

    /// An error is one line on stderr, and says what a read-only store means for the user
    /// (reclassify's multi-line UPDATE made three lines; seen in Tests/faults/disk_full.sh).
    @Test func aStoreErrorIsOneLineAndSaysTheStoreIsReadOnly() {
        let error = IncidentStore.storeError(DatabaseError(resultCode: .SQLITE_READONLY, message: "attempt to write a readonly database",
                                                           sql: "UPDATE incidents SET fir = ?,\n  surface_kind = ?\nWHERE fid = ?"))
        #expect(!error.description.contains("\n"), "\(error.description)")
        #expect(error.description.contains("the store is read-only"), "\(error.description)")
        #expect(error.description.contains("(UPDATE incidents SET fir = ?, surface_kind = ? WHERE fid = ?)"), "\(error.description)")
    }

    /// An edit's history entry carries the record's own updatedAt (they were taken from two
    /// clocks, milliseconds apart; seen by Tests/faults/check_store.py after the kill loop).
    @Test(arguments: StoreBackend.underTest)
    func anEditsHistoryTimeIsTheRecordsUpdatedAt(backend: StoreBackend) throws {
        let store = try backend.makeStore()
        let incident = Incident(kind: .other, geometry: nil, time: nil, title: "before")
        try store.insert(incident)
        let now = try Timestamp.parse("2025-11-01T10:00:00.123Z")
        let (edited, changed) = try store.edit(id: incident.id, contexts: IncidentContextComputer(), now: now) { $0.title = "after" }
        #expect(changed && edited.updatedAt == now)
        #expect(try store.incident(id: incident.id)?.updatedAt == now)
        #expect(try store.history(of: incident.id).first { $0.action == .edit }?.at == now)
    }
}
