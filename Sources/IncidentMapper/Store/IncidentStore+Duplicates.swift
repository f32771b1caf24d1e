import Foundation
import GRDB

/// Two incidents that are likely the same event reported twice.
public struct LikelyDuplicate: Sendable {
    public var first: UUID
    public var second: UUID
    /// Geodesic distance between their nearest parts (nil when either has no position).
    public var distanceMeters: Double?
    /// Hours between their start times (nil when either has none).
    public var hoursApart: Double?
    /// 0…1: 1 for a shared source URL; else closeness in space times closeness in time.
    public var score: Double
    /// Why: `same source`, `near in space and time`, or both.
    public var reasons: [String]
}

extension IncidentStore {
    /// Pairs of incidents that are likely duplicates: the same kind, within `withinMeters` of
    /// each other and `hours` apart (score = (1 − d/within)·(1 − Δt/hours), kept above 0), or
    /// citing the same source URL (score 1), best first. Each incident is compared with those
    /// near it through the R-tree (distances from its vertices to the other's nearest part), so
    /// the work grows with the incidents, not their square.
    public func likelyDuplicates(withinMeters: Double, hours: Double, matching filter: IncidentFilter = IncidentFilter()) throws -> [LikelyDuplicate] {
        var pairs: [String: LikelyDuplicate] = [:]
        func key(_ a: UUID, _ b: UUID) -> String { min(a.lowercasedText, b.lowercasedText) + max(a.lowercasedText, b.lowercasedText) }
        func hoursApart(_ a: Incident, _ b: Incident) -> Double? {
            guard let x = a.time?.start, let y = b.time?.start else { return nil }
            return abs(x.timeIntervalSince(y)) / 3600
        }
        let g = Geodesic.wgs84
        // Read a page at a time (a page in memory, not the store).
        let (all, allArguments) = Self.query(filter, ordered: false)
        var lastFID: Int64 = 0
        // One read for the whole scan: its statements stay prepared from one query to the next.
        try read { db in
            while true {
                let statement = try db.cachedStatement(sql: "SELECT * FROM (\(all)) WHERE fid > ? ORDER BY fid LIMIT 1024")
                let columns = try IncidentRow.Columns(statement.columnNames)
                let page: [(Int64, Incident)] = try Row.fetchAll(statement, arguments: allArguments + [lastFID])
                    .map { ($0[columns.fid], try IncidentRow.incident(from: $0, columns: columns, db)) }
                guard let last = page.last else { break }
                lastFID = last.0
                for (_, incident) in page {
                    // Without a time nothing is near in time: such incidents pair only by source.
                    guard let geometry = incident.geometry, let anchor = geometry.positions.first, let start = incident.time?.start else { continue }
                    // Candidates: within the radius of any vertex plus half the longest leg (see near),
                    // of the same kind, starting within the hours (the time filter keeps every
                    // incident that starts then, so SQLite leaves out the rest before decoding).
                    let reach = withinMeters + IncidentRow.longestLegMeters(geometry) / 2
                    var kindFilter = filter
                    kindFilter.kind = incident.kind
                    let window = start.addingTimeInterval(-hours * 3600)
                    let windowEnd = start.addingTimeInterval(hours * 3600)
                    kindFilter.since = max(filter.since ?? window, window)
                    kindFilter.until = min(filter.until ?? windowEnd, windowEnd)
                    for other in try incidents(near: anchor, withinMeters: reach, matching: kindFilter, limit: nil, in: db)
                    where other.incident.id != incident.id {
                        guard let otherGeometry = other.incident.geometry else { continue }
                        var d = Double.infinity
                        for p in geometry.positions { d = min(d, try g.distanceMeters(from: p, to: otherGeometry) ?? .infinity) }
                        guard d <= withinMeters, let dt = hoursApart(incident, other.incident), dt <= hours else { continue }
                        let score = (1 - d / max(withinMeters, 1e-9)) * (1 - dt / max(hours, 1e-9))
                        let k = key(incident.id, other.incident.id)
                        if pairs[k] == nil {
                            pairs[k] = LikelyDuplicate(first: incident.id, second: other.incident.id, distanceMeters: d, hoursApart: dt,
                                                       score: score, reasons: ["near in space and time"])
                        }
                    }
                }
            }
        }
        // Shared source URLs, by SQL over the JSON arrays.
        let (chosen, arguments) = Self.query(filter, select: "fid", ordered: false)
        // Grouped by URL (a sort, not a comparison of every pair); a URL cited by more than 50
        // incidents (a press agency's home page) is not evidence of a duplicate.
        let shared: [(String, String, String)] = try readSortingOnDisk { db in
            var result: [(String, String, String)] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT url, group_concat(id, ' ') FROM (
                  SELECT a.id AS id, s.value ->> '$.url' AS url FROM incidents a, json_each(a.sources) s WHERE a.fid IN (\(chosen)))
                GROUP BY url HAVING count(DISTINCT id) BETWEEN 2 AND 50
                """, arguments: arguments)
            while let row = try rows.next() {
                let url: String = row[0]
                let ids = Array(Set((row[1] as String).split(separator: " ").map(String.init))).sorted()
                for i in ids.indices { for j in ids.indices where j > i { result.append((ids[i], ids[j], url)) } }
            }
            return result
        }
        for (a, b, url) in shared {
            guard let x = UUID(text: a), let y = UUID(text: b) else { continue }
            let k = key(x, y)
            if var pair = pairs[k] {
                pair.score = 1
                if !pair.reasons.contains(where: { $0.hasPrefix("same source") }) { pair.reasons.append("same source \(url)") }
                pairs[k] = pair
            } else {
                pairs[k] = LikelyDuplicate(first: x, second: y, distanceMeters: nil, hoursApart: nil, score: 1, reasons: ["same source \(url)"])
            }
        }
        return pairs.values.sorted { $0.score != $1.score ? $0.score > $1.score : ($0.first.lowercasedText, $0.second.lowercasedText) < ($1.first.lowercasedText, $1.second.lowercasedText) }
    }
}
