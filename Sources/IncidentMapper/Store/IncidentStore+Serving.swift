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

    /// Switches the file back to a rollback journal (one file), as ``setWriteAheadLogging(_:)``
    /// with `false`, if no other process has it open: SQLite allows the switch only to the last
    /// connection, and waits for the others up to the busy timeout (10 s) before it gives up
    /// with SQLITE_BUSY (a command still running, QGIS showing the layer).
    /// - Returns: false when another process kept the store open: it stays in WAL mode, which
    ///   is valid (every reader and GDAL read it as it is; the last connection to close folds
    ///   the log into the file).
    /// - Throws: ``StoreError`` for any other failure.
    public func leaveWriteAheadLogging() throws -> Bool {
        do {
            try setWriteAheadLogging(false)
            return true
        } catch StoreError.sqlite(let code, _) where code & 0xFF == 5 {   // SQLITE_BUSY
            return false
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

    /// A GeoPackage store keeps no reference layers of its own (`export --layers` adds them to a copy).
    public func updateReferenceLayers() throws -> Bool { false }

    /// WAL mode, so that the server's readers run beside its writer.
    public func prepareForServing() throws { try setWriteAheadLogging(true) }

    /// Back to the rollback journal, unless another process holds the store (false then).
    public func finishServing() throws -> Bool { try leaveWriteAheadLogging() }
}
