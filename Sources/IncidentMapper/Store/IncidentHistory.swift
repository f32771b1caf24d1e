import Foundation
import GRDB

/// One entry of an incident's history (the `incident_history` table, append-only).
public struct IncidentHistoryEntry: Sendable, Equatable {
    /// What happened.
    public enum Action: String, Sendable, CaseIterable {
        case log, `import`, edit, merge, delete, purge
    }
    public var incidentID: UUID
    public var at: Date
    public var action: Action
    public var reason: String?
    /// The fields that changed, as GeoJSON values: `{field: [before, after]}` (`geometry` for
    /// the geometry); empty for a creation or a deletion.
    public var changes: JSONObject
}

/// How history entries are computed, written and read back.
enum IncidentHistory {
    /// The fields a person sets (not the computed context nor the record's own times).
    static let fields = ["kind", "title", "description", "time_start", "time_end", "killed", "injured", "missing",
                         "killed_max", "injured_max", "missing_max",
                         "confidence", "uncertainty_m", "sources", "tags"]

    /// `{field: [before, after]}` for every field that differs.
    static func changes(from old: Incident, to new: Incident) -> JSONObject {
        let a = IncidentFeature.feature(old), b = IncidentFeature.feature(new)
        var changes = JSONObject()
        for field in fields {
            let before = a.properties?[field] ?? .null, after = b.properties?[field] ?? .null
            if before != after { changes[field] = .array([before, after]) }
        }
        if old.geometry != new.geometry {
            changes["geometry"] = .array([old.geometry.map { GeoJSONWriter.geometryValue($0, decimals: nil) } ?? .null,
                                          new.geometry.map { GeoJSONWriter.geometryValue($0, decimals: nil) } ?? .null])
        }
        return changes
    }

    static func record(_ id: UUID, _ action: IncidentHistoryEntry.Action, at: Date, reason: String?,
                       changes: JSONObject?, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO \(GeoPackageSchema.historyTable) (incident_id, at, action, reason, changes) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [id.lowercasedText, Timestamp.format(at), action.rawValue, reason,
                                 changes.map { $0.isEmpty ? nil : JSONWriter.string(.object($0)) } ?? nil])
    }

    static func entries(of id: UUID, after: Date? = nil, _ db: Database) throws -> [IncidentHistoryEntry] {
        var sql = "SELECT incident_id, at, action, reason, changes FROM \(GeoPackageSchema.historyTable) WHERE incident_id = ?"
        var arguments: StatementArguments = [id.lowercasedText]
        if let after { sql += " AND at > ?"; arguments += [Timestamp.format(after)] }
        return try Row.fetchAll(db.cachedStatement(sql: sql + " ORDER BY id"), arguments: arguments).map(entry)
    }

    /// The entry in a row of (incident_id, at, action, reason, changes).
    static func entry(_ row: Row) throws -> IncidentHistoryEntry {
        let idText: String = row["incident_id"]
        guard let id = UUID(text: idText) else { throw StoreError.database("stored history id \(idText) is not a UUID") }
        let text: String? = row["changes"]
        return IncidentHistoryEntry(
            incidentID: id, at: try Timestamp.parse(row["at"], field: "at"),
            action: IncidentHistoryEntry.Action(rawValue: row["action"]) ?? .edit, reason: row["reason"],
            changes: text.flatMap { try? JSONParser().parse($0).objectValue } ?? JSONObject())
    }
}

