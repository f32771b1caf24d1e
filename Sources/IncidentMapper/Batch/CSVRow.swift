/// Writing one RFC 4180 CSV record (reading: ``CSVReader``).
public enum CSVRow {
    /// One CSV record, quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }
}
