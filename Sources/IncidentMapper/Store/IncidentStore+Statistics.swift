import Foundation
import GRDB

/// How ``IncidentStore/statistics(matching:by:)`` groups incidents.
public enum StatisticsGrouping: String, CaseIterable, Sendable {
    case kind, month, confidence
    /// Each FIR an incident touches (a track through two FIRs counts in both).
    case fir
    /// Each surface kind it touches (land, territorial-sea, ...).
    case zone
    /// Each state whose land or waters it touches.
    case state
}

/// Counts and casualty totals of a group of incidents, unknown kept apart from zero.
public struct IncidentStatistics: Sendable, Equatable {
    /// Totals of one casualty count.
    public struct Count: Sendable, Equatable {
        /// The sum over the incidents whose count is known (of the low ends of ranges).
        public var total: Int
        /// The sum of the high ends (equal to `total` when no count is a range).
        public var totalHigh: Int
        /// How many incidents give the count (0 included).
        public var known: Int
        /// How many do not (unknown is not zero).
        public var unknown: Int

        /// - Parameter totalHigh: the sum of high ends; `total` when not given (no ranges).
        public init(total: Int, totalHigh: Int? = nil, known: Int, unknown: Int) {
            self.total = total
            self.totalHigh = totalHigh ?? total
            self.known = known
            self.unknown = unknown
        }
    }
    /// The group's value (nil: all incidents, or incidents with no value for the grouping).
    public var group: String?
    public var incidents: Int
    public var killed: Count
    public var injured: Count
    public var missing: Count
}

extension IncidentStore {
    /// Counts and casualty totals of the incidents matching `filter`, in one group or grouped
    /// `by` a field, largest group first (months in order). Computed by SQLite in one pass.
    public func statistics(matching filter: IncidentFilter = IncidentFilter(),
                           by grouping: StatisticsGrouping? = nil) throws -> [IncidentStatistics] {
        let (chosen, arguments) = Self.query(filter, select: "fid", ordered: false)
        let parts = GeoPackageSchema.contextPartsTable
        let source: String
        switch grouping {
        case nil: source = "SELECT NULL AS g, i.* FROM incidents i"
        case .kind: source = "SELECT i.kind AS g, i.* FROM incidents i"
        case .confidence: source = "SELECT i.confidence AS g, i.* FROM incidents i"
        case .month: source = "SELECT substr(i.time_start, 1, 7) AS g, i.* FROM incidents i"
        case .fir, .zone, .state:
            let (layer, column) = grouping == .fir ? ("fir", "value") : grouping == .zone ? ("surface", "value") : ("surface", "state")
            source = """
                SELECT d.g AS g, i.* FROM incidents i LEFT JOIN
                  (SELECT DISTINCT fid, \(column) AS g FROM \(parts) WHERE layer = '\(layer)') d ON d.fid = i.fid
                """
        }
        let sql = "SELECT \(IncidentStatistics.aggregates) FROM (\(source)) WHERE fid IN (\(chosen)) GROUP BY g"
        var rows: [IncidentStatistics] = try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { r in
                let n: Int = r[1]
                func count(_ i: Int, high: Int) -> IncidentStatistics.Count {
                    let known: Int = r[i + 1]
                    return .init(total: r[i], totalHigh: r[high], known: known, unknown: n - known)
                }
                return IncidentStatistics(group: r[0], incidents: n, killed: count(2, high: 8), injured: count(4, high: 9),
                                          missing: count(6, high: 10))
            }
        }
        IncidentStatistics.sort(&rows, by: grouping)
        return rows
    }
}

extension IncidentStatistics {
    /// The columns both stores' statistics query selects from the incidents of a group `g`:
    /// the group, the count, then for killed, injured and missing the sum and how many are
    /// known, then the sums of the high ends of the ranges.
    static let aggregates = """
        g, count(*) AS n,
        coalesce(sum(killed), 0), count(killed), coalesce(sum(injured), 0), count(injured),
        coalesce(sum(missing), 0), count(missing),
        coalesce(sum(coalesce(killed_max, killed)), 0), coalesce(sum(coalesce(injured_max, injured)), 0),
        coalesce(sum(coalesce(missing_max, missing)), 0)
        """

    /// The order both stores give: months in time order (unknown last), other groups by
    /// count, largest first, then by name.
    static func sort(_ rows: inout [IncidentStatistics], by grouping: StatisticsGrouping?) {
        if grouping == .month {
            rows.sort { ($0.group ?? "~") < ($1.group ?? "~") }
        } else {
            rows.sort { $0.incidents != $1.incidents ? $0.incidents > $1.incidents : ($0.group ?? "~") < ($1.group ?? "~") }
        }
    }
}
