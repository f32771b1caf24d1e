import Foundation
import IncidentMapper

/// The CSV record reader (RFC 4180). Properties: it ends (no record without progress); every
/// record read, written back with every field quoted, reads back as the same fields.
enum CSVFuzz {
    static let target = FuzzTarget(name: "csv") { bytes in
        guard bytes.count <= 1 << 16 else { return }
        let reader = CSVReader(bytes: Array(bytes), maxFieldBytes: 1 << 12)
        var records: [[String]] = []
        do {
            while let record = try reader.next() {
                records.append(record.fields)
                guard records.count <= bytes.count + 1 else { violated("more records than bytes: the reader does not move on") }
            }
        } catch { return }
        let quoted = records.map { fields in
            fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
        }.joined(separator: "\r\n")
        let again = CSVReader(bytes: Array(quoted.utf8), maxFieldBytes: 1 << 13)
        var reread: [[String]] = []
        do {
            while let record = try again.next() { reread.append(record.fields) }
        } catch { violated("the quoted form is refused (\(error)): \(quoted.prefix(200).debugDescription)") }
        guard reread == records else { violated("records changed when quoted: \(records.prefix(3)) → \(reread.prefix(3))") }
    }
}
