import Foundation
import GRDB

/// Writes incidents inside one transaction of ``IncidentStore/write(_:)``. Not `Sendable`: it
/// lives only as long as that call, on its thread.
///
/// Statements are prepared once and reused. The layer's extent in `gpkg_contents` is widened by
/// what was written, and recomputed from the R-tree only when a removed or moved geometry lay on
/// its edge, so a bulk import never rescans the index.
public final class IncidentStoreWriter: IncidentStoreWriting {
    /// What ``upsert(_:defaultTime:)`` did. A deleted incident is left deleted and unchanged (an
    /// import does not bring back what someone deleted; ``IncidentStore/restore(id:reason:now:)`` does).
    public typealias Outcome = UpsertOutcome

    let db: Database
    private var added: Envelope?
    private var removedOnEdge = false
    private var removedEnvelopes: [Envelope] = []

    /// What a new incident's history entry says (`log`, or `import` for an import).
    public var creation: IncidentHistoryEntry.Action = .log
    /// What a change's history entry says (`edit`, `import`, `merge`).
    public var change: IncidentHistoryEntry.Action = .edit
    /// Entries added to the `changes` of each change's history entry (a merge's `merged_from`).
    public var changeExtras = JSONObject()
    /// Why, for the history (`--reason`).
    public var reason: String?
    /// The time the history records.
    public var now = Timestamp.truncatedToMilliseconds(Date())

    /// True while ``beginBulk()``'s larger page cache is in force.
    private var raisedCache = false

    /// Puts back the page cache ``beginBulk()`` raised (the transaction has ended either way).
    func endBulkSettings() {
        if raisedCache { try? setCacheSize(mebibytes: 16) }
        raisedCache = false
    }

    /// Set by ``beginBulk()``: the largest row number before the bulk rows.
    private var bulkAfterFID: Int64?
    /// Rows a bulk import has inserted, and how many the store held before it.
    private var bulkInserted = 0, bulkRowsBefore = 0
    /// Indexes a large bulk import dropped (name and CREATE statement), made again at its end.
    private var deferredIndexes: [(name: String, sql: String)] = []
    /// A bulk import that has inserted this many rows, and at least as many as the store held
    /// before, drops the indexes no import reads (``deferrableIndexes``) and builds them again
    /// at the end: one sorted build instead of a million inserts in random key order.
    var deferIndexesAfterRows = 50_000
    /// Indexes that serve queries only: an import never looks rows up through them.
    static let deferrableIndexes = ["incidents_time_start", "incidents_time_span", "incidents_span_length", "incidents_listing_order", "incidents_fir", "incidents_surface_kind",
                                    "incidents_max_leg", "incident_history_incident", "incident_context_parts_value",
                                    "incident_context_parts_state"]

    init(_ db: Database) { self.db = db }

    /// Starts a bulk import inside this transaction. Once it has written many rows, the indexes
    /// that serve only queries are dropped and built again at the end (``deferIndexesAfterRows``).
    /// The two per-row insert triggers that cost most are dropped: the R-tree entry is then written from the envelope the writer already
    /// knows (no SQL function decodes the geometry), and the search index gets all new rows in
    /// one statement at ``finish()`` (FTS5 flushes its terms at every statement otherwise: six
    /// times slower). Both triggers are created again word for word before the commit, so no
    /// other connection ever sees them missing, and a rollback or a crash brings them back.
    public func beginBulk() throws {
        guard bulkAfterFID == nil else { return }
        // A bulk import updates several indexes in random key order (ids, times): with a cache
        // too small for them, SQLite spills and re-reads pages at every batch. 64 MiB bounds
        // the memory whatever the size of the file (256 measured no faster at 1M); the
        // connection's usual 16 MiB comes back once the rows are in (endBulk), or when the
        // transaction ends (endBulkSettings).
        try setCacheSize(mebibytes: 64)
        raisedCache = true
        bulkAfterFID = try largestFID()
        bulkInserted = 0
        bulkRowsBefore = try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents") ?? 0
        // IF EXISTS: a store another tool edited may lack one; it is created at the end either way.
        try db.execute(sql: "DROP TRIGGER IF EXISTS rtree_incidents_geom_insert; DROP TRIGGER IF EXISTS \(GeoPackageSchema.searchTable)_insert")
    }

