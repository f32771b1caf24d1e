import Foundation

/// The rows of a bulk import, sent with `COPY ... FROM STDIN` a few thousand at a time instead
/// of one statement per row: the incidents (with row numbers taken from the sequence first,
/// so that their context parts can name them), then those parts and a history row each.
///
/// A full batch is encoded on the caller's thread and sent on another, so the server stores
/// one batch while the caller parses and encodes the next. One send at most is in flight, and
/// it is the only user of the connection while it runs: ``settle()`` waits for it (and
/// rethrows its error), and must be called before the connection is used for anything else,
/// COMMIT and ROLLBACK included.
final class PostGISBulkRows {
    private var incidents: [Incident] = []
    /// How many rows a batch holds before it is sent.
    static let batchSize = 2_000
    private let connection: PostgresConnection
    private var inFlight: PendingSend?

    var isFull: Bool { incidents.count >= Self.batchSize }

    init(_ connection: PostgresConnection) { self.connection = connection }

    func append(_ incident: Incident) { incidents.append(incident) }

    /// Encodes the batch, each row with a history entry (`action` at `at`, for `reason`), and
    /// starts sending it (after the previous send has ended); empties the batch.
    func send(action: IncidentHistoryEntry.Action, at: Date, reason: String?) throws {
        guard !incidents.isEmpty else { return }
        let batch = encode(incidents, action: action, time: Timestamp.format(at), reason: reason)
        incidents.removeAll(keepingCapacity: true)
        try settle()
        nonisolated(unsafe) let connection = connection
        inFlight = PendingSend { try batch.send(connection) }
    }

    /// Waits for the send in flight, if any, and rethrows its error.
    func settle() throws {
        guard let pending = inFlight else { return }
        inFlight = nil
        try pending.wait()
    }

    /// The COPY text of the rows, less their row numbers (known once the send takes them).
    private func encode(_ incidents: [Incident], action: IncidentHistoryEntry.Action, time: String, reason: String?) -> EncodedBatch {
        var batch = EncodedBatch(count: incidents.count)
        batch.rows.reserveCapacity(incidents.count * 400)
        for incident in incidents {
            for value in IncidentRow.values(incident) {
                switch value {
                case .null: batch.rows += [0x5C, 0x4E]   // \N
                case .integer(let n): Self.field(String(n), &batch.rows)
                case .real(let x): Self.field(PostgresValue.text(for: x), &batch.rows)
                case .text(let t): Self.field(t, &batch.rows)
                case .geometry(let g): Self.ewkbHex(g, &batch.rows)
                }
                batch.rows.append(0x09)
            }
            batch.rowEnds.append(batch.rows.count)
            for part in incident.context?.parts ?? [] {
                Self.field(part.layer.rawValue, &batch.parts); batch.parts.append(0x09)
                Self.field(part.value, &batch.parts); batch.parts.append(0x09)
                if let state = part.state { Self.field(state, &batch.parts) } else { batch.parts += [0x5C, 0x4E] }
                batch.parts.append(0x09)
                Self.field(PostgresValue.text(for: min(1, max(0, part.share))), &batch.parts)
                batch.parts.append(0x09)
                batch.partEnds.append((owner: batch.rowEnds.count - 1, end: batch.parts.count))
            }
            Self.field(incident.id.lowercasedText, &batch.history); batch.history.append(0x09)
            Self.field(time, &batch.history); batch.history.append(0x09)
            Self.field(action.rawValue, &batch.history); batch.history.append(0x09)
            if let reason { Self.field(reason, &batch.history) } else { batch.history += [0x5C, 0x4E] }
            batch.history.append(0x0A)
        }
        return batch
    }

    /// A batch in COPY's text format. Each incident line and part line ends with a tab where
    /// its row number (the last column) goes.
    private struct EncodedBatch: @unchecked Sendable {   // plain bytes, handed to one thread
        let count: Int
        var rows: [UInt8] = []
        var rowEnds: [Int] = []
        var parts: [UInt8] = []
        var partEnds: [(owner: Int, end: Int)] = []
        var history: [UInt8] = []

