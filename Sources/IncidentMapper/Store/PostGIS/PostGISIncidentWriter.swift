import Foundation

/// Writes incidents inside one transaction of ``PostGISIncidentStore/write(_:)``, with the
/// same rules and history as ``IncidentStoreWriter``. Not `Sendable`: it lives only as long as
/// that call, on its thread.
///
/// No statement here may fail on purpose: an error aborts a PostgreSQL transaction, so a
/// taken id is found with `ON CONFLICT DO NOTHING`, never by catching a unique violation.
final class PostGISIncidentWriter: IncidentStoreWriting {
    let connection: PostgresConnection
    var creation: IncidentHistoryEntry.Action = .log
    var change: IncidentHistoryEntry.Action = .edit
    var changeExtras = JSONObject()
    var reason: String?
    var now = Timestamp.truncatedToMilliseconds(Date())

    /// A bulk import's rows not sent yet (``beginBulk()``), the ids it has taken, and the ids
    /// the store held before it (nil when it held none).
    private var bulk: PostGISBulkRows?
    private var bulkIDs = Set<UUID>()
    private var idsBefore: Set<UUID>?
    /// The secondary indexes of the incidents table that a bulk import into an empty store
    /// dropped, to build again at its end (``finish()``): their names and definitions.
    private var deferredIndexes: [(name: String, definition: String)] = []

    init(_ connection: PostgresConnection) { self.connection = connection }

    /// Rows of a bulk import go with COPY, a batch at a time; an id the store or the import
    /// holds already is refused at once (as ``insertValidated(_:)`` does), so the caller can
    /// update it instead. Every other call sends the pending rows first.
    ///
    /// Into an empty store, the secondary indexes (GiST, GIN and the B-trees that back no
    /// constraint) are dropped first and built again once at the end, in the same transaction:
    /// building an index from a million rows is several times cheaper than updating it a
    /// million times. The cost: DROP INDEX locks the table until the commit, so a reader of the
    /// (empty) store waits for the import to end; a store that holds rows keeps its indexes and
    /// its readers. A failed or killed import rolls the drop back with everything else.
    func beginBulk() throws {
        guard bulk == nil else { return }
        bulk = PostGISBulkRows(connection)
        let any = try connection.execute("SELECT EXISTS (SELECT 1 FROM incidents)").bool(0, 0) ?? false
        if any {
            let rows = try connection.execute("SELECT id FROM incidents")
            idsBefore = Set((0..<rows.rowCount).compactMap { rows.string($0, 0).flatMap(UUID.init(text:)) })
            return
        }
        let indexes = try connection.execute("""
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
            WHERE i.indrelid = 'incidents'::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY 1
            """)
        deferredIndexes = (0..<indexes.rowCount).compactMap { row in
            guard let name = indexes.string(row, 0), let definition = indexes.string(row, 1) else { return nil }
            return (name, definition)
        }
        for index in deferredIndexes {
            try connection.execute("DROP INDEX " + index.name)   // regclass text: quoted and qualified as needed
        }
    }

    /// Builds the indexes ``beginBulk()`` dropped, with more memory for the sorts, and gathers
    /// the planner's statistics of the rows just loaded.
    private func buildDeferredIndexes() throws {
        guard !deferredIndexes.isEmpty else { return }
        try connection.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for index in deferredIndexes { try connection.execute(index.definition) }
        deferredIndexes = []
        try connection.execute("ANALYZE incidents")
    }

    /// Sends the bulk rows not sent yet, and waits until they are stored.
    private func flush() throws {
        try bulk?.send(action: creation, at: now, reason: reason)
        try bulk?.settle()
    }

    /// Waits for a bulk send still running, so that the connection is free (for ROLLBACK after
    /// an error); its own error is dropped, as the transaction ends anyway.
    func settle() {
        try? bulk?.settle()
    }

    private static let insertSQL = """
        INSERT INTO incidents (\(IncidentRow.columns)) VALUES (\(PostGISRows.insertValues))
        ON CONFLICT (id) DO NOTHING RETURNING fid
        """
    private static let updateSQL = """
        UPDATE incidents SET (\(IncidentRow.columns)) = (\(PostGISRows.insertValues)) WHERE fid = $30
        """

    func insert(_ incident: Incident) throws {
        try incident.validateForStorage()
        try insertValidated(incident)
    }

