/// What can go wrong with the incident store.
public enum StoreError: Error, CustomStringConvertible {
    /// The file could not be opened or is not a store of this tool.
    case cannotOpen(path: String, reason: String)
    /// No store file at this path (for commands that only read).
    case missingStore(String)
    /// No incident has this id.
    case notFound(String)
    /// An incident with this id exists already.
    case duplicateID(String)
    /// A stored geometry blob is not a GeoPackage geometry.
    case corruptGeometry(String)
    /// SQLite reported an error (message, and the statement when known).
    case database(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open store \(path): \(reason)"
        case .missingStore(let path): "no store at \(path) (log or import an incident to create one)"
        case .notFound(let id): "no incident with id \(id)"
        case .duplicateID(let id): "an incident with id \(id) exists already"
        case .corruptGeometry(let reason): "corrupt geometry in store: \(reason)"
        case .database(let message): "database error: \(message)"
        }
    }
}
