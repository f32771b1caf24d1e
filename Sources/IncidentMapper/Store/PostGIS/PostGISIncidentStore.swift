import Foundation

/// The incident store on a PostgreSQL 15 + PostGIS 3 database, for teams beyond one machine:
/// the same records, rules and answers as the GeoPackage store (``IncidentStore``), behind
/// the same interface (``IncidentStoring``).
///
/// - Every write is one transaction, and writers take turns: each holds a transaction-level
///   advisory lock (`pg_advisory_xact_lock`) from its first read to its commit, across every
///   process and host using the database, so a read-modify-write (an edit, a merge, an upsert)
///   can never lose another's change, and no write fails for a serialization conflict.
///   A writer that dies has its transaction rolled back and its lock released by the server.
/// - Reads run beside writes, each from one snapshot (`REPEATABLE READ READ ONLY`); long reads
///   stream through a cursor, so memory stays flat.
/// - Connections come from a pool (``PostgresLocation``): `pool_size`, `pool_wait` and libpq's
///   own parameters (`sslmode=require` for TLS) in the URL.
///
/// ```swift
/// let store = try PostGISIncidentStore(url: "postgresql://analyst@db.example.org/incidents?sslmode=require")
/// try store.insert(incident)
/// ```
public final class PostGISIncidentStore: IncidentStoring {
    let pool: PostgresPool
    public let location: String

    /// The advisory lock taken to lay out the schema: one per database schema (a database
    /// can hold several stores, one per schema, found through `search_path`).
    static let schemaLock = "pg_advisory_xact_lock(hashtextextended('incident mapper schema ' || current_schema(), 0))"
    /// The advisory lock each write transaction holds: one per store (its incidents table).
    static let writeLock = "pg_advisory_xact_lock(hashtextextended('incident mapper writes ' || 'incidents'::regclass::oid, 0))"

