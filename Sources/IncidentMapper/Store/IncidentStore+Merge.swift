import Foundation
import GRDB

/// How several records of one event become one (``IncidentStore/merge(keeping:into:reason:now:)``).
public enum IncidentMerge {
    /// The record that results from merging `others` into `kept`:
    /// - the kept record's id, kind, title, time, geometry (with its context), uncertainty and
    ///   confidence; a field the kept record lacks (no time, no geometry, no description) comes
    ///   from the first other record that has it;
    /// - every source, once per URL, the kept record's first;
    /// - every tag, once;
    /// - casualties as the widest range the reports support (``Casualties/widest(_:)``): three
    ///   reports of 3, 4 and 6 dead give 3–6, and a report with no number adds nothing.
    public static func merged(_ kept: Incident, with others: [Incident], now: Date) -> Incident {
        var result = kept
        let all = [kept] + others
        if result.geometry == nil, let donor = others.first(where: { $0.geometry != nil }) {
            result.geometry = donor.geometry
            result.context = donor.context
            result.positionUncertaintyMeters = donor.positionUncertaintyMeters
        }
        if result.time == nil { result.time = others.lazy.compactMap(\.time).first }
        if result.description == nil { result.description = others.lazy.compactMap(\.description).first }
        var urls = Set<String>()
        result.sources = all.flatMap(\.sources).filter { urls.insert($0.url).inserted }
        var tags = Set<String>()
        result.tags = all.flatMap(\.tags).filter { tags.insert($0).inserted }
        result.casualties = Casualties.widest(all.map(\.casualties))
        result.updatedAt = now
        return result
    }
}

extension IncidentMerge {
    /// Merges `others` into `kept` in one write transaction of `store`: the records are read
    /// there, ``merged(_:with:now:)`` is stored as an edit of `kept` (its history entry lists
    /// what was merged), and the others are deleted softly with a `merge` entry naming `kept`.
    /// - Throws: ``StoreError/notFound(_:)`` for an id that is absent or deleted;
    ///   ``StoreError/invalidRequest(_:)`` for fewer than two incidents or one given twice.
    static func merge(keeping kept: UUID, into others: [UUID], reason: String?, now: Date,
                      in store: some IncidentStoring) throws -> Incident {
        let ids = [kept] + others
        guard !others.isEmpty else { throw StoreError.invalidRequest("merge needs at least two incidents") }
        guard Set(ids).count == ids.count else { throw StoreError.invalidRequest("an incident is given twice") }
        return try store.write { writer in
            let records = try ids.map { id -> Incident in
                guard let record = try writer.incident(id: id) else { throw StoreError.notFound(id.lowercasedText) }
                return record
            }
            let at = Timestamp.truncatedToMilliseconds(now)
            let result = merged(records[0], with: Array(records.dropFirst()), now: at)
            try result.validateForStorage()
            writer.now = at
            writer.reason = reason
            writer.change = .merge
            writer.changeExtras = ["merged_from": .array([.null, .array(others.map { .string($0.lowercasedText) })])]
            try writer.update(result, reason: nil)
            writer.changeExtras = [:]
            for other in others {
                try writer.delete(id: other, reason: nil, action: .merge,
                                  changes: ["merged_into": .array([.null, .string(kept.lowercasedText)])])
            }
            return result
        }
    }
}

extension IncidentStore {
    /// Merges `others` into `kept` (see ``IncidentMerge/merge(keeping:into:reason:now:in:)``).
    @discardableResult
    public func merge(keeping kept: UUID, into others: [UUID], reason: String? = nil, now: Date = Date()) throws -> Incident {
        try IncidentMerge.merge(keeping: kept, into: others, reason: reason, now: now, in: self)
    }
}
