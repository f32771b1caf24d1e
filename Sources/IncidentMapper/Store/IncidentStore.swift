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
public final class IncidentStore: Sendable {
    private let queue: DatabaseQueue
    /// The file the store lives in.
    public let path: String

    /// Opens the store at `path`, creating a new GeoPackage there when the file does not exist
    /// (unless `createIfMissing` is false).
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` when the file is not a SQLite database,
    ///   or is a database that is neither empty nor a store of this tool (another GeoPackage is
    ///   refused untouched); ``StoreError/missingStore(_:)`` when it is absent and not to be created.
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
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                guard tables > 0 else { return }   // a new, empty file: the migrations lay it out
                if applicationID != GeoPackageSchema.applicationID {
                    throw StoreError.cannotOpen(path: path, reason: "it is a SQLite database but not a GeoPackage")
                }
                if try !db.tableExists("grdb_migrations") || !db.tableExists(GeoPackageSchema.featureTable) {
                    throw StoreError.cannotOpen(path: path, reason: "it is a GeoPackage, but not an incidents store made by this tool")
                }
            }
            try GeoPackageSchema.migrator.migrate(queue)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// Stores a new incident.
    /// - Throws: ``StoreError/duplicateID(_:)`` when its id is taken.
    public func insert(_ incident: Incident) throws {
        try insert(contentsOf: [incident])
    }

    /// Stores new incidents in one transaction: all of them, or none when any fails.
    public func insert(contentsOf incidents: [Incident]) throws {
        try write { db in
            for incident in incidents {
                if try Self.exists(incident.id, db) { throw StoreError.duplicateID(Self.key(incident.id)) }
                try db.execute(
                    sql: "INSERT INTO incidents (\(IncidentRow.columns)) VALUES (\(IncidentRow.placeholders))",
                    arguments: try IncidentRow.arguments(incident))
            }
            try Self.touchContents(db)
        }
    }

    /// Replaces a stored incident with the same id (its `updatedAt` as given).
    /// - Throws: ``StoreError/notFound(_:)`` when no incident has that id.
    public func update(_ incident: Incident) throws {
        try write { db in
            guard try Self.exists(incident.id, db) else { throw StoreError.notFound(Self.key(incident.id)) }
            try db.execute(
                sql: "UPDATE incidents SET (\(IncidentRow.columns)) = (\(IncidentRow.placeholders)) WHERE id = ?",
                arguments: try IncidentRow.arguments(incident) + [Self.key(incident.id)])
            try Self.touchContents(db)
        }
    }

    /// Deletes an incident.
    /// - Throws: ``StoreError/notFound(_:)`` when no incident has that id.
    public func delete(id: UUID) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM incidents WHERE id = ?", arguments: [Self.key(id)])
            guard db.changesCount == 1 else { throw StoreError.notFound(Self.key(id)) }
            try Self.touchContents(db)
        }
    }

    /// The incident with this id, or nil.
    public func incident(id: UUID) throws -> Incident? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE id = ?", arguments: [Self.key(id)])
                .map(IncidentRow.incident(from:))
        }
    }

    /// The incidents matching `filter`, oldest first (unknown times last), then by id.
    public func incidents(matching filter: IncidentFilter = IncidentFilter()) throws -> [Incident] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let kind = filter.kind {
            conditions.append("kind = ?"); arguments += [kind.rawValue]
        }
        if let since = filter.since {
            conditions.append("coalesce(time_end, time_start) >= ?"); arguments += [Timestamp.format(since)]
        }
        if let until = filter.until {
            conditions.append("time_start <= ?"); arguments += [Timestamp.format(until)]
        }
        if let fir = filter.firID {
            conditions.append("fir = ?"); arguments += [fir]
        }
        if let zone = filter.surfaceKind {
            conditions.append("surface_kind = ?"); arguments += [zone.rawValue]
        }
        if let nm = filter.withinVenezuelaNauticalMiles {
            conditions.append("venezuela_coast_nm <= ?"); arguments += [nm]
        }
        if let box = filter.boundingBox {
            conditions.append("""
                fid IN (SELECT id FROM rtree_incidents_geom WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?)
                """)
            arguments += [box.minLongitude, box.maxLongitude, box.minLatitude, box.maxLatitude]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM incidents \(whereClause) ORDER BY time_start IS NULL, time_start, id"
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(IncidentRow.incident(from:))
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

    /// How many incidents the store holds.
    public func count() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents") ?? 0 }
    }

    // MARK: - Plumbing

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch let error as DatabaseError {
            throw StoreError.database("\(error.message ?? "\(error)") (\(error.sql ?? "no statement"))")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw StoreError.database("\(error.message ?? "\(error)") (\(error.sql ?? "no statement"))")
        }
    }

    private static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    private static func exists(_ id: UUID, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM incidents WHERE id = ?)", arguments: [key(id)]) ?? false
    }

    /// Keeps `gpkg_contents.last_change` and the layer's extent current, as GeoPackage readers expect.
    private static func touchContents(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE gpkg_contents SET
              last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
              min_x = (SELECT min(minx) FROM rtree_incidents_geom),
              min_y = (SELECT min(miny) FROM rtree_incidents_geom),
              max_x = (SELECT max(maxx) FROM rtree_incidents_geom),
              max_y = (SELECT max(maxy) FROM rtree_incidents_geom)
            WHERE table_name = 'incidents'
            """)
    }
}
