import Foundation
import GRDB

/// An incident found near a position, and how far it is.
public struct NearbyIncident: Sendable {
    public var incident: Incident
    /// The geodesic distance from the query position to the nearest part of the incident.
    public var distanceMeters: Double
}

extension IncidentStore {
    /// The incidents within `radiusMeters` (geodesic, WGS84) of `center` that match `filter`,
    /// nearest first (ties by id), at most `limit` of them.
    ///
    /// The R-tree is searched with the boxes of ``GeodesicCircleBounds`` (right across the
    /// antimeridian and around the poles), then each candidate's exact distance to its nearest
    /// part is measured (``Geodesic/distanceMeters(from:to:)``): a track whose middle passes
    /// close is found even when its ends are far.
    public func incidents(near center: Position, withinMeters radiusMeters: Double,
                          matching filter: IncidentFilter = IncidentFilter(), limit: Int? = nil) throws -> [NearbyIncident] {
        try read { db in try incidents(near: center, withinMeters: radiusMeters, matching: filter, limit: limit, in: db) }
    }

    /// ``incidents(near:withinMeters:matching:limit:)`` inside a read the caller holds: many
    /// queries in one read reuse their prepared statements (a read of its own for each would
    /// begin and end a transaction, and GRDB's statements for those make SQLite re-prepare
    /// every cached one: most of the time of a query).
    func incidents(near center: Position, withinMeters radiusMeters: Double, matching filter: IncidentFilter,
                   limit: Int?, in db: Database) throws -> [NearbyIncident] {
        var columns: IncidentRow.Columns?   // the same for the three statements (all `SELECT *`)
        return try nearby(center, radiusMeters, filter, limit, select: "*", in: db) { row, db in
            let found = try columns ?? IncidentRow.Columns(Array(row.columnNames))
            columns = found
            return try IncidentRow.incident(from: row, columns: found, db)
        }.map { NearbyIncident(incident: $0.0, distanceMeters: $0.1) }
    }

    /// The ids (and distances) of ``incidents(near:withinMeters:matching:limit:)``, without
    /// reading the rest of each record: what a batch of queries writes.
    public func incidentIDs(near center: Position, withinMeters radiusMeters: Double,
                            matching filter: IncidentFilter = IncidentFilter(), limit: Int? = nil) throws -> [(id: UUID, distanceMeters: Double)] {
        try read { db in try incidentIDs(near: center, withinMeters: radiusMeters, matching: filter, limit: limit, in: db) }
    }

    /// ``incidentIDs(near:withinMeters:matching:limit:)`` inside a read the caller holds.
    func incidentIDs(near center: Position, withinMeters radiusMeters: Double, matching filter: IncidentFilter,
                     limit: Int?, in db: Database) throws -> [(id: UUID, distanceMeters: Double)] {
        try nearby(center, radiusMeters, filter, limit, select: "fid, id, geom", in: db) { row, _ in
            let text: String = row["id"]
            guard let id = UUID(text: text) else { throw StoreError.database("stored id \(text) is not a UUID") }
            return id
        }.map { (id: $0.0, distanceMeters: $0.1) }
    }

    private func nearby<T>(_ center: Position, _ radiusMeters: Double, _ filter: IncidentFilter, _ limit: Int?, select: String,
                           in db: Database, _ make: (Row, Database) throws -> T) throws -> [(T, Double, String)] {
        let geodesic = Geodesic.wgs84
        var found: [(T, Double, String)] = []
        var seen = Set<Int64>()
        func scan(_ sql: String, _ arguments: StatementArguments, _ db: Database) throws {
            // Cached: a batch of queries repeats a few statement shapes, and preparing one
            // (with GRDB's authorizer) cost more than running it.
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() {
                // Measure from the geometry alone; build the whole incident only for a hit.
                let fid: Int64 = row["fid"]
                guard !seen.contains(fid), let blob = row["geom"] as Data?,
                      let d = try geodesic.distanceMeters(from: center, to: GeoPackageGeometry.decode(blob), within: radiusMeters),
                      d <= radiusMeters else { continue }
                seen.insert(fid)
                found.append((try make(row, db), d, row["id"]))
            }
        }
        do {
            // 1. Anything whose vertices' box meets the circle's boxes. A track or zone can pass
            //    near with every vertex far: some vertex is then within the radius plus half its
            //    longest leg, so the boxes reach that far (the longest leg of the whole store).
            //    One query: each row in reach is read once (a second query for the legs alone
            //    read every row in reach again to learn its longest leg).
            let longest = try Double.fetchOne(db.cachedStatement(sql: "SELECT max(max_leg_m) FROM incidents")) ?? 0
            let near = Self.query(filter, select: select, ordered: false, anyOfBoxes: GeodesicCircleBounds.boxes(
                center: center, radiusMeters: radiusMeters + max(0, longest) / 2))
            try scan(near.0, near.1, db)
            // 2. Rows written by another tool (no leg length): measured one by one.
            var unknown = filter
            unknown.longestLegUnknown = true
            let rest = Self.query(unknown, select: select, ordered: false)
            try scan(rest.0, rest.1, db)
        }
        found.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.2 < $1.2 }
        if let limit, found.count > limit { found.removeLast(found.count - limit) }
        return found
    }
}
