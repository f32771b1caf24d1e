import Foundation

/// What every incident store does, whatever holds the records: records in, queries out. The
/// CLI, the server, import and export use stores only through this interface.
///
/// Two stores implement it:
/// - ``IncidentStore``: the embedded default, one GeoPackage file (SQLite);
/// - ``PostGISIncidentStore``: a PostgreSQL + PostGIS database shared by a team.
///
/// ``IncidentStores/open(_:createIfMissing:)`` picks one from a location (a path or a
/// `postgresql://` URL). Both keep the same rules: every write is one transaction, history is
/// append-only, deleted records stay until purged, and the same filters give the same rows in
/// the same order.
public protocol IncidentStoring: AnyObject, Sendable {
    /// The store's file path, or its URL without a password.
    var location: String { get }

    // MARK: Writing

    /// Stores new incidents in one transaction: all of them, or none when any fails.
    /// - Throws: ``IncidentError`` when one breaks a rule of the store; ``StoreError/duplicateID(_:)``.
    func insert(contentsOf incidents: [Incident]) throws
    /// Replaces a stored incident with the same id (its `updatedAt` as given).
    func update(_ incident: Incident) throws
    /// Reads an incident, lets `change` modify it and stores the result, in one transaction
    /// that no concurrent write can interleave with (no change is lost).
    func edit(id: UUID, contexts: IncidentContextComputer, now: Date, reason: String?,
              _ change: (inout Incident) throws -> Void) throws -> (incident: Incident, changed: Bool)
    /// Runs `body` in one write transaction: everything it wrote is committed when it returns,
    /// nothing when it throws or the process dies first.
    func write<T>(_ body: (any IncidentStoreWriting) throws -> T) throws -> T
    /// Replaces stored contexts, in one transaction (see ``IncidentStore/replaceContexts(onlyStale:batchSize:_:progress:)``).
    func replaceContexts(onlyStale currentLayersVersion: String?, batchSize: Int,
                         _ contexts: ([Incident]) throws -> [IncidentContext?],
                         progress: ((_ done: Int, _ total: Int) -> Void)?) throws -> Int
    /// Deletes an incident softly (it stays, with its history, until ``purge(reason:now:)``).
    func delete(id: UUID, reason: String?) throws
    /// Brings back an incident deleted softly.
    func restore(id: UUID, reason: String?, now: Date) throws
    /// Removes for good the incidents deleted so far; returns how many.
    func purge(reason: String?, now: Date) throws -> Int
    /// Merges `others` into `kept` (sources, tags, the widest casualty ranges) and deletes them.
    func merge(keeping kept: UUID, into others: [UUID], reason: String?, now: Date) throws -> Incident

    // MARK: Reading

