import Foundation

/// A few connections to one store, each used by one request at a time, so that reads run
/// side by side (and beside a write, in WAL mode).
final class StorePool: @unchecked Sendable {
    private let lock = NSCondition()
    private var free: [IncidentStore]

    init(path: String, count: Int) throws {
        free = try (0..<max(1, count)).map { _ in try IncidentStore(path: path, createIfMissing: false) }
    }

    /// Runs `body` with a connection, waiting for one to be free.
    func with<T>(_ body: (IncidentStore) throws -> T) rethrows -> T {
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
        for store in free { try store.close() }
        free.removeAll()
    }
}
