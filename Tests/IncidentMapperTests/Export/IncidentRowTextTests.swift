import Foundation
import GRDB
import Testing
@testable import IncidentMapper

/// The export's row writer (``IncidentRowText``: text straight from the stored bytes) gives the
/// bytes of the incident writer (``IncidentFeatureText``) for the incident each row holds, and
/// rows that another tool wrote in other forms go the general way, with the same text or the
/// same error.
struct IncidentRowTextTests {
    /// Every row of `store` in storage order, written both ways: (row text or error, incident text or error).
    static func bothWays(_ store: IncidentStore, pretty: Bool, level: Int, version: String?) throws
        -> [(id: String, rowText: Result<String, any Error>, incidentText: Result<String, any Error>, storedForm: Bool)] {
        var out: [(String, Result<String, any Error>, Result<String, any Error>, Bool)] = []
        try store.forEachRowBatch(order: .storage, batchSize: 37) { batch in
            for row in 0..<batch.count {
                let id = batch.raw.map { $0.rows.string($0.rows[row, $0.columns.id]) ?? "?" } ?? "?"
                let rowText = Result { () throws -> String in
                    var text = JSONText(pretty: pretty)
                    try IncidentRowText.append(batch, row: row, currentLayersVersion: version, indent: level, to: &text)
                    return text.text
                }
                let incidentText = Result { () throws -> String in
                    var text = JSONText(pretty: pretty)
                    try IncidentFeatureText.append(try batch.incident(at: row), currentLayersVersion: version, indent: level, to: &text)
                    return text.text
                }
                var probe = JSONText(pretty: pretty)
                let storedForm = (try? IncidentRowText.appendStoredForm(batch, row: row, currentLayersVersion: version,
                                                                        indent: level, to: &probe)) ?? false
                out.append((id, rowText, incidentText, storedForm))
            }
        }
        return out
    }

    /// Seeded incidents that vary every field, as the store takes them (a title is required).
    static func storable(_ count: Int, seed: UInt64) throws -> [Incident] {
        var r = SeededGenerator(seed: seed)
        return try (0..<count).map { _ in
            var incident = try IncidentFeatureTextTests.incident(&r)
            if incident.title.isEmpty { incident.title = "untitled \u{1F6A2}" }
            return incident
        }
    }