    /// The incident with this id (not deleted), or nil.
    func incident(id: UUID) throws -> Incident?
    /// Calls `body` with each incident matching `filter`, reading as it goes, from one snapshot.
    func forEachIncident(matching filter: IncidentFilter, order: IncidentRowOrder, _ body: (Incident) throws -> Void) throws
    /// Calls `body` with batches of the rows matching `filter` (a page with `limit` and `offset`).
    func forEachRowBatch(matching filter: IncidentFilter, order: IncidentRowOrder, batchSize: Int, limit: Int?, offset: Int,
                         _ body: (IncidentRowBatch) throws -> Void) throws
    /// How many incidents match `filter`.
    func count(matching filter: IncidentFilter) throws -> Int
    /// How many incidents have a context computed with other layers than `currentLayersVersion`.
    func staleContextCount(currentLayersVersion: String) throws -> Int
    /// Which of these ids the store holds (deleted ones included).
    func existingIDs(_ ids: [UUID]) throws -> Set<UUID>
    /// Every recorded change of an incident, oldest first, with those of records merged into it.
    func history(of id: UUID) throws -> [IncidentHistoryEntry]
    /// Calls `body` with each record matching `filter` (set `includeDeleted` for the deleted
    /// ones) in the order they were stored, with everything a copy keeps, from one snapshot.
    func forEachRecord(matching filter: IncidentFilter, _ body: (StoredRecord) throws -> Void) throws
    /// The history entries of incidents the store no longer holds (purged), oldest first.
    func historyOfRemovedIncidents() throws -> [IncidentHistoryEntry]
    /// Calls `body` with every incident as it stood at `instant`, in listing order.
    func forEachIncident(asOf instant: Date, _ body: (Incident) throws -> Void) throws
    /// Incidents within `radiusMeters` (geodesic, to the nearest point of the geometry), nearest first.
    func incidents(near center: Position, withinMeters radiusMeters: Double, matching filter: IncidentFilter,
                   limit: Int?) throws -> [NearbyIncident]
    /// For each centre, the ids within `radiusMeters`, nearest first (one snapshot for all).
    func incidentIDs(near centers: [Position], withinMeters radiusMeters: Double, matching filter: IncidentFilter,
                     limit: Int?) throws -> [[(id: UUID, distanceMeters: Double)]]
    /// Pairs that are likely one event reported twice.
    func likelyDuplicates(withinMeters: Double, hours: Double, matching filter: IncidentFilter) throws -> [LikelyDuplicate]
    /// Counts and casualty totals, grouped.
    func statistics(matching filter: IncidentFilter, by grouping: StatisticsGrouping?) throws -> [IncidentStatistics]
    /// The box and time span of the incidents.
    func extent() throws -> StoreExtent
    /// A number that grows with every write (the newest history entry).
    func revision() throws -> Int64

    // MARK: Tokens of the HTTP API (stored hashed)

    func createToken(name: String, now: Date) throws -> String
    func tokens() throws -> [APITokenRecord]
    func revokeToken(name: String, now: Date) throws
    /// The name of the live token, or nil; compared in constant time.
    func tokenName(for token: String) throws -> String?

    // MARK: The store as a whole

    /// A GeoPackage file with the incidents matching `filter`, their history and the named
    /// reference layers. Returns how many incidents it holds.
    func exportGeoPackage(to path: String, matching filter: IncidentFilter, referenceLayers: [String]) throws -> Int
    /// Brings the copies of the reference layers the store keeps up to date with the tool's
    /// (PostGIS: tables for QGIS; a GeoPackage keeps none until `export --layers`).
    /// - Returns: true when something was replaced.
    func updateReferenceLayers() throws -> Bool
    /// Readies the store for a server's concurrent readers and writer (SQLite: WAL mode).
    func prepareForServing() throws
    /// Undoes ``prepareForServing()`` where it can; false when another process holds the store.
    func finishServing() throws -> Bool
    /// Closes the store's connections.
    func close() throws
}

/// The order rows are read in.
public enum IncidentRowOrder: Sendable {
    /// Oldest first, unknown times last, then by id.
    case listing
    /// The order they were stored in (first written first): a straight read, for exports.
    case storage
}

/// Writes incidents inside one transaction of ``IncidentStoring/write(_:)``. It lives only as
/// long as that call, on its thread.
public protocol IncidentStoreWriting: AnyObject {
    /// What a new incident's history entry says (`log`, or `import`).
    var creation: IncidentHistoryEntry.Action { get set }
    /// What a change's history entry says (`edit`, `import`, `merge`).
    var change: IncidentHistoryEntry.Action { get set }
    /// Entries added to the `changes` of each change's history entry.
    var changeExtras: JSONObject { get set }
    /// Why, for the history.
    var reason: String? { get set }
    /// The time the history records.
    var now: Date { get set }

