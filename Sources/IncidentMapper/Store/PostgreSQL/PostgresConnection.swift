import CPQ
import Foundation

/// One connection to a PostgreSQL server through libpq: the one owner of its `PGconn`. Not
/// `Sendable`: one thread uses it at a time (``PostgresPool`` hands it out).
///
/// Statements run with `PQexecParams`: every value is a bound parameter (text, or bytes in
/// binary form), never spliced into SQL. Results come back as text.
final class PostgresConnection {
    private let handle: OpaquePointer
    /// The URL it was opened with, without its password (for messages).
    let displayURL: String

    /// Connects with a libpq connection string or URL (`postgresql://user@host:port/db?sslmode=require`),
    /// in UTC with ISO dates, so that times read back in the form ``Timestamp`` parses.
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` with libpq's reason.
    init(conninfo: String, displayURL: String) throws(StoreError) {
        self.displayURL = displayURL
        guard let connection = PQconnectdb(conninfo) else {
            throw .cannotOpen(path: displayURL, reason: "libpq could not allocate a connection")
        }
        handle = connection
        // (A throw from here on runs deinit, which closes the handle.)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw .cannotOpen(path: displayURL, reason: Self.oneLine(String(cString: PQerrorMessage(handle))))
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)   // NOTICEs (IF NOT EXISTS ...) are not the user's business
        do {
            try execute("SET TimeZone = 'UTC'")
            try execute("SET DateStyle = 'ISO, YMD'")
            try execute("SET IntervalStyle = 'iso_8601'")
            try execute("SET extra_float_digits = 3")   // doubles read back exactly
        } catch {
            throw .cannotOpen(path: displayURL, reason: "\(error)")
        }
    }

    deinit { PQfinish(handle) }

    /// False once the server is gone (the pool then drops the connection).
    var isUsable: Bool { PQstatus(handle) == CONNECTION_OK }

    /// True inside a transaction block.
    var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Runs one statement with bound parameters (`$1`, `$2`, ...).
    /// - Throws: ``StoreError/postgres(sqlState:message:)`` with the server's SQLSTATE.
    @discardableResult
    func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws(StoreError) -> PostgresResult {
        let result = parameters.isEmpty
            ? PQexecParams(handle, sql, 0, nil, nil, nil, nil, 0)
            : Self.withParameters(parameters) { types, values, lengths, formats in
                PQexecParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 0)
            }
        return try check(result, sql: sql)
    }

    /// Runs several statements separated by semicolons, without parameters (a migration).
    func executeScript(_ sql: String) throws(StoreError) {
        // PQexec returns the last statement's result; an error stops the script there.
        _ = try check(PQexec(handle, sql), sql: sql)
    }

    /// Streams rows into a table with `COPY ... FROM STDIN` (text format): `body` writes lines
    /// through the given function, which sends them in blocks.
    /// - Returns: how many rows the server stored.
    func copyIn(_ sql: String, _ body: (_ send: (inout [UInt8]) throws(StoreError) -> Void) throws -> Void) throws -> Int {
        _ = try check(PQexec(handle, sql), sql: sql, expecting: PGRES_COPY_IN)
        var failure: Error?
        do {
            try body { (buffer: inout [UInt8]) throws(StoreError) in
                guard !buffer.isEmpty else { return }
                let sent = buffer.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
                }
                guard sent == 1 else { throw .postgres(sqlState: "08000", message: Self.oneLine(String(cString: PQerrorMessage(handle)))) }
                buffer.removeAll(keepingCapacity: true)
            }
        } catch {
            failure = error
        }
        PQputCopyEnd(handle, failure == nil ? nil : "the import stopped")
        var stored = 0
        var serverError: StoreError?
        while let result = PQgetResult(handle) {
            do {
                let checked = try check(result, sql: sql)
                stored += Int(String(cString: PQcmdTuples(checked.handle))) ?? 0
            } catch {
                serverError = serverError ?? error
            }
        }
        if let failure { throw failure }
        if let serverError { throw serverError }
        return stored
    }

    /// A result that is an error becomes a ``StoreError``; any other is kept.
    private func check(_ result: OpaquePointer?, sql: String, expecting expected: ExecStatusType? = nil) throws(StoreError) -> PostgresResult {
        guard let result else {
            throw .postgres(sqlState: "08006", message: Self.oneLine(String(cString: PQerrorMessage(handle))))
        }
        let owned = PostgresResult(result)
        let status = PQresultStatus(result)
        if let expected, status == expected { return owned }
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return owned
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "XX000"
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
                ?? String(cString: PQresultErrorMessage(result))
            let detail = PQresultErrorField(result, Int32(UInt8(ascii: "D"))).map { " (\(String(cString: $0)))" } ?? ""
            throw .postgres(sqlState: state, message: Self.oneLine(primary + detail) + " [" + Self.oneLine(sql).clippedForMessage() + "]")
        }
    }

    /// Calls `body` with the C arrays `PQexecParams` takes: text parameters as C strings (type
    /// left for the server to infer), bytes as binary `bytea`.
    private static func withParameters<R>(_ parameters: [PostgresValue],
                                          _ body: (UnsafePointer<Oid>, UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<Int32>, UnsafePointer<Int32>) -> R) -> R {
        var types = [Oid](repeating: 0, count: parameters.count)
        var lengths = [Int32](repeating: 0, count: parameters.count)
        var formats = [Int32](repeating: 0, count: parameters.count)
        var storage: [UnsafeMutablePointer<CChar>?] = []
        storage.reserveCapacity(parameters.count)
        for (i, parameter) in parameters.enumerated() {
            switch parameter {
            case .null:
                storage.append(nil)
            case .text(let text):
                storage.append(strdup(text))
            case .bytes(let data):
                let copy = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, data.count))
                data.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { copy.update(from: base.assumingMemoryBound(to: CChar.self), count: data.count) }
                }
                storage.append(copy)
                types[i] = 17   // bytea
                lengths[i] = Int32(data.count)
                formats[i] = 1
            }
        }
        defer {
            for (pointer, parameter) in zip(storage, parameters) {
                if case .bytes = parameter { pointer?.deallocate() } else { free(pointer) }
            }
        }
        let values = storage.map { UnsafePointer($0) }
        return values.withUnsafeBufferPointer { v in
            body(types, v.baseAddress!, lengths, formats)
        }
    }

    /// A message on one line (libpq's end with a line break, and some span several).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