    @Test func rowTextEqualsTheTextOfTheIncidentStored() throws {
        let incidents = try Self.storable(400, seed: 20261202)
        let store = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        try store.insert(contentsOf: incidents)
        let byID = Dictionary(uniqueKeysWithValues: incidents.map { ($0.id.lowercasedText, $0) })
        for (pretty, level) in [(false, 0), (true, 2), (true, 1)] {
            for version in [nil, "v1"] as [String?] {
                let rows = try Self.bothWays(store, pretty: pretty, level: level, version: version)
                #expect(rows.count == incidents.count)
                var direct = 0
                for row in rows {
                    // Rows this tool wrote are in its own form, and the fast path writes them,
                    // unless a source or tag holds a character the stored JSON escapes.
                    let incident = byID[row.id]!
                    let escaped = (incident.sources.flatMap { [$0.url, $0.publisher ?? "", $0.date ?? ""] } + incident.tags)
                        .contains { $0.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{2028}" || $0 == "\u{2029}" } }
                    #expect(row.storedForm != escaped, "\(row.id): stored form \(row.storedForm), escapes \(escaped)")
                    if row.storedForm { direct += 1 }
                    let text = try row.rowText.get()
                    #expect(text == (try row.incidentText.get()), "\(row.id)")
                    // And it is the text of the incident as it was logged, not only as read back.
                    var original = JSONText(pretty: pretty)
                    try IncidentFeatureText.append(byID[row.id]!, currentLayersVersion: version, indent: level, to: &original)
                    #expect(text == original.text, "\(row.id) differs from the incident logged")
                    if text != original.text { return }
                }
                #expect(direct >= incidents.count / 4, "only \(direct) rows written straight from their bytes")
            }
        }
    }

    /// Rows edited by another tool (text where a number belongs, a time in another ISO form,
    /// an upper-case id, invalid UTF-8, a NUL, escapes in the JSON columns, an end before the
    /// start, an unknown kind): the same text as the general path, or the same error.
    @Test func rowsInOtherFormsGoTheGeneralWay() throws {
        let incidents = try Self.storable(12, seed: 99)
        let edits: [String] = [
            "UPDATE incidents SET id = upper(id) WHERE fid = 1",
            "UPDATE incidents SET time_start = '2025-09-02 14:30:00Z', time_end = NULL WHERE fid = 2",
            "UPDATE incidents SET title = CAST(X'41E2809342FF43' AS TEXT), description = CAST(X'610062' AS TEXT) WHERE fid = 3",
            "UPDATE incidents SET sources = '[{\"url\":\"https://a.example/\\u00e9\",\"date\":\"2025-09-01\"}]', tags = '[\"a\\\\b\", \"c\"]' WHERE fid = 4",
            "UPDATE incidents SET killed = 3.0, uncertainty_m = 12 WHERE fid = 5",
            "UPDATE incidents SET time_start = '2025-09-02T14:30:00.000Z', time_end = '2025-09-01T00:00:00.000Z' WHERE fid = 6",
            "UPDATE incidents SET kind = 'airstrike' WHERE fid = 7",
            "UPDATE incidents SET created_at = '2025-02-29T00:00:00.000Z' WHERE fid = 8",
            "UPDATE incidents SET tags = '[\"ok\",\"caf' || CAST(X'C3A9' AS TEXT) || '\"]', sources = '[{\"url\":\"u\",\"url\":\"v\"}]' WHERE fid = 9",
            "UPDATE incidents SET time_start = NULL, time_end = '2025-09-01T00:00:00.000Z' WHERE fid = 10",
            "UPDATE incidents SET geom = X'47500001E6100000010100000000000000000000000000000000000000' WHERE fid = 11",
            // Raw U+2028 and DEL inside stored JSON strings: still escaped on the way out.
            "UPDATE incidents SET tags = CAST(X'5B2261E280A8627F225D' AS TEXT), sources = CAST(X'5B7B2275726C223A2275E280A9227D5D' AS TEXT) WHERE fid = 12",
        ]
        let store = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        try store.insert(contentsOf: incidents)
        try store.writeDatabase { db in
            // These edits bypass the tool on purpose (as another program would).
            try db.execute(sql: "DROP TRIGGER IF EXISTS incidents_search_update")
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            for sql in edits { try db.execute(sql: sql) }
        }
        let rows = try Self.bothWays(store, pretty: false, level: 0, version: "v1")
        #expect(rows.count == incidents.count)
        var general = 0
        for (i, row) in rows.enumerated() {
            if !row.storedForm { general += 1 }
            switch (row.rowText, row.incidentText) {
            case (.success(let a), .success(let b)): #expect(a == b, "row \(i + 1)")
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "row \(i + 1)")
            default: Issue.record("row \(i + 1): \(row.rowText) but \(row.incidentText)")
            }
        }
        // The upper-case id, the other time form, the real count, the end before the start, the
        // unknown kind and the impossible date are not in the stored form.
        #expect(general >= 6)
        // An end before its start is an error, as in every other read.
        if case .success = rows[5].rowText { Issue.record("an end before the start was exported") }
    }

