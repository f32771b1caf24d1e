import Foundation

/// The rows of a bulk import, sent with `COPY ... FROM STDIN` a few thousand at a time instead
/// of one statement per row: the incidents (with row numbers taken from the sequence first,
/// so that their context parts and history rows can name them), then those parts and rows.
struct PostGISBulkRows {
    private(set) var incidents: [Incident] = []
    /// How many rows a batch holds before it is sent.
    static let batchSize = 2_000

    var isFull: Bool { incidents.count >= Self.batchSize }
    var isEmpty: Bool { incidents.isEmpty }

    mutating func append(_ incident: Incident) { incidents.append(incident) }

    /// Sends the rows, their parts and a creation history entry each; empties the batch.
    mutating func send(_ connection: PostgresConnection, action: IncidentHistoryEntry.Action, at: Date, reason: String?) throws {
        guard !incidents.isEmpty else { return }
        defer { incidents.removeAll(keepingCapacity: true) }
        let numbers = try connection.execute("SELECT nextval('incidents_fid_seq') FROM generate_series(1, $1::integer)",
                                             [.of(incidents.count)])
        let fids = (0..<numbers.rowCount).compactMap { numbers.int64($0, 0) }
        guard fids.count == incidents.count else { throw StoreError.database("the row number sequence gave \(fids.count) numbers for \(incidents.count) rows") }
        var text: [UInt8] = []
        text.reserveCapacity(1 << 20)
        _ = try connection.copyIn("COPY incidents (fid, \(IncidentRow.columns)) FROM STDIN") { send in
            for (fid, incident) in zip(fids, incidents) {
                Self.field(String(fid), &text)
                for value in IncidentRow.values(incident) {
                    text.append(0x09)
                    switch value {
                    case .null: text += [0x5C, 0x4E]   // \N
                    case .integer(let n): Self.field(String(n), &text)
                    case .real(let x): Self.field(PostgresValue.text(for: x), &text)
                    case .text(let t): Self.field(t, &text)
                    case .geometry(let g): Self.ewkbHex(g, &text)
                    }
                }
                text.append(0x0A)
                if text.count > 1 << 20 { try send(&text) }
            }
            try send(&text)
        }
        _ = try connection.copyIn("COPY incident_context_parts (fid, layer, value, state, share) FROM STDIN") { send in
            for (fid, incident) in zip(fids, incidents) {
                for part in incident.context?.parts ?? [] {
                    Self.field(String(fid), &text); text.append(0x09)
                    Self.field(part.layer.rawValue, &text); text.append(0x09)
                    Self.field(part.value, &text); text.append(0x09)
                    if let state = part.state { Self.field(state, &text) } else { text += [0x5C, 0x4E] }
                    text.append(0x09)
                    Self.field(PostgresValue.text(for: min(1, max(0, part.share))), &text)
                    text.append(0x0A)
                }
                if text.count > 1 << 20 { try send(&text) }
            }
            try send(&text)
        }
        let time = Timestamp.format(at)
        _ = try connection.copyIn("COPY incident_history (incident_id, at, action, reason) FROM STDIN") { send in
            for incident in incidents {
                Self.field(incident.id.lowercasedText, &text); text.append(0x09)
                Self.field(time, &text); text.append(0x09)
                Self.field(action.rawValue, &text); text.append(0x09)
                if let reason { Self.field(reason, &text) } else { text += [0x5C, 0x4E] }
                text.append(0x0A)
                if text.count > 1 << 20 { try send(&text) }
            }
            try send(&text)
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
