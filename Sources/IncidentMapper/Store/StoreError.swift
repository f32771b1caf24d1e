/// What can go wrong with the incident store.
public enum StoreError: Error, CustomStringConvertible {
    /// The file could not be opened (permissions, the file system).
    case cannotOpen(path: String, reason: String)
    /// The file is not a store this version can read: not a SQLite database, corrupt, another
    /// GeoPackage, or a store written by a newer version of the tool.
    case notAStore(path: String, reason: String)
    /// No store file at this path (for commands that only read).
    case missingStore(String)
    /// No incident has this id.
    case notFound(String)
    /// An incident with this id exists already.
    case duplicateID(String)
    /// A stored geometry blob is not a GeoPackage geometry.
    case corruptGeometry(String)
    /// A request the store cannot carry out as asked (e.g. a merge of one incident).
    case invalidRequest(String)
    /// SQLite reported an error (message, and the statement when known).
    case database(String)
    /// SQLite reported an error with this primary result code (5 busy, 19 constraint, 13 disk
    /// full, ...): ``sqliteCodeName`` names it, so "busy" and "constraint" read differently.
    case sqlite(code: Int32, message: String)
    /// PostgreSQL reported an error with this SQLSTATE (`40001` serialization failure, `23505`
    /// unique violation, `42501` no privilege, `08006` connection lost, ...).
    case postgres(sqlState: String, message: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open store \(path): \(reason)"
        case .notAStore(let path, let reason): "\(path) is not an incidents store: \(reason)"
        case .missingStore(let path): "no store at \(path) (log or import an incident to create one)"
        case .notFound(let id): "no incident with id \(id)"
        case .duplicateID(let id): "an incident with id \(id) exists already"
        case .corruptGeometry(let reason): "corrupt geometry in store: \(reason)"
        case .invalidRequest(let reason): reason
        case .database(let message): "database error: \(message)"
        case .sqlite(let code, let message): "database error (\(Self.sqliteCodeName(code))): \(message)"
        case .postgres(let state, let message): "database error (PostgreSQL \(Self.sqlStateName(state))): \(message)"
        }
    }

    /// True when the store's own bytes are at fault (it is not a store, it is corrupt, or it
    /// holds a geometry blob that is not one), not the request or the machine: bad input data.
    public var isBadStoreData: Bool {
        switch self {
        case .notAStore, .corruptGeometry: true
        case .sqlite(let code, _): [11, 26].contains(code & 0xFF)   // SQLITE_CORRUPT, SQLITE_NOTADB
        default: false
        }
    }

    /// A SQLSTATE with the name of its class, e.g. `40001 serialization failure`.
    public static func sqlStateName(_ state: String) -> String {
        let names: [String: String] = [
            "40001": "serialization failure", "40P01": "deadlock", "23505": "unique violation", "23514": "check violation",
            "23503": "foreign key violation", "42501": "insufficient privilege: the database user may not do this",
            "42P01": "undefined table", "3D000": "no such database", "28P01": "wrong password", "28000": "not authorized",
            "53100": "the database server's disk is full", "53300": "too many connections", "57014": "query canceled",
            "25006": "read-only transaction: the database refuses writes (a replica, or default_transaction_read_only)",
        ]
        let classes: [String: String] = ["08": "connection lost", "22": "bad data", "23": "constraint violation",
                                         "40": "transaction rolled back", "42": "syntax or access rule", "53": "out of resources",
                                         "57": "operator intervention", "58": "system error", "XX": "internal error"]
        return state + " " + (names[state] ?? classes[String(state.prefix(2))] ?? "error")
    }

    /// SQLite's name for a primary result code, e.g. `SQLITE_BUSY (5)`.
    public static func sqliteCodeName(_ code: Int32) -> String {
        let names: [Int32: String] = [
            1: "SQLITE_ERROR", 3: "SQLITE_PERM", 4: "SQLITE_ABORT", 5: "SQLITE_BUSY: another process holds the store; try again",
            6: "SQLITE_LOCKED", 7: "SQLITE_NOMEM",
            8: "SQLITE_READONLY: the store is read-only (its file, its folder or the file system cannot be written)",
            10: "SQLITE_IOERR: the store's file could not be read or written (a full disk, a file size limit, a device error)",
            11: "SQLITE_CORRUPT",
            13: "SQLITE_FULL: the disk is full", 14: "SQLITE_CANTOPEN", 19: "SQLITE_CONSTRAINT", 26: "SQLITE_NOTADB",
        ]
        return "\(names[code & 0xFF] ?? "SQLite result") \(code & 0xFF)"
    }
}
