/// RFC 4180 CSV fields: reading one record, writing one record.
public enum CSVRow {
    /// Splits one CSV record into fields (quoted fields may hold commas and doubled quotes).
    /// A record whose quotes do not close returns nil: the caller may join the next line.
    public static func fields(_ line: Substring, separator: Character = ",") -> [String]? {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var iterator = line.makeIterator()
        var pending: Character?
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if c == separator {
                fields.append(field)
                field = ""
                atFieldStart = true
            } else if c != "\r" || iterator.next() != nil {
                field.append(c)
                atFieldStart = false
            }
        }
        if quoted { return nil }
        fields.append(field)
        return fields
    }

    /// One CSV record, quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }
}