    /// The export writes the stored bytes as they are only when they are in this tool's form.
    @Test func storedFormsAreRecognisedExactly() {
        func check(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer(body)
        }
        #expect(check("2025-09-02T14:30:00.250Z", StoredForm.isTimestamp))
        #expect(check("2024-02-29T23:59:59.999Z", StoredForm.isTimestamp))
        #expect(check("0001-01-01T00:00:00.000Z", StoredForm.isTimestamp))
        for bad in ["2025-02-29T00:00:00.000Z", "2025-09-02T24:00:00.000Z", "2025-09-02T14:60:00.000Z",
                    "2025-09-02T14:30:60.000Z", "0000-01-01T00:00:00.000Z", "2025-13-01T00:00:00.000Z",
                    "2025-09-02T14:30:00Z", "2025-09-02 14:30:00.000Z", "2025-09-02T14:30:00.000z",
                    "2025-09-02T14:30:00.000+00:00", "2025-09-0xT14:30:00.000Z", "2025-09-00T14:30:00.000Z"] {
            #expect(!check(bad, StoredForm.isTimestamp), "\(bad)")
        }
        #expect(check("5d9dc9f8-1818-4811-892f-902bd23f0824", StoredForm.isLowercaseUUID))
        for bad in ["5D9DC9F8-1818-4811-892F-902BD23F0824", "5d9dc9f8-1818-4811-892f-902bd23f082", "5d9dc9f8x1818-4811-892f-902bd23f0824",
                    "5d9dc9f8-1818-4811-892f-902bd23f082g"] {
            #expect(!check(bad, StoredForm.isLowercaseUUID), "\(bad)")
        }
        #expect(check("vessel-strike", StoredForm.isKind) && !check("vessel_strike", StoredForm.isKind))
        #expect(check("likely", StoredForm.isConfidence) && !check("Likely", StoredForm.isConfidence))
        // A canonical time is one Timestamp writes and reads back unchanged.
        var r = SeededGenerator(seed: 3)
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &r)) / 1000)
            let text = Timestamp.format(date)
            #expect(check(text, StoredForm.isTimestamp), "\(text)")
            #expect(Timestamp.format(try! Timestamp.parse(text)) == text)
        }
    }

    /// A stored point is read from its blob as the full decoder reads it; other blobs are not.
    @Test func storedPointsReadAsTheDecoderReadsThem() throws {
        var r = SeededGenerator(seed: 5)
        for _ in 0..<500 {
            let p = Position(longitude: Double.random(in: -180...180, using: &r), latitude: Double.random(in: -90...90, using: &r))
            let blob = try GeoPackageGeometry.encode(.point(p))
            let fast = Array(blob).withUnsafeBufferPointer(StoredForm.point)
            #expect(fast == p)
            #expect(try GeoPackageGeometry.decode(blob) == .point(fast!))
        }
        for geometry: Geometry in [.point(Position(longitude: 1, latitude: 2, altitude: 3)),
                                   .lineString([Position(longitude: 1, latitude: 2), Position(longitude: 3, latitude: 4)])] {
            let blob = try GeoPackageGeometry.encode(geometry)
            #expect(Array(blob).withUnsafeBufferPointer(StoredForm.point) == nil)
        }
    }

    /// Rows handed to the streaming writer batch by batch give the document the incidents give.
    @Test func streamedRowsMakeTheDocumentTheIncidentsMake() throws {
        let store = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        let incidents = try Self.storable(300, seed: 11)
        try store.insert(contentsOf: incidents)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func document(_ form: FeatureStreamWriter.Form, pretty: Bool, rows: Bool) throws -> String {
            let path = dir.appendingPathComponent("\(UUID().uuidString).json").path
            let output = try BatchOutput(path: path)
            let writer = FeatureStreamWriter(output: output, form: form, pretty: pretty, currentLayersVersion: "v1", batchSize: 50)
            if rows {
                try store.forEachRowBatch(order: .storage, batchSize: 37) { try writer.append(rows: $0) }
            } else {
                try store.forEachIncident(order: .storage) { try writer.append($0) }
            }
            try writer.finish()
            try output.finish()
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        for (form, pretty) in [(FeatureStreamWriter.Form.featureCollection, false), (.featureCollection, true), (.textSequence, false)] {
            let viaRows = try document(form, pretty: pretty, rows: true)
            #expect(viaRows == (try document(form, pretty: pretty, rows: false)), "\(form) pretty \(pretty)")
        }
        // The compact collection is one JSON document with every incident, in the order stored.
        let compact = try JSONParser().parse(try document(.featureCollection, pretty: false, rows: true))
        let ids = compact.objectValue?["features"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue }
        #expect(ids == incidents.map(\.id.lowercasedText))
    }

    /// A row that cannot be read, in the middle of a streamed export, stops it with the store's
    /// error (formatted and written on other threads, the error still reaches the caller).
    @Test func aBadRowInTheMiddleStopsTheStreamWithItsError() throws {
        let store = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        try store.insert(contentsOf: try Self.storable(300, seed: 12))
        try store.writeDatabase { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE incidents SET kind = 'airstrike' WHERE fid = 150")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).geojson").path
        let output = try BatchOutput(path: path)
        defer { output.abandon() }
        let writer = FeatureStreamWriter(output: output, form: .featureCollection, pretty: false, batchSize: 50)
        #expect {
            try store.forEachRowBatch(order: .storage, batchSize: 20) { try writer.append(rows: $0) }
            try writer.finish()
        } throws: { error in
            "\(error)".contains("airstrike")
        }
    }
}