    /// Stores a new incident. - Throws: ``StoreError/duplicateID(_:)``; ``IncidentError``.
    func insert(_ incident: Incident) throws
    /// ``insert(_:)`` for an incident the caller has just validated.
    func insertValidated(_ incident: Incident) throws
    /// Stores the incident, or replaces the stored one with the same id when they differ.
    func upsert(_ incident: Incident, defaultTime: Date?) throws -> UpsertOutcome
    /// Replaces the stored incident with the same id. - Throws: ``StoreError/notFound(_:)``.
    func update(_ incident: Incident, reason: String?) throws
    /// Deletes an incident softly.
    func delete(id: UUID, reason: String?, action: IncidentHistoryEntry.Action, changes: JSONObject?) throws
    /// Brings back an incident deleted softly.
    func restore(id: UUID, reason: String?) throws
    /// Removes for good every incident deleted softly; returns how many.
    func purge(reason: String?, now: Date) throws -> Int
    /// Stores a record copied from another store: the incident, its deletion and its own
    /// history as they were (no new history entry). - Throws: ``StoreError/duplicateID(_:)``.
    func insertRecord(_ record: StoredRecord) throws
    /// The record with this id, deleted or not, with its history, read inside this transaction.
    func record(id: UUID) throws -> StoredRecord?
    /// Replaces the stored record with the same id by `record` (its fields and deletion), and
    /// appends `entries` to its history as they are.
    func replaceRecord(_ record: StoredRecord, appending entries: [IncidentHistoryEntry]) throws
    /// Appends history entries as they are (those of removed incidents, in a copy).
    func appendHistory(_ entries: [IncidentHistoryEntry]) throws
    /// A stored incident read inside this transaction (deleted ones are nil).
    func incident(id: UUID) throws -> Incident?
    /// Starts a bulk import inside this transaction (the store may defer index work to the end).
    func beginBulk() throws
    /// The row number of the incident with this id, nil when the store does not hold it.
    func fid(of id: UUID) throws -> Int64?
    /// The largest row number given so far (rows written later have larger ones).
    func largestFID() throws -> Int64
}

/// An incident with everything a copy between stores keeps: its deletion and its history.
public struct StoredRecord: Sendable, Equatable {
    public var incident: Incident
    /// When it was deleted (softly), nil when it was not.
    public var deletedAt: Date?
    /// Its own history entries, oldest first.
    public var history: [IncidentHistoryEntry]

    public init(incident: Incident, deletedAt: Date?, history: [IncidentHistoryEntry]) {
        self.incident = incident
        self.deletedAt = deletedAt
        self.history = history
    }
}

/// What ``IncidentStoreWriting/upsert(_:defaultTime:)`` did.
public enum UpsertOutcome: Sendable, Equatable {
    case inserted, updated, unchanged
    /// The store holds the id as a deleted incident: left deleted and unchanged.
    case leftDeleted
}

extension IncidentStoring {
    // The writes that are the same in every store: one transaction of the store's writer.
    public func insert(contentsOf incidents: [Incident]) throws {
        for incident in incidents { try incident.validateForStorage() }
        try write { writer in
            for incident in incidents { try writer.insert(incident) }
        }
    }
    public func update(_ incident: Incident) throws {
        try incident.validateForStorage()
        try write { writer in try writer.update(incident, reason: nil) }
    }
    public func delete(id: UUID, reason: String?) throws {
        try write { writer in try writer.delete(id: id, reason: reason, action: .delete, changes: nil) }
    }
    public func restore(id: UUID, reason: String?, now: Date) throws {
        try write { writer in
            writer.now = Timestamp.truncatedToMilliseconds(now)
            try writer.restore(id: id, reason: reason)
        }
    }
    public func purge(reason: String?, now: Date) throws -> Int {
        try write { writer in try writer.purge(reason: reason, now: now) }
    }

