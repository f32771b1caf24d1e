import Foundation

/// A few connections to one store, each used by one request at a time, so that reads run
/// side by side (and beside a write). A GeoPackage store is one connection each; a PostGIS
/// store pools its own connections, so one store object serves every reader.
final class StorePool: @unchecked Sendable {
    private let lock = NSCondition()
    private var free: [any IncidentStoring]

    /// - Parameter first: a store already open at `location` (a PostGIS store is shared).
    init(location: String, count: Int, first: any IncidentStoring) throws {
        if first is PostGISIncidentStore {
            free = Array(repeating: first, count: max(1, count))
        } else {
            free = try (0..<max(1, count)).map { _ in try IncidentStores.open(location, createIfMissing: false) }
        }
    }

    /// Runs `body` with a connection, waiting for one to be free.
    func with<T>(_ body: (any IncidentStoring) throws -> T) rethrows -> T {
        lock.lock()
        while free.isEmpty { lock.wait() }
        let store = free.removeLast()
        lock.unlock()
        defer {
            lock.lock()
            free.append(store)
            lock.signal()
            lock.unlock()
        }
        return try body(store)
    }

    /// Closes every connection (once no request uses one).
    func close() throws {
        lock.lock()
        defer { lock.unlock() }
        var closed = Set<ObjectIdentifier>()
        for store in free where closed.insert(ObjectIdentifier(store)).inserted { try store.close() }
        free.removeAll()
    }
}
