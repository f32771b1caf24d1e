import CPQ
import Foundation

/// The rows a statement returned, in text form: the one owner of its `PGresult`.
final class PostgresResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQclear(handle) }

    var rowCount: Int { Int(PQntuples(handle)) }
    var columnCount: Int { Int(PQnfields(handle)) }
    /// How many rows an INSERT, UPDATE or DELETE touched.
    var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// The column names, in order.
    var columnNames: [String] { (0..<columnCount).map { String(cString: PQfname(handle, Int32($0))) } }

    /// Where the column with this name is (nil when the result has none).
    func column(_ name: String) -> Int? {
        let index = PQfnumber(handle, "\"\(name)\"")
        return index < 0 ? nil : Int(index)
    }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    /// The value as text, nil for NULL.
    func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        return String(cString: value)
    }

    func int(_ row: Int, _ column: Int) -> Int? { string(row, column).flatMap { Int($0) } }
    func int64(_ row: Int, _ column: Int) -> Int64? { string(row, column).flatMap { Int64($0) } }
    func double(_ row: Int, _ column: Int) -> Double? {
        guard let text = string(row, column) else { return nil }
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }
    func bool(_ row: Int, _ column: Int) -> Bool? { string(row, column).map { $0 == "t" } }

    /// A `bytea` value (text form `\x` and hex digits) as bytes.
    func bytes(_ row: Int, _ column: Int) -> Data? {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { text in
            guard length >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x") else { return nil }
            return Self.hexDecoded(UnsafeBufferPointer(start: text + 2, count: length - 2))
        }
    }

    private static func hexDecoded(_ hex: UnsafeBufferPointer<UInt8>) -> Data? {
        guard hex.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var out = Data(count: hex.count / 2)
        let ok = out.withUnsafeMutableBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            for i in 0..<bytes.count {
                guard let high = nibble(hex[2 * i]), let low = nibble(hex[2 * i + 1]) else { return false }
                bytes[i] = high << 4 | low
            }
            return true
        }
        return ok ? out : nil
    }
}