extension IncidentHistory {
    /// The entries of `id` and of every record merged into it (their entries name their own
    /// ids), oldest first; entries of one time keep their order. `entries` reads one record's.
    static func collect(of id: UUID, _ entries: (UUID) throws -> [IncidentHistoryEntry]) throws -> [IncidentHistoryEntry] {
        var collected: [IncidentHistoryEntry] = []
        var pending = [id], seen = Set<UUID>()
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            let own = try entries(next)
            collected += own
            for entry in own where entry.action == .merge {
                guard case .array(let pair)? = entry.changes["merged_from"], pair.count == 2, case .array(let ids) = pair[1] else { continue }
                pending += ids.compactMap { $0.stringValue.flatMap(UUID.init(uuidString:)) }
            }
        }
        // Oldest first; entries of one time keep their order (a stable sort).
        return collected.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// The incident as it stood at `instant` (its history is `entries`, the row's own deletion
    /// time `deletedAt`), or nil when it did not exist then or was deleted by then. Edits made
    /// since are undone from the history; a context is kept only when the geometry is the one
    /// it was computed for.
    static func asOf(_ instant: Date, incident stored: Incident, entries: [IncidentHistoryEntry], deletedAt: Date?) throws -> Incident? {
        var incident = stored
        let before = entries.filter { $0.at <= instant }, later = entries.filter { $0.at > instant }
        if before.isEmpty && !entries.isEmpty { return nil }                    // created after
        if entries.isEmpty && incident.createdAt > instant { return nil }       // written by another tool
        // Deleted then: the last deletion, merge away or restore up to then says; with none
        // recorded, the row's own deletion time.
        let states = before.filter { $0.action == .delete || $0.changes["merged_into"] != nil || $0.changes["deleted"] != nil }
        if let last = states.last {
            if last.changes["deleted"] == nil { return nil }
        } else if let deletedAt, deletedAt <= instant {
            return nil
        }
        if later.contains(where: { !$0.changes.isEmpty }) {
            var properties = IncidentFeature.feature(incident).properties ?? JSONObject()
            var geometry = incident.geometry
            for entry in later.reversed() {
                for member in entry.changes {
                    guard case .array(let pair) = member.value, pair.count == 2 else { continue }
                    if member.key == "geometry" {
                        geometry = pair[0].isNull ? nil : try GeoJSONReader.readGeometry(pair[0])
                    } else {
                        properties[member.key] = pair[0]
                    }
                }
            }
            var notes: [String] = []
            let context = geometry == incident.geometry ? incident.context : nil
            let createdAt = incident.createdAt
            incident = try IncidentFeature.incident(from: GeoJSONFeature(geometry: geometry, properties: properties),
                                                    index: 0, now: createdAt, notes: &notes)
            incident.context = context
            incident.createdAt = createdAt
            incident.updatedAt = before.last(where: { !$0.changes.isEmpty }).map(\.at) ?? createdAt
        }
        return incident
    }
}

extension IncidentStore {
    /// Every recorded change of an incident, oldest first (also for a deleted one), with the
    /// history of every record merged into it (their entries name their own ids).
    public func history(of id: UUID) throws -> [IncidentHistoryEntry] {
        try read { db in try IncidentHistory.collect(of: id) { try IncidentHistory.entries(of: $0, db) } }
    }

    /// Calls `body` with every incident as it stood at `instant`, in listing order: incidents
    /// created later are left out, those deleted by then too, and edits made since are undone
    /// from the history. A context is kept only when the geometry is the one it was computed
    /// for. Incidents purged since cannot be shown (purge removes them for good).
    public func forEachIncident(asOf instant: Date, _ body: (Incident) throws -> Void) throws {
        var filter = IncidentFilter()
        filter.includeDeleted = true
        let (sql, arguments) = Self.query(filter)
        try read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let stored = try IncidentRow.incident(from: row, db)
                let deletedAt = try (row["deleted_at"] as String?).map { try Timestamp.parse($0, field: "deleted_at") }
                if let incident = try IncidentHistory.asOf(instant, incident: stored, entries: IncidentHistory.entries(of: stored.id, db),
                                                           deletedAt: deletedAt) {
                    try body(incident)
                }
            }
        }
    }

    /// Calls `body` with each record matching `filter`, in the order they were stored, with
    /// its deletion and its own history.
    public func forEachRecord(matching filter: IncidentFilter, _ body: (StoredRecord) throws -> Void) throws {
        let (sql, arguments) = Self.query(filter, ordered: false)
        try read { db in
            let rows = try Row.fetchCursor(db, sql: sql + " ORDER BY fid", arguments: arguments)
            while let row = try rows.next() {
                let incident = try IncidentRow.incident(from: row, db)
                let deletedAt = try (row["deleted_at"] as String?).map { try Timestamp.parse($0, field: "deleted_at") }
                try body(StoredRecord(incident: incident, deletedAt: deletedAt, history: IncidentHistory.entries(of: incident.id, db)))
            }
        }
    }

    public func historyOfRemovedIncidents() throws -> [IncidentHistoryEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT incident_id, at, action, reason, changes FROM \(GeoPackageSchema.historyTable)
                WHERE incident_id NOT IN (SELECT id FROM incidents) ORDER BY id
                """).map(IncidentHistory.entry)
        }
    }
}
