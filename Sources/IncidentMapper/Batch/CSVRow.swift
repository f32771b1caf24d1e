/// Writing one RFC 4180 CSV record (reading: ``CSVReader``).
public enum CSVRow {
    /// One CSV record, quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        var out = ""
        out.reserveCapacity(fields.reduce(fields.count) { $0 + $1.utf8.count })
        for (i, f) in fields.enumerated() {
            if i > 0 { out += "," }
            out += needsQuotes(f) ? quoted(f) : f
        }
        return out
    }

    /// True when a field holds a comma, a quote or a line break.
    static func needsQuotes(_ field: String) -> Bool {
        field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }

    /// The field in quotes, its quotes doubled.
    static func quoted(_ field: String) -> String {
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(field.utf8.count + 8)
        for b in field.utf8 {
            bytes.append(b)
            if b == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
        return bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }
}
