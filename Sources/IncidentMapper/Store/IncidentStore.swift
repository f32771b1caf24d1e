import Foundation
import GRDB

/// The embedded incident store: one SQLite file that is a valid OGC GeoPackage (QGIS and GDAL
/// open it as the layer `incidents`), with an R-tree index on the geometry column.
///
/// Every write is one transaction: a batch is stored whole or not at all, and the rollback
/// journal with `synchronous = FULL` keeps the file intact if the process dies mid-write.
///
/// ```swift
/// let store = try IncidentStore(path: "incidents.gpkg")
/// try store.insert(incident)
/// let strikes = try store.incidents(matching: IncidentFilter(kind: .vesselStrike))
/// ```
public final class IncidentStore: IncidentStoring {
    let queue: DatabaseQueue
    /// The file the store lives in.
    public let path: String
    public var location: String { path }
    /// The order rows are read in.
    public typealias RowOrder = IncidentRowOrder

    /// Opens the store at `path`, creating a new GeoPackage there when the file does not exist
    /// (unless `createIfMissing` is false).
    /// - Throws: ``StoreError/notAStore(path:reason:)`` when the file is not a SQLite database,
    ///   is corrupt, is a database that is neither empty nor a store of this tool (another
    ///   GeoPackage is refused untouched), or has a newer schema; ``StoreError/cannotOpen(path:reason:)``
    ///   when it cannot be opened at all; ``StoreError/missingStore(_:)`` when it is absent and
    ///   not to be created.
    public init(path: String, createIfMissing: Bool = true) throws {
        self.path = path
        if !createIfMissing && !FileManager.default.fileExists(atPath: path) {
            throw StoreError.missingStore(path)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)   // another process writing: wait, don't fail
        configuration.prepareDatabase { db in
            GeoPackageFunctions.register(on: db)
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 16 MiB of page cache per connection (a bulk import raises its own while it runs).
            try db.execute(sql: "PRAGMA cache_size = -16384")
            // Statement journals and temporary indexes in memory: on disk they cost ~18 small
            // writes per inserted row (measured with strace).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        // Two processes creating or upgrading one store at once: the first lays it out, the
        // second waits and then finds it done. The lock is on the store's folder, never on
        // the store file: closing any descriptor of the file would drop every POSIX lock this
        // process holds on it, SQLite's included, and another process could then take itself
        // for the last connection of a WAL store and delete the log under this one.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let lock = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { flock(lock, LOCK_UN); Glibc.close(lock) } }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                guard tables > 0 else { return }   // a new, empty file: the migrations lay it out
                if applicationID != GeoPackageSchema.applicationID {
                    throw StoreError.notAStore(path: path, reason: "it is a SQLite database but not a GeoPackage")
                }
                if try !db.tableExists("grdb_migrations") || !db.tableExists(GeoPackageSchema.featureTable) {
                    throw StoreError.notAStore(path: path, reason: "it is a GeoPackage, but not an incidents store made by this tool")
                }
            }
            try queue.read { db in
                if try GeoPackageSchema.migrator.hasBeenSuperseded(db) {
                    throw StoreError.notAStore(path: path, reason: "it was written by a newer version of the tool (its schema has migrations this version does not know); upgrade the tool")
                }
            }
            try GeoPackageSchema.migrator.migrate(queue)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode.primaryResultCode) {
            throw StoreError.notAStore(path: path, reason: error.message ?? "\(error)")
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// Reads an incident, lets `change` modify it and stores the result, all in one write
    /// transaction (IMMEDIATE: a concurrent edit waits for this one and then sees its result,
    /// so no change is lost). The context is recomputed when the geometry changed, and
    /// `updatedAt` set when anything did (``Incident/asEdit(of:contexts:now:)``).
    /// - Returns: the stored incident, and whether it changed.
    /// - Throws: ``StoreError/notFound(_:)``; what `change` throws; ``IncidentError`` when the
    ///   result breaks a rule of the store.
    public func edit(id: UUID, contexts: IncidentContextComputer, now: Date = Date(), reason: String? = nil,
                     _ change: (inout Incident) throws -> Void) throws -> (incident: Incident, changed: Bool) {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE id = ? AND deleted_at IS NULL", arguments: [Self.key(id)]) else {
                throw StoreError.notFound(Self.key(id))
            }
            let original = try IncidentRow.incident(from: row, db)
            var incident = original
            try change(&incident)
            guard let edited = try incident.asEdit(of: original, contexts: contexts, now: now) else { return (original, false) }
            try edited.validateForStorage()
            let writer = IncidentStoreWriter(db)
            writer.now = Timestamp.truncatedToMilliseconds(now)   // the history's time is the record's updatedAt
            try writer.update(edited, reason: reason)
            try writer.finish()
            return (edited, true)
        }
    }

    /// Runs `body` in one write transaction with a ``IncidentStoreWriter``: everything it wrote
    /// is committed when it returns, and nothing when it throws (or the process dies first).
    /// The layer's extent in `gpkg_contents` is kept current at the end.
    public func write<T>(_ body: (any IncidentStoreWriting) throws -> T) throws -> T {
        try write { db in
            let writer = IncidentStoreWriter(db)
            defer { writer.endBulkSettings() }
            let result = try body(writer)
            try writer.finish()
            return result
        }
    }

    /// Replaces the stored contexts of incidents (e.g. after the reference layers changed), all
    /// in one transaction. `contexts` is called with batches of stored incidents, in order, and
    /// returns their new contexts; `progress` hears how many are done.
    /// - Parameter onlyStale: when set, only incidents whose context was computed with other
    ///   layers than this version (or never computed) are recomputed.
    /// - Returns: how many incidents were updated.
    public func replaceContexts(onlyStale currentLayersVersion: String?, batchSize: Int = 1_000,
                                _ contexts: ([Incident]) throws -> [IncidentContext?],
                                progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> Int {
        try write { db in
            let condition = currentLayersVersion == nil ? "geom IS NOT NULL" : "geom IS NOT NULL AND context_layers IS NOT ?"
            let arguments: StatementArguments = currentLayersVersion.map { [$0] } ?? []
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents WHERE \(condition)", arguments: arguments) ?? 0
            var done = 0
            var lastFID: Int64 = 0
            while true {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM incidents WHERE \(condition) AND fid > ? ORDER BY fid LIMIT ?",
                                            arguments: arguments + [lastFID, batchSize])
                guard let last = rows.last else { break }
                lastFID = last["fid"]
                let incidents = try rows.map { try IncidentRow.incident(from: $0, db) }
                let updated = try contexts(incidents)
                for (row, context) in zip(rows, updated) {
                    let fid: Int64 = row["fid"]
                    try db.execute(sql: """
                        UPDATE incidents SET fir = ?, surface_kind = ?, surface_state = ?, venezuela_coast_nm = ?,
                          context_version = ?, context_measure = ?, closest_lat = ?, closest_lon = ?, context_layers = ?
                        WHERE fid = ?
                        """, arguments: [context?.firID, context?.surfaceKind.rawValue, context?.surfaceState,
                                         context?.venezuelaCoastNauticalMiles, context?.dataVersion, context?.measure.rawValue,
                                         context?.closestApproach?.latitude, context?.closestApproach?.longitude,
                                         context?.layersVersion, fid])
                    try IncidentRow.writeParts(context, fid: fid, db)
                }
                done += rows.count
                progress?(done, total)
            }
            if done > 0 { try IncidentStoreWriter(db).finish() }
            return done
        }
    }

    /// How many incidents have a context computed with other layers than `layersVersion` (or none).
    public func staleContextCount(currentLayersVersion: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents WHERE geom IS NOT NULL AND context_layers IS NOT ?",
                             arguments: [currentLayersVersion]) ?? 0
        }
    }

    /// The incident with this id, or nil.
    public func incident(id: UUID) throws -> Incident? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE id = ? AND deleted_at IS NULL", arguments: [Self.key(id)])
                .map { try IncidentRow.incident(from: $0, db) }
        }
    }

    /// The incidents matching `filter`, oldest first (unknown times last), then by id.
    public func incidents(matching filter: IncidentFilter = IncidentFilter()) throws -> [Incident] {
        var result: [Incident] = []
        try forEachIncident(matching: filter) { result.append($0) }
        return result
    }

    /// Calls `body` with each incident matching `filter`, in the order of
    /// ``incidents(matching:)`` or the order they are stored in, reading them as it goes (memory stays flat however many
    /// there are), all from one consistent snapshot of the store.
    public func forEachIncident(matching filter: IncidentFilter = IncidentFilter(), order: RowOrder = .listing,
                                _ body: (Incident) throws -> Void) throws {
        var (sql, arguments) = Self.query(filter, ordered: order == .listing)
        if order == .storage { sql += " ORDER BY fid" }
        try read { db in
            let statement = try db.makeStatement(sql: sql)
            let columns = try IncidentRow.Columns(statement.columnNames)
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() { try body(try IncidentRow.incident(from: row, columns: columns, db)) }
        }
    }

    /// How many incidents match `filter`.
    public func count(matching filter: IncidentFilter) throws -> Int {
        let (sql, arguments) = Self.query(filter, select: "count(*)", ordered: false)
        if sql == Self.query(IncidentFilter(), select: "count(*)", ordered: false).0 {
            // No filter: every row less the deleted ones, counted from indexes (SQLite counts
            // a table from its smallest index) instead of reading every row's deleted_at.
            return try read { db in
                try Int.fetchOne(db, sql: """
                    SELECT (SELECT count(*) FROM incidents) - (SELECT count(*) FROM incidents WHERE deleted_at IS NOT NULL)
                    """) ?? 0
            }
        }
        return try read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    /// The SQL of a filtered query, in listing order unless `ordered` is false.
    static func query(_ filter: IncidentFilter, select: String = "*", ordered: Bool = true,
                      anyOfBoxes boxes: [Envelope] = []) -> (String, StatementArguments) {
        var conditions: [String] = filter.includeDeleted ? [] : ["deleted_at IS NULL"]
        var arguments: StatementArguments = []
        if let kind = filter.kind {
            conditions.append("kind = ?"); arguments += [kind.rawValue]
        }
        if let since = filter.since {
            conditions.append("coalesce(time_end, time_start) >= ?"); arguments += [Timestamp.format(since)]
            // An incident that ends after `since` starts at most the longest span before it:
            // a bound the indexes can seek to (a late month no longer scans every earlier
            // incident). One second of margin; the exact test is the line above.
            conditions.append("""
                (time_start IS NULL) = 0 AND time_start >= strftime('%Y-%m-%dT%H:%M:%fZ', julianday(?)
                  - (SELECT coalesce(max(\(GeoPackageSchema.spanLengthDays)), 0) FROM incidents) - 1.0 / 86400)
                """)
            arguments += [Timestamp.format(since)]
        }
        if let until = filter.until {
            conditions.append("time_start <= ?"); arguments += [Timestamp.format(until)]
        }
        let parts = GeoPackageSchema.contextPartsTable
        // The parts matching, found through their (layer, value, state) indexes: a correlated
        // EXISTS made SQLite test every incident (3 s at 1,000,000 for a FIR none is in).
        if let fir = filter.firID {
            conditions.append("fid IN (SELECT p.fid FROM \(parts) p WHERE p.layer = 'fir' AND p.value = ?)")
            arguments += [fir]
        }
        if filter.surfaceKind != nil || filter.surfaceState != nil {
            var part = ["p.layer = 'surface'"]
            if let zone = filter.surfaceKind { part.append("p.value = ?"); arguments += [zone.rawValue] }
            if let state = filter.surfaceState { part.append("p.state = ?"); arguments += [state] }
            conditions.append("fid IN (SELECT p.fid FROM \(parts) p WHERE \(part.joined(separator: " AND ")))")
        }
        if let version = filter.staleAgainstLayersVersion {
            conditions.append("geom IS NOT NULL AND context_layers IS NOT ?"); arguments += [version]
        }
        if let nm = filter.withinVenezuelaNauticalMiles {
            conditions.append("venezuela_coast_nm <= ?"); arguments += [nm]
        }
        if let box = filter.boundingBox {
            // The R-tree finds the envelopes that meet the box; the geometry itself must too.
            conditions.append("""
                fid IN (SELECT id FROM rtree_incidents_geom WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?)
                AND \(GeoPackageFunctions.meetsBox)(geom, ?, ?, ?, ?)
                """)
            arguments += [box.minLongitude, box.maxLongitude, box.minLatitude, box.maxLatitude]
            arguments += [box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude]
        }
        if !filter.confidences.isEmpty {
            conditions.append("confidence IN (\(Array(repeating: "?", count: filter.confidences.count).joined(separator: ", ")))")
            for c in filter.confidences { arguments += [c.rawValue] }
        }
        for tag in filter.tags {
            conditions.append("EXISTS (SELECT 1 FROM json_each(incidents.tags) WHERE json_each.value = ?)")
            arguments += [tag]
        }
        for (column, range) in [("killed", filter.killed), ("injured", filter.injured)] {
            // A count that is a range matches when the range overlaps the one asked for.
            if let range {
                conditions.append("\(column) <= ? AND coalesce(\(column)_max, \(column)) >= ?")
                arguments += [range.upperBound, range.lowerBound]
            }
        }
        if let search = filter.search {
            conditions.append("fid IN (SELECT rowid FROM \(GeoPackageSchema.searchTable) WHERE \(GeoPackageSchema.searchTable) MATCH ?)")
            arguments += [GeoPackageSchema.ftsQuery(search)]
        }
        if let minimum = filter.minimumLongestLegMeters {
            conditions.append("max_leg_m >= ?"); arguments += [minimum]
        }
        if filter.longestLegUnknown {
            conditions.append("max_leg_m IS NULL AND geom IS NOT NULL")
        }
        if !boxes.isEmpty {
            let one = "(maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?)"
            conditions.append("fid IN (SELECT id FROM rtree_incidents_geom WHERE \(Array(repeating: one, count: boxes.count).joined(separator: " OR ")))")
            for box in boxes { arguments += [box.minLongitude, box.maxLongitude, box.minLatitude, box.maxLatitude] }
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = ordered ? " ORDER BY time_start IS NULL, time_start, id" : ""
        return ("SELECT \(select) FROM incidents \(whereClause)\(order)", arguments)
    }

    /// For each centre, the ids within `radiusMeters`, nearest first, all in one read.
    public func incidentIDs(near centers: [Position], withinMeters radiusMeters: Double, matching filter: IncidentFilter,
                            limit: Int?) throws -> [[(id: UUID, distanceMeters: Double)]] {
        try read { db in
            try centers.map { try incidentIDs(near: $0, withinMeters: radiusMeters, matching: filter, limit: limit, in: db) }
        }
    }

    /// Which of these ids the store already holds.
    public func existingIDs(_ ids: [UUID]) throws -> Set<UUID> {
        try read { db in
            var found = Set<UUID>()
            for id in ids where try Self.exists(id, db) { found.insert(id) }
            return found
        }
    }

    /// How many incidents the store holds (not counting those deleted and not yet purged).
    public func count() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents WHERE deleted_at IS NULL") ?? 0 }
    }

    // MARK: - Plumbing

    /// A consistent copy of the whole file (SQLite's `VACUUM INTO`, outside any transaction).
    func vacuum(into path: String) throws {
        do {
            try queue.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
        } catch let error as DatabaseError {
            throw Self.storeError(error)
        }
    }

    /// One write transaction on the connection itself (store-internal work).
    func writeDatabase<T>(_ body: (Database) throws -> T) throws -> T { try write(body) }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error)
        }
    }

    /// A read whose sorts spill to temporary files instead of memory (the store keeps them in
    /// memory for speed, which for a GROUP BY over a million rows is a memory that grows with
    /// the store). Outside a transaction: SQLite does not change this inside one; a single
    /// statement still reads one consistent state.
    func readSortingOnDisk<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.inDatabase { db in
                try db.execute(sql: "PRAGMA temp_store = FILE")
                defer { try? db.execute(sql: "PRAGMA temp_store = MEMORY") }
                return try body(db)
            }
        } catch let error as DatabaseError {
            throw Self.storeError(error)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error)
        }
    }

    /// A GRDB error as a store error that keeps SQLite's result code. The statement is put on
    /// one line (an error is one line on stderr).
    static func storeError(_ error: DatabaseError) -> StoreError {
        .sqlite(code: error.extendedResultCode.rawValue,
                message: "\(error.message ?? "\(error)")" + (error.sql.map { " (\(oneLine($0)))" } ?? ""))
    }

    /// SQL with each run of white space (line breaks, indentation) as one space.
    static func oneLine(_ sql: String) -> String {
        sql.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func key(_ id: UUID) -> String { id.lowercasedText }

    static func fid(_ id: UUID, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT fid FROM incidents WHERE id = ?"), arguments: [key(id)])
    }

    static func exists(_ id: UUID, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM incidents WHERE id = ?)"), arguments: [key(id)]) ?? false
    }
}