    // The defaults of the requirements above.
    public func insert(_ incident: Incident) throws { try insert(contentsOf: [incident]) }
    // (Overloads, not defaults: a method with a requirement's own signature would become its
    // default implementation.)
    public func edit(id: UUID, contexts: IncidentContextComputer, reason: String? = nil,
                     _ change: (inout Incident) throws -> Void) throws -> (incident: Incident, changed: Bool) {
        try edit(id: id, contexts: contexts, now: Date(), reason: reason, change)
    }
    public func edit(id: UUID, contexts: IncidentContextComputer, now: Date,
                     _ change: (inout Incident) throws -> Void) throws -> (incident: Incident, changed: Bool) {
        try edit(id: id, contexts: contexts, now: now, reason: nil, change)
    }
    public func delete(id: UUID) throws { try delete(id: id, reason: nil) }
    public func restore(id: UUID, reason: String? = nil) throws { try restore(id: id, reason: reason, now: Date()) }
    public func purge(reason: String? = nil) throws -> Int { try purge(reason: reason, now: Date()) }
    @discardableResult
    public func merge(keeping kept: UUID, into others: [UUID], reason: String? = nil) throws -> Incident {
        try merge(keeping: kept, into: others, reason: reason, now: Date())
    }
    public func replaceContexts(onlyStale currentLayersVersion: String?, _ contexts: ([Incident]) throws -> [IncidentContext?],
                                progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> Int {
        try replaceContexts(onlyStale: currentLayersVersion, batchSize: 1_000, contexts, progress: progress)
    }
    public func incidents(matching filter: IncidentFilter = IncidentFilter()) throws -> [Incident] {
        var result: [Incident] = []
        try forEachIncident(matching: filter, order: .listing) { result.append($0) }
        return result
    }
    public func forEachIncident(matching filter: IncidentFilter = IncidentFilter(), _ body: (Incident) throws -> Void) throws {
        try forEachIncident(matching: filter, order: .listing, body)
    }
    public func forEachRowBatch(matching filter: IncidentFilter = IncidentFilter(), order: IncidentRowOrder,
                                batchSize: Int = 1_024, _ body: (IncidentRowBatch) throws -> Void) throws {
        try forEachRowBatch(matching: filter, order: order, batchSize: batchSize, limit: nil, offset: 0, body)
    }
    /// How many incidents the store holds (not counting deleted ones).
    public func count() throws -> Int { try count(matching: IncidentFilter()) }
    public func incidents(near center: Position, withinMeters radiusMeters: Double,
                          matching filter: IncidentFilter = IncidentFilter()) throws -> [NearbyIncident] {
        try incidents(near: center, withinMeters: radiusMeters, matching: filter, limit: nil)
    }
    public func likelyDuplicates(withinMeters: Double, hours: Double) throws -> [LikelyDuplicate] {
        try likelyDuplicates(withinMeters: withinMeters, hours: hours, matching: IncidentFilter())
    }
    public func statistics(matching filter: IncidentFilter = IncidentFilter()) throws -> [IncidentStatistics] {
        try statistics(matching: filter, by: nil)
    }
    public func statistics(by grouping: StatisticsGrouping?) throws -> [IncidentStatistics] {
        try statistics(matching: IncidentFilter(), by: grouping)
    }
    public func createToken(name: String) throws -> String { try createToken(name: name, now: Date()) }
    public func revokeToken(name: String) throws { try revokeToken(name: name, now: Date()) }
    public func exportGeoPackage(to path: String, matching filter: IncidentFilter = IncidentFilter()) throws -> Int {
        try exportGeoPackage(to: path, matching: filter, referenceLayers: [])
    }
}

extension IncidentStoreWriting {
    public func upsert(_ incident: Incident) throws -> UpsertOutcome { try upsert(incident, defaultTime: nil) }
    public func update(_ incident: Incident) throws { try update(incident, reason: nil) }
    public func delete(id: UUID, reason: String? = nil) throws { try delete(id: id, reason: reason, action: .delete, changes: nil) }
}

/// Opening a store from where it is.
public enum IncidentStores {
    /// The store at `location`: a `postgresql://` URL opens a ``PostGISIncidentStore``,
    /// anything else is the path of a GeoPackage (``IncidentStore``).
    /// - Parameter createIfMissing: make a new GeoPackage, or lay out the schema in an empty
    ///   database, when there is none yet; false for commands that only read.
    public static func open(_ location: String, createIfMissing: Bool = true) throws -> any IncidentStoring {
        if PostgresLocation.isURL(location) {
            return try PostGISIncidentStore(url: location, createIfMissing: createIfMissing)
        }
        return try IncidentStore(path: location, createIfMissing: createIfMissing)
    }
}
