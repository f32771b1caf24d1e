import Foundation
import GRDB
import GRDBSQLite

/// Rows of a query copied out of SQLite as they are: text and blobs as bytes in one buffer,
/// numbers as numbers. The reading thread then does little more than step the statement, and
/// other threads turn the rows into text without the database (an export of a million rows
/// spent most of its time building a `Row` and an ``Incident`` for each, on one core).
struct RawRows: Sendable {
    /// One value, as SQLite typed it.
    enum Cell: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        /// UTF-8 bytes (as SQLite holds them: not checked) at `start..<start+count` of the buffer.
        case text(start: Int, count: Int)
        case blob(start: Int, count: Int)
    }

    /// The names of the columns, in order.
    let columnNames: [String]
    private(set) var cells: [Cell] = []
    private(set) var bytes: [UInt8] = []

    init(columnNames: [String], capacity: Int = 0) {
        self.columnNames = columnNames
        cells.reserveCapacity(capacity * columnNames.count)
    }

    /// How many rows.
    var count: Int { columnNames.isEmpty ? 0 : cells.count / columnNames.count }

    /// The value in `column` of `row`.
    subscript(row: Int, column: Int) -> Cell { cells[row * columnNames.count + column] }

    /// Copies the current row of `statement` (its columns must be ``columnNames``).
    mutating func appendRow(of statement: SQLiteStatement) {
        for i in 0..<Int32(columnNames.count) {
            switch sqlite3_column_type(statement, i) {
            case SQLITE_INTEGER: cells.append(.integer(sqlite3_column_int64(statement, i)))
            case SQLITE_FLOAT: cells.append(.real(sqlite3_column_double(statement, i)))
            case let type where type == SQLITE_TEXT || type == SQLITE_BLOB:
                // The pointer first, then the size (SQLite's documented order).
                let isText = type == SQLITE_TEXT
                let pointer = isText ? UnsafeRawPointer(sqlite3_column_text(statement, i)) : sqlite3_column_blob(statement, i)
                let count = Int(sqlite3_column_bytes(statement, i))
                let start = bytes.count
                if count > 0, let pointer { bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count)) }
                cells.append(isText ? .text(start: start, count: count) : .blob(start: start, count: count))
            default: cells.append(.null)
            }
        }
    }

    /// Calls `body` with the bytes of a text or blob cell (empty for other cells).
    func withBytes<R>(_ cell: Cell, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch cell {
        case .text(let start, let count), .blob(let start, let count):
            return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
        default:
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
    }

    /// A text cell as GRDB reads it into a String (up to the first NUL, invalid UTF-8 repaired);
    /// nil for any other cell.
    func string(_ cell: Cell) -> String? {
        guard case .text = cell else { return nil }
        return withBytes(cell) { utf8 in
            let end = utf8.firstIndex(of: 0) ?? utf8.count
            return String(decoding: UnsafeBufferPointer(rebasing: utf8[..<end]), as: UTF8.self)
        }
    }

    /// The cell as a database value, as GRDB would have read it.
    func databaseValue(_ cell: Cell) -> DatabaseValue {
        switch cell {
        case .null: return .null
        case .integer(let n): return n.databaseValue
        case .real(let x): return x.databaseValue
        case .text: return string(cell)!.databaseValue
        case .blob: return withBytes(cell) { Data($0) }.databaseValue
        }
    }

    /// Row `row` as a GRDB row (for code that reads rows by column name).
    func row(_ row: Int) -> Row {
        var values: [String: (any DatabaseValueConvertible)?] = [:]
        for (column, name) in columnNames.enumerated() where values[name] == nil {
            values[name] = databaseValue(self[row, column])
        }
        return Row(values)
    }
}