    func insertValidated(_ incident: Incident) throws {
        if bulk != nil {
            if bulkIDs.contains(incident.id) || idsBefore?.contains(incident.id) == true {
                try flush()
                throw StoreError.duplicateID(incident.id.lowercasedText)
            }
            bulkIDs.insert(incident.id)
            bulk!.append(incident)
            if bulk!.isFull { try bulk!.send(action: creation, at: now, reason: reason) }   // stored while the next batch is read
            return
        }
        let result = try connection.execute(Self.insertSQL, PostGISRows.parameters(incident))
        guard result.rowCount == 1, let fid = result.int64(0, 0) else {
            throw StoreError.duplicateID(incident.id.lowercasedText)
        }
        try writeParts(incident.context, fid: fid, isNew: true)
        try record(incident.id, creation, changes: nil)
    }

    func insertRecord(_ record: StoredRecord) throws {
        try flush()
        try record.incident.validateForStorage()
        let result = try connection.execute(Self.insertSQL, PostGISRows.parameters(record.incident))
        guard result.rowCount == 1, let fid = result.int64(0, 0) else {
            throw StoreError.duplicateID(record.incident.id.lowercasedText)
        }
        if let deletedAt = record.deletedAt {
            try connection.execute("UPDATE incidents SET deleted_at = $1 WHERE fid = $2", [.of(deletedAt), .of(fid)])
        }
        try writeParts(record.incident.context, fid: fid, isNew: true)
        try appendHistory(record.history)
    }

    func record(id: UUID) throws -> StoredRecord? {
        try flush()
        let rows = try connection.execute("SELECT \(PostGISRows.selectList) FROM incidents WHERE id = $1", [.text(id.lowercasedText)])
        guard let incident = try PostGISRows.incidents(rows, connection).first else { return nil }
        let deletedAt = try rows.string(0, rows.columnCount - 1).map { try Timestamp.parse($0, field: "deleted_at") }
        return StoredRecord(incident: incident, deletedAt: deletedAt, history: try PostGISIncidentStore.historyEntries(of: id, connection))
    }

    func replaceRecord(_ record: StoredRecord, appending entries: [IncidentHistoryEntry]) throws {
        try flush()
        try record.incident.validateForStorage()
        guard let fid = try fid(of: record.incident.id) else { throw StoreError.notFound(record.incident.id.lowercasedText) }
        try connection.execute(Self.updateSQL, PostGISRows.parameters(record.incident) + [.of(fid)])
        try connection.execute("UPDATE incidents SET deleted_at = $1 WHERE fid = $2", [.of(record.deletedAt), .of(fid)])
        try writeParts(record.incident.context, fid: fid)
        try appendHistory(entries)
    }

    func appendHistory(_ entries: [IncidentHistoryEntry]) throws {
        try flush()
        for entry in entries {
            try connection.execute("INSERT INTO incident_history (incident_id, at, action, reason, changes) VALUES ($1, $2, $3, $4, $5)",
                                   [.text(entry.incidentID.lowercasedText), .of(entry.at), .text(entry.action.rawValue), .of(entry.reason),
                                    .of(entry.changes.isEmpty ? nil : JSONWriter.string(.object(entry.changes)))])
        }
    }

    func upsert(_ incident: Incident, defaultTime: Date? = nil) throws -> UpsertOutcome {
        try flush()
        try incident.validateForStorage()
        let rows = try connection.execute("SELECT \(PostGISRows.selectList) FROM incidents WHERE id = $1", [.text(incident.id.lowercasedText)])
        guard rows.rowCount == 1, let fid = rows.int64(0, 0) else {
            try insert(incident)
            return .inserted
        }
        if !rows.isNull(0, rows.columnCount - 1) { return .leftDeleted }   // deleted_at, the last column
        guard let stored = try PostGISRows.incidents(rows, connection).first else { throw StoreError.notFound(incident.id.lowercasedText) }
        guard let incoming = UpsertRule.replacement(incident, over: stored, defaultTime: defaultTime) else { return .unchanged }
        try update(incoming, fid: fid, previous: stored)
        return .updated
    }

    func update(_ incident: Incident, reason: String? = nil) throws {
        try flush()
        if let reason { self.reason = reason }
        try incident.validateForStorage()
        let rows = try connection.execute("SELECT \(PostGISRows.selectList) FROM incidents WHERE id = $1", [.text(incident.id.lowercasedText)])
        guard rows.rowCount == 1, let fid = rows.int64(0, 0) else { throw StoreError.notFound(incident.id.lowercasedText) }
        try update(incident, fid: fid, previous: try PostGISRows.incidents(rows, connection).first)
    }

    private func update(_ incident: Incident, fid: Int64, previous: Incident?) throws {
        if let previous {
            var changes = IncidentHistory.changes(from: previous, to: incident)
            for extra in changeExtras { changes[extra.key] = extra.value }
            try record(incident.id, change, changes: changes)
        }
        try connection.execute(Self.updateSQL, PostGISRows.parameters(incident) + [.of(fid)])
        try writeParts(incident.context, fid: fid)
    }