        init(count: Int) { self.count = count }

        func send(_ connection: PostgresConnection) throws {
            let numbers = try connection.execute("SELECT nextval('incidents_fid_seq') FROM generate_series(1, $1::integer)", [.of(count)])
            let fids = (0..<numbers.rowCount).compactMap { numbers.int64($0, 0) }
            guard fids.count == count else { throw StoreError.database("the row number sequence gave \(fids.count) numbers for \(count) rows") }
            try Self.copy("COPY incidents (\(IncidentRow.columns), fid) FROM STDIN", rows, lineEnds: rowEnds.enumerated().map { ($0.offset, $0.element) },
                          fids: fids, connection)
            if !partEnds.isEmpty {
                try Self.copy("COPY incident_context_parts (layer, value, state, share, fid) FROM STDIN", parts,
                              lineEnds: partEnds.map { ($0.owner, $0.end) }, fids: fids, connection)
            }
            _ = try connection.copyIn("COPY incident_history (incident_id, at, action, reason) FROM STDIN") { send in
                var text = history
                try send(&text)
            }
        }

        /// Sends `bytes` line by line, each completed with its owner's row number.
        private static func copy(_ sql: String, _ bytes: [UInt8], lineEnds: [(owner: Int, end: Int)], fids: [Int64],
                                 _ connection: PostgresConnection) throws {
            _ = try connection.copyIn(sql) { send in
                var text: [UInt8] = []
                text.reserveCapacity(1 << 20 + 4_096)
                var start = 0
                for (owner, end) in lineEnds {
                    text += bytes[start..<end]
                    text += String(fids[owner]).utf8
                    text.append(0x0A)
                    start = end
                    if text.count > 1 << 20 { try send(&text) }
                }
                try send(&text)
            }
        }
    }

    /// A send running on another thread, waited for once.
    private final class PendingSend: @unchecked Sendable {   // `failure` written once, read after the semaphore
        private var failure: Error?
        private let done = DispatchSemaphore(value: 0)

        init(_ work: @escaping () throws -> Void) {
            nonisolated(unsafe) let work = work
            Thread.detachNewThread { [self] in
                do { try work() } catch { failure = error }
                done.signal()
            }
        }

        func wait() throws {
            done.wait()
            if let failure { throw failure }
        }
    }

    /// A value in COPY's text format: backslash, tab, line feed and carriage return escaped.
    static func field(_ value: String, _ out: inout [UInt8]) {
        for byte in value.utf8 {
            switch byte {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            default: out.append(byte)
            }
        }
    }

    /// The geometry as hex EWKB with SRID 4326 (the form a `geometry` column reads as text):
    /// the ISO WKB of ``WKBCodec`` with the SRID flag and number after its type.
    static func ewkbHex(_ geometry: Geometry, _ out: inout [UInt8]) {
        var wkb = WKBCodec.encode(geometry)
        guard wkb.count >= 5, wkb[0] == 1 else { return hex(wkb, &out) }   // little-endian, as WKBCodec writes
        let type = UInt32(wkb[1]) | UInt32(wkb[2]) << 8 | UInt32(wkb[3]) << 16 | UInt32(wkb[4]) << 24
        let flagged = type | 0x2000_0000
        wkb.replaceSubrange(1..<5, with: [UInt8(flagged & 0xFF), UInt8(flagged >> 8 & 0xFF), UInt8(flagged >> 16 & 0xFF), UInt8(flagged >> 24)])
        wkb.insert(contentsOf: [0xE6, 0x10, 0x00, 0x00], at: 5)   // 4326
        hex(wkb, &out)
    }

    private static func hex(_ bytes: [UInt8], _ out: inout [UInt8]) {
        let digits = Array("0123456789ABCDEF".utf8)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
    }
}
