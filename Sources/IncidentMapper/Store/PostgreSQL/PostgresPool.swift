import Foundation

/// Connections to one database, each used by one thread at a time, opened as they are needed
/// up to ``PostgresLocation/poolSize``. A connection the server dropped is closed and replaced.
final class PostgresPool: @unchecked Sendable {
    let location: PostgresLocation
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var closed = false

    /// Opens the first connection at once, so that a wrong URL fails here.
    init(_ location: PostgresLocation) throws(StoreError) {
        self.location = location
        idle = [try PostgresConnection(conninfo: location.conninfo, displayURL: location.displayURL)]
        open = 1
    }

    /// Runs `body` with a connection, waiting up to `pool_wait` seconds for one to be free.
    func with<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try take()
        defer { give(connection) }
        return try body(connection)
    }

    private func take() throws -> PostgresConnection {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(location.poolWaitSeconds)
        while true {
            guard !closed else { throw StoreError.invalidRequest("the store is closed") }
            if let connection = idle.popLast() {
                if connection.isUsable { return connection }
                open -= 1
                continue
            }
            if open < location.poolSize {
                open += 1
                condition.unlock()
                do {
                    let connection = try PostgresConnection(conninfo: location.conninfo, displayURL: location.displayURL)
                    condition.lock()
                    return connection
                } catch {
                    condition.lock()
                    open -= 1
                    throw error
                }
            }
            guard condition.wait(until: deadline) else {
                throw StoreError.postgres(sqlState: "53300", message: "all \(location.poolSize) connections of the pool stayed busy for \(location.poolWaitSeconds) s (raise pool_size or pool_wait in the store URL)")
            }
        }
    }

    private func give(_ connection: PostgresConnection) {
        // A transaction left open (a body that threw past its own rollback) ends here, before
        // anyone else can be handed the connection.
        if connection.isInTransaction { _ = try? connection.execute("ROLLBACK") }
        condition.lock()
        defer { condition.unlock() }
        if closed || !connection.isUsable {
            open -= 1
        } else {
            idle.append(connection)
        }
        condition.signal()
    }

    /// Closes the idle connections; those in use close when they come back.
    func close() {
        condition.lock()
        closed = true
        open -= idle.count
        idle.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