    func delete(id: UUID, reason: String? = nil, action: IncidentHistoryEntry.Action = .delete, changes: JSONObject? = nil) throws {
        try flush()
        let result = try connection.execute("UPDATE incidents SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL",
                                            [.of(now), .text(id.lowercasedText)])
        guard result.affectedRows == 1 else { throw StoreError.notFound(id.lowercasedText) }
        try record(id, action, reason: reason ?? self.reason, changes: changes)
    }

    func restore(id: UUID, reason: String? = nil) throws {
        try flush()
        let result = try connection.execute("UPDATE incidents SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL",
                                            [.text(id.lowercasedText)])
        guard result.affectedRows == 1 else { throw StoreError.notFound(id.lowercasedText + " among the deleted incidents") }
        try record(id, .edit, reason: reason ?? self.reason, changes: ["deleted": .array([.bool(true), .bool(false)])])
    }

    func purge(reason: String? = nil, now: Date) throws -> Int {
        try flush()
        let at = Timestamp.truncatedToMilliseconds(now)
        // One statement removes them (their parts go by the foreign key's cascade) and
        // records each removal, in the order they were stored.
        let result = try connection.execute("""
            WITH gone AS (DELETE FROM incidents WHERE deleted_at IS NOT NULL RETURNING fid, id)
            INSERT INTO incident_history (incident_id, at, action, reason)
              SELECT id, $1::timestamptz, 'purge', $2 FROM gone ORDER BY fid
            """, [.of(at), .of(reason)])
        return result.affectedRows
    }

    func incident(id: UUID) throws -> Incident? {
        try flush()
        let rows = try connection.execute("SELECT \(PostGISRows.selectList) FROM incidents WHERE id = $1 AND deleted_at IS NULL",
                                          [.text(id.lowercasedText)])
        return try PostGISRows.incidents(rows, connection).first
    }


    func fid(of id: UUID) throws -> Int64? {
        try flush()
        return try connection.execute("SELECT fid FROM incidents WHERE id = $1", [.text(id.lowercasedText)]).int64(0, 0)
    }

    func largestFID() throws -> Int64 {
        try flush()
        return try connection.execute("SELECT coalesce(max(fid), 0) FROM incidents").int64(0, 0) ?? 0
    }

    /// Replaces the context columns and parts of row `fid` (after the reference layers changed).
    func replaceContext(_ context: IncidentContext?, fid: Int64) throws {
        try connection.execute("""
            UPDATE incidents SET fir = $1, surface_kind = $2, surface_state = $3, venezuela_coast_nm = $4::double precision,
              context_version = $5, context_measure = $6, closest_lat = $7::double precision, closest_lon = $8::double precision,
              context_layers = $9
            WHERE fid = $10
            """, [.of(context?.firID), .of(context?.surfaceKind.rawValue), .of(context?.surfaceState),
                  .of(context?.venezuelaCoastNauticalMiles), .of(context?.dataVersion), .of(context?.measure.rawValue),
                  .of(context?.closestApproach?.latitude), .of(context?.closestApproach?.longitude),
                  .of(context?.layersVersion), .of(fid)])
        try writeParts(context, fid: fid)
    }

    /// Sends what a bulk import holds and builds the indexes it deferred (nothing else is kept
    /// between statements: PostGIS computes extents from the index).
    func finish() throws {
        try flush()
        try buildDeferredIndexes()
    }

    private func writeParts(_ context: IncidentContext?, fid: Int64, isNew: Bool = false) throws {
        if !isNew { try connection.execute("DELETE FROM incident_context_parts WHERE fid = $1", [.of(fid)]) }
        guard let parts = context?.parts, !parts.isEmpty else { return }
        // One statement for all the parts, in order.
        var sql = "INSERT INTO incident_context_parts (fid, layer, value, state, share) VALUES "
        var parameters: [PostgresValue] = [.of(fid)]
        for (i, part) in parts.enumerated() {
            let n = parameters.count
            sql += (i > 0 ? ", " : "") + "($1, $\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4)::double precision)"
            parameters += [.text(part.layer.rawValue), .text(part.value), .of(part.state), .of(min(1, max(0, part.share)))]
        }
        try connection.execute(sql, parameters)
    }

    private func record(_ id: UUID, _ action: IncidentHistoryEntry.Action, reason: String? = nil, changes: JSONObject?) throws {
        let text = changes.flatMap { $0.isEmpty ? nil : JSONWriter.string(.object($0)) }
        try connection.execute("INSERT INTO incident_history (incident_id, at, action, reason, changes) VALUES ($1, $2, $3, $4, $5)",
                               [.text(id.lowercasedText), .of(now), .text(action.rawValue), .of(reason ?? self.reason), .of(text)])
    }
}