    /// Indexes the bulk rows for search and brings the triggers back.
    private func endBulk() throws {
        guard let after = bulkAfterFID else { return }
        bulkAfterFID = nil
        // The rows are in: the search rows and the index builds below read them in fid order
        // and do not need the raised cache (with it, a million-row import peaked 50 MB higher
        // and was no faster).
        endBulkSettings()
        let t = GeoPackageSchema.searchTable
        try db.execute(sql: """
            INSERT INTO \(t) (rowid, title, description, tags, sources)
              SELECT fid, title, coalesce(description, ''), tags, sources FROM incidents WHERE fid > ?;
            """, arguments: [after])
        try db.execute(sql: GeoPackageSchema.searchInsertTrigger)
        try db.execute(sql: GeoPackageSchema.rtreeInsertTrigger(table: GeoPackageSchema.featureTable,
                                                                 column: GeoPackageSchema.geometryColumn, idColumn: "fid"))
        // The dropped indexes, word for word as they were. Their sorts spill to files, not
        // memory (SQLite allows the switch here while the connection has no temporary tables;
        // if it does, the sorts stay in memory).
        if !deferredIndexes.isEmpty {
            try? db.execute(sql: "PRAGMA temp_store = FILE")
            defer { try? db.execute(sql: "PRAGMA temp_store = MEMORY") }
            for index in deferredIndexes { try db.execute(sql: index.sql) }
            deferredIndexes = []
        }
    }

