import Foundation
import GRDB

extension IncidentStore {
    /// Switches the file to SQLite's write-ahead log (`on`), so that readers go on while a
    /// write commits, or back to a rollback journal, which keeps the store one file (as a
    /// GeoPackage is usually shared). `incidents serve` turns it on while it serves.
    public func setWriteAheadLogging(_ on: Bool) throws {
        do {
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: on ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE")
            }
        } catch let error as DatabaseError {
            throw Self.storeError(error)
        }
    }

    /// Closes the store's connection now (rather than when the last reference goes), e.g.
    /// before the file changes journal mode. The store cannot be used afterwards.
    public func close() throws {
        do {
            try queue.close()
        } catch let error as DatabaseError {
            throw Self.storeError(error)
        }
    }
}
