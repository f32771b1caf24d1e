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

/// How likely duplicates are found, whatever the store: pairs near in space, time and kind,
/// and pairs sharing a source URL.
enum DuplicateFinder {
    /// A pair's key, the same whichever comes first.
    static func key(_ a: UUID, _ b: UUID) -> String { min(a.lowercasedText, b.lowercasedText) + max(a.lowercasedText, b.lowercasedText) }

    /// The pairs near in space and time, of one kind. `page` gives the incidents matching
    /// `filter` after a row number (a page at a time: a page in memory, not the store), with
    /// their row numbers; `near` answers a proximity query with a filter.
    static func nearPairs(withinMeters: Double, hours: Double, filter: IncidentFilter,
                          page: (_ after: Int64) throws -> [(Int64, Incident)],
                          near: (Position, Double, IncidentFilter) throws -> [NearbyIncident]) throws -> [String: LikelyDuplicate] {
        var pairs: [String: LikelyDuplicate] = [:]
        func hoursApart(_ a: Incident, _ b: Incident) -> Double? {
            guard let x = a.time?.start, let y = b.time?.start else { return nil }
            return abs(x.timeIntervalSince(y)) / 3600
        }
        let g = Geodesic.wgs84
        var lastFID: Int64 = 0
        while true {
            let rows = try page(lastFID)
            guard let last = rows.last else { break }
            lastFID = last.0
            for (_, incident) in rows {
                // Without a time nothing is near in time: such incidents pair only by source.
                guard let geometry = incident.geometry, let anchor = geometry.positions.first, let start = incident.time?.start else { continue }
                // Candidates: within the radius of any vertex plus half the longest leg (see near),
                // of the same kind, starting within the hours (the time filter keeps every
                // incident that starts then, so the store leaves out the rest before decoding).
                let reach = withinMeters + IncidentRow.longestLegMeters(geometry) / 2
                var kindFilter = filter
                kindFilter.kind = incident.kind
                let window = start.addingTimeInterval(-hours * 3600)
                let windowEnd = start.addingTimeInterval(hours * 3600)
                kindFilter.since = max(filter.since ?? window, window)
                kindFilter.until = min(filter.until ?? windowEnd, windowEnd)
                for other in try near(anchor, reach, kindFilter) where other.incident.id != incident.id {
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
        return pairs
    }

    /// Adds the pairs that cite one URL (`shared`: id, id, url) to `pairs`, and sorts them:
    /// the highest score first, then by ids.
    static func finished(_ pairs: [String: LikelyDuplicate], sharing shared: [(String, String, String)]) -> [LikelyDuplicate] {
        var pairs = pairs
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

    /// The pairs of ids (sorted) among `ids` grouped under one URL.
    static func pairs(of ids: [String], url: String) -> [(String, String, String)] {
        let ids = Array(Set(ids)).sorted()
        var result: [(String, String, String)] = []
        for i in ids.indices { for j in ids.indices where j > i { result.append((ids[i], ids[j], url)) } }
        return result
    }

    /// A URL cited by more incidents than this (a press agency's home page) is not evidence of
    /// a duplicate.
    static let mostIncidentsPerURL = 50
}

extension IncidentStore {
    /// Likely duplicates among the incidents matching `filter`: pairs of one kind within
    /// `withinMeters` and `hours` of each other (score from 1 at the same place and time down
    /// to 0 at the limits), and pairs citing the same source URL (score 1).
    public func likelyDuplicates(withinMeters: Double, hours: Double, matching filter: IncidentFilter = IncidentFilter()) throws -> [LikelyDuplicate] {
        let (all, allArguments) = Self.query(filter, ordered: false)
        // One read for the whole scan: its statements stay prepared from one query to the next.
        let near = try read { db in
            try DuplicateFinder.nearPairs(withinMeters: withinMeters, hours: hours, filter: filter, page: { lastFID in
                let statement = try db.cachedStatement(sql: "SELECT * FROM (\(all)) WHERE fid > ? ORDER BY fid LIMIT 1024")
                let columns = try IncidentRow.Columns(statement.columnNames)
                return try Row.fetchAll(statement, arguments: allArguments + [lastFID])
                    .map { ($0[columns.fid], try IncidentRow.incident(from: $0, columns: columns, db)) }
            }, near: { center, radius, filter in
                try incidents(near: center, withinMeters: radius, matching: filter, limit: nil, in: db)
            })
        }
        // Shared source URLs, by SQL over the JSON arrays, grouped by URL (a sort, not a
        // comparison of every pair).
        let (chosen, arguments) = Self.query(filter, select: "fid", ordered: false)
        let shared: [(String, String, String)] = try readSortingOnDisk { db in
            var result: [(String, String, String)] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT url, group_concat(id, ' ') FROM (
                  SELECT a.id AS id, s.value ->> '$.url' AS url FROM incidents a, json_each(a.sources) s WHERE a.fid IN (\(chosen)))
                GROUP BY url HAVING count(DISTINCT id) BETWEEN 2 AND \(DuplicateFinder.mostIncidentsPerURL)
                """, arguments: arguments)
            while let row = try rows.next() {
                result += DuplicateFinder.pairs(of: (row[1] as String).split(separator: " ").map(String.init), url: row[0])
            }
            return result
        }
        return DuplicateFinder.finished(near, sharing: shared)
    }
}