    /// Counts a bulk row; past the threshold, drops the indexes that only serve queries.
    private func noteBulkInsert() throws {
        bulkInserted += 1
        guard bulkInserted == max(deferIndexesAfterRows, bulkRowsBefore) else { return }
        let names = Self.deferrableIndexes.map { "'\($0)'" }.joined(separator: ", ")
        deferredIndexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name IN (\(names))
            """).map { (name: $0[0], sql: $0[1]) }
        for index in deferredIndexes { try db.execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
    }

    /// Stores a new incident (validated by the caller or here).
    /// - Throws: ``StoreError/duplicateID(_:)`` when its id is taken; ``IncidentError`` when it
    ///   breaks a rule of the store.
    public func insert(_ incident: Incident) throws {
        try incident.validateForStorage()
        try insertValidated(incident)
    }

    /// ``insert(_:)`` for an incident the caller has just validated (an import, on another core).
    public func insertValidated(_ incident: Incident) throws {
        try insertRow(incident, history: nil)
    }

    /// Stores a record copied from another store: the incident, its deletion, and its own
    /// history as it was (no new entry).
    public func insertRecord(_ record: StoredRecord) throws {
        try record.incident.validateForStorage()
        let fid = try insertRow(record.incident, history: record.history)
        if let deletedAt = record.deletedAt {
            try db.cachedStatement(sql: "UPDATE incidents SET deleted_at = ? WHERE fid = ?")
                .execute(arguments: [Timestamp.format(deletedAt), fid])
        }
    }

    public func record(id: UUID) throws -> StoredRecord? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM incidents WHERE id = ?"), arguments: [IncidentStore.key(id)]) else {
            return nil
        }
        let deletedAt = try (row["deleted_at"] as String?).map { try Timestamp.parse($0, field: "deleted_at") }
        return StoredRecord(incident: try IncidentRow.incident(from: row, db), deletedAt: deletedAt,
                            history: try IncidentHistory.entries(of: id, db))
    }

    public func replaceRecord(_ record: StoredRecord, appending entries: [IncidentHistoryEntry]) throws {
        try record.incident.validateForStorage()
        guard let fid = try IncidentStore.fid(record.incident.id, db) else { throw StoreError.notFound(IncidentStore.key(record.incident.id)) }
        try noteRemoval(fid: fid)
        try db.cachedStatement(sql: "UPDATE incidents SET (\(IncidentRow.columns)) = (\(IncidentRow.placeholders)) WHERE fid = ?")
            .execute(arguments: try IncidentRow.arguments(record.incident) + [fid])
        try db.cachedStatement(sql: "UPDATE incidents SET deleted_at = ? WHERE fid = ?")
            .execute(arguments: [record.deletedAt.map(Timestamp.format), fid])
        try IncidentRow.writeParts(record.incident.context, fid: fid, db)
        try appendHistory(entries)
        widen(record.incident.geometry)
    }

    public func appendHistory(_ entries: [IncidentHistoryEntry]) throws {
        for entry in entries {
            try IncidentHistory.record(entry.incidentID, entry.action, at: entry.at, reason: entry.reason, changes: entry.changes, db)
        }
    }

    /// Inserts the row, its parts and its history: a creation entry, or `history` as given.
    @discardableResult
    private func insertRow(_ incident: Incident, history: [IncidentHistoryEntry]?) throws -> Int64 {
        let arguments = try IncidentRow.arguments(incident)
        do {
            try db.cachedStatement(sql: Self.insertSQL).execute(arguments: arguments)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
                    && (error.message ?? "").contains("incidents.id") {
            throw StoreError.duplicateID(IncidentStore.key(incident.id))
        }
        let fid = db.lastInsertedRowID
        if bulkAfterFID != nil, let box = incident.geometry?.envelope {
            // What the dropped trigger would write: the envelope the geometry's header carries.
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO rtree_incidents_geom VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [fid, box.minLongitude, box.maxLongitude, box.minLatitude, box.maxLatitude])
        }
        try IncidentRow.writeParts(incident.context, fid: fid, db, isNew: true)
        if let history {
            try appendHistory(history)
        } else {
            try IncidentHistory.record(incident.id, creation, at: now, reason: reason, changes: nil, db)
        }
        widen(incident.geometry)
        if bulkAfterFID != nil { try noteBulkInsert() }
        return fid
    }

    /// Stores the incident, or replaces the stored one with the same id when they differ.
    /// - Parameter defaultTime: the time given to `createdAt`/`updatedAt` when the source had
    ///   none: such a time is not a difference; the stored one is kept, and `updatedAt`
    ///   becomes this time only when something else changed.
    public func upsert(_ incident: Incident, defaultTime: Date? = nil) throws -> Outcome {
        try incident.validateForStorage()
        guard let fid = try IncidentStore.fid(incident.id, db) else {
            try insert(incident)
            return .inserted
        }
        var incoming = UpsertRule.asStored(incident)
        var previous: Incident?
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM incidents WHERE fid = ?"), arguments: [fid]) {
            if (row["deleted_at"] as String?) != nil { return .leftDeleted }
            let stored = try IncidentRow.incident(from: row, db)
            previous = stored
            guard let changed = UpsertRule.replacement(incident, over: stored, defaultTime: defaultTime) else { return .unchanged }
            incoming = changed
        }
        try update(incoming, fid: fid, previous: previous)
        return .updated
    }

    /// The row number of the incident with this id, nil when the store does not hold it.
    public func fid(of id: UUID) throws -> Int64? { try IncidentStore.fid(id, db) }

    /// A stored incident read inside this transaction (nil when absent or deleted).
    public func incident(id: UUID) throws -> Incident? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM incidents WHERE id = ? AND deleted_at IS NULL"),
                         arguments: [IncidentStore.key(id)]).map { try IncidentRow.incident(from: $0, db) }
    }

    /// The largest row number ever given (rows written later have larger ones).
    public func largestFID() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'incidents'") ?? 0
    }

    /// Replaces the stored incident with the same id.
    /// - Throws: ``StoreError/notFound(_:)`` when no incident has that id.
    public func update(_ incident: Incident, reason: String? = nil) throws {
        if let reason { self.reason = reason }
        try incident.validateForStorage()
        guard let fid = try IncidentStore.fid(incident.id, db) else { throw StoreError.notFound(IncidentStore.key(incident.id)) }
        try update(incident, fid: fid)
    }

    /// Deletes an incident softly (see ``IncidentStore/delete(id:reason:)``).
    /// - Throws: ``StoreError/notFound(_:)`` when no incident has that id or it is deleted.
    /// - Parameters:
    ///   - action: what the history says (`delete`, or `merge` for a record merged into another).
    ///   - changes: what the history entry records besides the deletion (`merged_into`).
    public func delete(id: UUID, reason: String? = nil, action: IncidentHistoryEntry.Action = .delete,
                       changes: JSONObject? = nil) throws {
        try db.cachedStatement(sql: "UPDATE incidents SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
            .execute(arguments: [Timestamp.format(now), IncidentStore.key(id)])
        guard db.changesCount == 1 else { throw StoreError.notFound(IncidentStore.key(id)) }
        try IncidentHistory.record(id, action, at: now, reason: reason ?? self.reason, changes: changes, db)
    }

    /// Brings back an incident deleted softly (not one purged); the history records it as an
    /// edit of `deleted` from true to false.
    /// - Throws: ``StoreError/notFound(_:)`` when no deleted incident has that id.
    public func restore(id: UUID, reason: String? = nil) throws {
        try db.cachedStatement(sql: "UPDATE incidents SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL")
            .execute(arguments: [IncidentStore.key(id)])
        guard db.changesCount == 1 else { throw StoreError.notFound(IncidentStore.key(id) + " among the deleted incidents") }
        try IncidentHistory.record(id, .edit, at: now, reason: reason ?? self.reason,
                                   changes: ["deleted": .array([.bool(true), .bool(false)])], db)
    }

    /// Removes for good every incident deleted softly; returns how many.
    public func purge(reason: String? = nil, now: Date) throws -> Int {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM incidents WHERE deleted_at IS NOT NULL")
        for text in ids {
            guard let id = UUID(uuidString: text), let fid = try IncidentStore.fid(id, db) else { continue }
            try noteRemoval(fid: fid)
            try db.cachedStatement(sql: "DELETE FROM incidents WHERE fid = ?").execute(arguments: [fid])
            try IncidentHistory.record(id, .purge, at: Timestamp.truncatedToMilliseconds(now), reason: reason, changes: nil, db)
        }
        return ids.count
    }

    /// - Parameter previous: the stored incident when the caller has read it already.
    private func update(_ incident: Incident, fid: Int64, previous: Incident? = nil) throws {
        var stored = previous
        if stored == nil, let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM incidents WHERE fid = ?"), arguments: [fid]) {
            stored = try IncidentRow.incident(from: row, db)
        }
        if let stored {
            var changes = IncidentHistory.changes(from: stored, to: incident)
            for extra in changeExtras { changes[extra.key] = extra.value }
            try IncidentHistory.record(incident.id, change, at: now, reason: reason, changes: changes, db)
        }
        try noteRemoval(fid: fid)
        try db.cachedStatement(sql: "UPDATE incidents SET (\(IncidentRow.columns)) = (\(IncidentRow.placeholders)) WHERE fid = ?")
            .execute(arguments: try IncidentRow.arguments(incident) + [fid])
        try IncidentRow.writeParts(incident.context, fid: fid, db)
        widen(incident.geometry)
    }

    private func widen(_ geometry: Geometry?) {
        guard let box = geometry?.envelope else { return }
        added = added.map { Envelope(minLongitude: min($0.minLongitude, box.minLongitude), minLatitude: min($0.minLatitude, box.minLatitude),
                                     maxLongitude: max($0.maxLongitude, box.maxLongitude), maxLatitude: max($0.maxLatitude, box.maxLatitude)) } ?? box
    }

    /// Remembers the envelope a row had before it is deleted or replaced (from the R-tree).
    private func noteRemoval(fid: Int64) throws {
        guard !removedOnEdge, let row = try Row.fetchOne(db.cachedStatement(
            sql: "SELECT minx, maxx, miny, maxy FROM rtree_incidents_geom WHERE id = ?"), arguments: [fid]) else { return }
        removedEnvelopes.append(Envelope(minLongitude: row[0], minLatitude: row[2], maxLongitude: row[1], maxLatitude: row[3]))
        if removedEnvelopes.count > 64 { removedOnEdge = true }   // many removals: one rescan at the end
    }

    /// Updates `gpkg_contents`: `last_change`, and the extent widened by what was written, or
    /// recomputed when a removed geometry touched its edge (the R-tree is 32-bit float, so
    /// "touched" allows a float's rounding).
    func finish() throws {
        try endBulk()
        let current = try Row.fetchOne(db, sql: "SELECT min_x, max_x, min_y, max_y FROM gpkg_contents WHERE table_name = 'incidents'")
        let minX: Double? = current?[0], maxX: Double? = current?[1], minY: Double? = current?[2], maxY: Double? = current?[3]
        var recompute = removedOnEdge
        if let minX, let maxX, let minY, let maxY {
            func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-4 * max(1, abs(b)) }
            recompute = recompute || removedEnvelopes.contains {
                near($0.minLongitude, minX) || near($0.maxLongitude, maxX) || near($0.minLatitude, minY) || near($0.maxLatitude, maxY)
            }
        }
        if recompute {
            try db.execute(sql: """
                UPDATE gpkg_contents SET
                  last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
                  min_x = (SELECT min(minx) FROM rtree_incidents_geom), min_y = (SELECT min(miny) FROM rtree_incidents_geom),
                  max_x = (SELECT max(maxx) FROM rtree_incidents_geom), max_y = (SELECT max(maxy) FROM rtree_incidents_geom)
                WHERE table_name = 'incidents'
                """)
        } else if let box = added {
            try db.execute(sql: """
                UPDATE gpkg_contents SET
                  last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
                  min_x = min(coalesce(min_x, ?1), ?1), max_x = max(coalesce(max_x, ?2), ?2),
                  min_y = min(coalesce(min_y, ?3), ?3), max_y = max(coalesce(max_y, ?4), ?4)
                WHERE table_name = 'incidents'
                """, arguments: [box.minLongitude, box.maxLongitude, box.minLatitude, box.maxLatitude])
        } else {
            try db.execute(sql: "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'incidents'")
        }
        added = nil
        removedEnvelopes = []
        removedOnEdge = false
    }

    /// Sets this connection's page cache (SQLite's `cache_size`).
    func setCacheSize(mebibytes: Int) throws {
        try db.execute(sql: "PRAGMA cache_size = \(-1024 * mebibytes)")
    }

    /// Recomputes the layer's extent from the R-tree (after a bulk delete).
    func recomputeExtent() throws {
        removedOnEdge = true
        try finish()
    }

    private static let insertSQL = "INSERT INTO incidents (\(IncidentRow.columns)) VALUES (\(IncidentRow.placeholders))"
}
