import Foundation

/// Moving records between two stores (a GeoPackage and a PostGIS database, either way, or two
/// of a kind) without loss: every field, the context, the deletion and the history go as they
/// are, in one transaction on the target.
///
/// A record the target holds already is decided by the two histories:
/// - the same record: nothing to do;
/// - the target's history is the start of the source's (only the source changed since they
///   parted): the target takes the source's record and the entries it lacks;
/// - the source's history is the start of the target's: the target is newer, it is kept;
/// - otherwise both changed: a **conflict**, listed and never overwritten.
///
/// `since` copies only the records changed after that time (edited, deleted, or with a history
/// entry after it), so that a field laptop can sync back what it did offline.
public enum StoreCopy {
    /// A record that changed on both sides, left as the target has it.
    public struct Conflict: Sendable, Equatable {
        public var id: UUID
        public var reason: String
    }

    /// What a copy did.
    public struct Summary: Sendable {
        /// Records read from the source.
        public var read = 0
        /// Records left out by `since`.
        public var notChangedSince = 0
        public var inserted = 0
        /// Records the target had in an older state.
        public var updated = 0
        public var unchanged = 0
        /// Records the target has in a newer state (kept).
        public var newerInTarget = 0
        /// History entries of purged incidents copied.
        public var removedHistory = 0
        public var conflicts: [Conflict] = []
    }

    /// Copies the records of `source` into `target` in one transaction of `target`: all or
    /// nothing. Conflicts do not stop the copy; they are listed in the summary.
    /// - Parameter progress: hears how many records have been read.
    public static func copy(from source: any IncidentStoring, to target: any IncidentStoring, since: Date? = nil,
                            progress: ((Int) -> Void)? = nil) throws -> Summary {
        var everything = IncidentFilter()
        everything.includeDeleted = true
        var summary = Summary()
        let removed = try source.historyOfRemovedIncidents().filter { since == nil || $0.at > since! }
        let targetRemoved = Set(try target.historyOfRemovedIncidents().map(EntryKey.init))
        try target.write { writer in
            let targetIsEmpty = try writer.largestFID() == 0
            try source.forEachRecord(matching: everything) { record in
                summary.read += 1
                defer { if summary.read % 1_000 == 0 { progress?(summary.read) } }
                if let since, !changed(record, after: since) {
                    summary.notChangedSince += 1
                    return
                }
                guard !targetIsEmpty, let existing = try writer.record(id: record.incident.id) else {
                    try writer.insertRecord(record)
                    summary.inserted += 1
                    return
                }
                if existing == record {
                    summary.unchanged += 1
                } else if existing.history.count < record.history.count, record.history.starts(with: existing.history) {
                    try writer.replaceRecord(record, appending: Array(record.history[existing.history.count...]))
                    summary.updated += 1
                } else if record.history.count < existing.history.count, existing.history.starts(with: record.history) {
                    summary.newerInTarget += 1
                } else {
                    summary.conflicts.append(Conflict(id: record.incident.id, reason: conflictReason(existing, record)))
                }
            }
            progress?(summary.read)
            // The history of incidents purged in the source, where the target has neither the
            // entry nor the incident.
            var missing: [IncidentHistoryEntry] = []
            var seenHeld: [UUID: Bool] = [:]
            for entry in removed where !targetRemoved.contains(EntryKey(entry)) {
                let held = try seenHeld[entry.incidentID] ?? (writer.record(id: entry.incidentID) != nil)
                seenHeld[entry.incidentID] = held
                if held {
                    if entry.action == .purge {
                        summary.conflicts.append(Conflict(id: entry.incidentID, reason: "purged in the source, still held by the target"))
                    }
                    continue
                }
                missing.append(entry)
            }
            try writer.appendHistory(missing)
            summary.removedHistory = missing.count
        }
        return summary
    }

    /// True when the record was edited, deleted or given a history entry after `instant`.
    static func changed(_ record: StoredRecord, after instant: Date) -> Bool {
        record.incident.updatedAt > instant || (record.deletedAt.map { $0 > instant } ?? false)
            || record.history.contains { $0.at > instant }
    }

    /// Why two versions of a record conflict, for the list.
    static func conflictReason(_ target: StoredRecord, _ source: StoredRecord) -> String {
        let shared = zip(target.history, source.history).prefix { $0.0 == $0.1 }.count
        if target.history == source.history {
            return "the records differ but their histories agree (changed by another tool)"
        }
        let since = shared > 0 ? " since \(Timestamp.format(source.history[shared - 1].at))" : ""
        return "changed on both sides\(since): \(target.history.count - shared) change(s) in the target, \(source.history.count - shared) in the source"
    }

    /// A history entry as a key (its incident, time, action and reason).
    private struct EntryKey: Hashable {
        let id: UUID, at: Date, action: String, reason: String?
        init(_ entry: IncidentHistoryEntry) {
            id = entry.incidentID
            at = entry.at
            action = entry.action.rawValue
            reason = entry.reason
        }
    }
}