    /// Connects, and lays out the schema when the database has none yet (unless
    /// `createIfMissing` is false) or upgrades it.
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` when the server cannot be reached or
    ///   refuses the login; ``StoreError/notAStore(path:reason:)`` when the schema is newer
    ///   than this version or another tool's; ``StoreError/missingStore(_:)`` when there is no
    ///   store there and none is to be made.
    public init(url: String, createIfMissing: Bool = true) throws {
        let parsed = try PostgresLocation(url)
        location = parsed.displayURL
        pool = try PostgresPool(parsed)
        let created = try pool.with { try PostGISSchema.migrate($0, createIfMissing: createIfMissing) }
        // A new store gets the reference layers as tables (reclassify brings them up to date).
        if created { try PostGISReferenceLayers.update(self) }
    }

    // MARK: - Transactions

    /// One write transaction, writers taking turns (see the type's documentation).
    func writeTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL READ COMMITTED") { connection in
            try connection.execute("SELECT " + Self.writeLock)
            return try body(connection)
        }
    }

    /// One read from one snapshot of the database.
    func readTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// `body` between `begin` and COMMIT on a pooled connection, rolled back when it throws.
    private func transaction<T>(_ begin: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        try pool.with { connection in
            try connection.execute(begin)
            do {
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Calls `body` with the rows of `sql`, `batchSize` at a time, through a cursor (inside a
    /// transaction).
    static func forEachBatch(_ sql: String, _ parameters: [PostgresValue], batchSize: Int, _ connection: PostgresConnection,
                             _ body: (PostgresResult) throws -> Void) throws {
        try connection.execute("DECLARE incidents_cursor NO SCROLL CURSOR FOR " + sql, parameters)
        defer { _ = try? connection.execute("CLOSE incidents_cursor") }
        while true {
            let batch = try connection.execute("FETCH FORWARD \(max(1, batchSize)) FROM incidents_cursor")
            if batch.rowCount == 0 { break }
            try body(batch)
            if batch.rowCount < batchSize { break }
        }
    }

    // MARK: - Writing

    public func edit(id: UUID, contexts: IncidentContextComputer, now: Date, reason: String?,
                     _ change: (inout Incident) throws -> Void) throws -> (incident: Incident, changed: Bool) {
        try write { writer in
            guard let original = try writer.incident(id: id) else { throw StoreError.notFound(id.lowercasedText) }
            var incident = original
            try change(&incident)
            guard let edited = try incident.asEdit(of: original, contexts: contexts, now: now) else { return (original, false) }
            try edited.validateForStorage()
            writer.now = Timestamp.truncatedToMilliseconds(now)   // the history's time is the record's updatedAt
            try writer.update(edited, reason: reason)
            return (edited, true)
        }
    }

    public func write<T>(_ body: (any IncidentStoreWriting) throws -> T) throws -> T {
        try writeTransaction { connection in
            let writer = PostGISIncidentWriter(connection)
            defer { writer.settle() }   // no send outlives the transaction: ROLLBACK waits for it
            let result = try body(writer)
            try writer.finish()
            return result
        }
    }

    public func replaceContexts(onlyStale currentLayersVersion: String?, batchSize: Int = 1_000,
                                _ contexts: ([Incident]) throws -> [IncidentContext?],
                                progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> Int {
        try writeTransaction { connection in
            // Deleted incidents too, as the GeoPackage store does.
            var everything = IncidentFilter()
            everything.includeDeleted = true
            var query = PostGISQuery(everything)
            query.add("geom IS NOT NULL")
            if let version = currentLayersVersion { query.add("context_layers IS DISTINCT FROM \(query.bind(.text(version)))") }
            let total = try connection.execute(query.sql(select: "count(*)", ordered: false), query.parameters).int(0, 0) ?? 0
            var done = 0
            var lastFID: Int64 = 0
            let writer = PostGISIncidentWriter(connection)
            while true {
                var page = query
                page.add("fid > \(page.bind(.of(lastFID)))::bigint")
                let rows = try connection.execute(page.sql(select: PostGISRows.selectList, ordered: false)
                                                  + " ORDER BY fid LIMIT \(max(1, batchSize))", page.parameters)
                guard rows.rowCount > 0 else { break }
                let fids = (0..<rows.rowCount).map { rows.int64($0, 0) ?? 0 }
                lastFID = fids.last ?? lastFID
                let updated = try contexts(try PostGISRows.incidents(rows, connection))
                for (fid, context) in zip(fids, updated) { try writer.replaceContext(context, fid: fid) }
                done += rows.rowCount
                progress?(done, total)
            }
            return done
        }
    }

    @discardableResult
    public func merge(keeping kept: UUID, into others: [UUID], reason: String? = nil, now: Date = Date()) throws -> Incident {
        try IncidentMerge.merge(keeping: kept, into: others, reason: reason, now: now, in: self)
    }

    // MARK: - Reading

    public func incident(id: UUID) throws -> Incident? {
        try pool.with { connection in try PostGISIncidentWriter(connection).incident(id: id) }
    }

    public func forEachIncident(matching filter: IncidentFilter = IncidentFilter(), order: IncidentRowOrder = .listing,
                                _ body: (Incident) throws -> Void) throws {
        try forEachRowBatch(matching: filter, order: order, batchSize: 1_024, limit: nil, offset: 0) { batch in
            for i in 0..<batch.count { try body(try batch.incident(at: i)) }
        }
    }

    public func forEachRowBatch(matching filter: IncidentFilter = IncidentFilter(), order: IncidentRowOrder,
                                batchSize: Int = 1_024, limit: Int? = nil, offset: Int = 0,
                                _ body: (IncidentRowBatch) throws -> Void) throws {
        let query = PostGISQuery(filter)
        var sql = query.sql(select: PostGISRows.selectList, ordered: order == .listing)
        if order == .storage { sql += " ORDER BY fid" }
        if let limit { sql += " LIMIT \(max(0, limit))" }
        if offset > 0 { sql += " OFFSET \(offset)" }
        try readTransaction { connection in
            try Self.forEachBatch(sql, query.parameters, batchSize: batchSize, connection) { rows in
                try body(IncidentRowBatch(incidents: try PostGISRows.incidents(rows, connection)))
            }
        }
    }

    public func count(matching filter: IncidentFilter) throws -> Int {
        let query = PostGISQuery(filter)
        return try pool.with { connection in
            try connection.execute(query.sql(select: "count(*)", ordered: false), query.parameters).int(0, 0) ?? 0
        }
    }

    public func staleContextCount(currentLayersVersion: String) throws -> Int {
        try pool.with { connection in
            try connection.execute("SELECT count(*) FROM incidents WHERE geom IS NOT NULL AND context_layers IS DISTINCT FROM $1",
                                   [.text(currentLayersVersion)]).int(0, 0) ?? 0
        }
    }

    public func existingIDs(_ ids: [UUID]) throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return try pool.with { connection in
            let rows = try connection.execute("SELECT id FROM incidents WHERE id = ANY($1::uuid[])",
                                              [.text("{" + ids.map(\.lowercasedText).joined(separator: ",") + "}")])
            return Set((0..<rows.rowCount).compactMap { rows.string($0, 0).flatMap(UUID.init(text:)) })
        }
    }

    // MARK: - The store as a whole

    public func prepareForServing() throws {}

    /// Replaces the reference layer tables when they hold another version than the tool's.
    public func updateReferenceLayers() throws -> Bool { try PostGISReferenceLayers.update(self) }

    public func finishServing() throws -> Bool { true }

    /// Closes the pool's connections (those in use close when they come back). Closing twice
    /// does nothing more.
    public func close() throws { pool.close() }
}
