import Foundation

extension PostGISIncidentStore {
    // MARK: - History

    public func history(of id: UUID) throws -> [IncidentHistoryEntry] {
        try readTransaction { connection in
            try IncidentHistory.collect(of: id) { try Self.historyEntries(of: $0, connection) }
        }
    }

    /// One record's own history entries, in the order they were written.
    static func historyEntries(of id: UUID, _ connection: PostgresConnection) throws -> [IncidentHistoryEntry] {
        try historyEntries(connection.execute(historySelect + " WHERE incident_id = $1 ORDER BY id", [.text(id.lowercasedText)]))
    }

    /// The columns of a history entry, times in the stored text form.
    static let historySelect = "SELECT incident_id, \(PostGISRows.time("at")), action, reason, changes FROM incident_history"

    /// The entries in the rows of a ``historySelect`` query.
    static func historyEntries(_ rows: PostgresResult) throws -> [IncidentHistoryEntry] {
        try (0..<rows.rowCount).map { row in
            guard let id = rows.string(row, 0).flatMap(UUID.init(text:)) else { throw StoreError.database("stored history id is not a UUID") }
            return IncidentHistoryEntry(
                incidentID: id, at: try Timestamp.parse(rows.string(row, 1) ?? "", field: "at"),
                action: rows.string(row, 2).flatMap(IncidentHistoryEntry.Action.init(rawValue:)) ?? .edit,
                reason: rows.string(row, 3),
                changes: rows.string(row, 4).flatMap { try? JSONParser().parse($0).objectValue } ?? JSONObject())
        }
    }

    public func historyOfRemovedIncidents() throws -> [IncidentHistoryEntry] {
        try readTransaction { connection in
            try Self.historyEntries(connection.execute(Self.historySelect + " h WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = h.incident_id) ORDER BY h.id"))
        }
    }

    public func forEachIncident(asOf instant: Date, _ body: (Incident) throws -> Void) throws {
        var filter = IncidentFilter()
        filter.includeDeleted = true
        let query = PostGISQuery(filter)
        try readTransaction { connection in
            try Self.forEachBatch(query.sql(select: PostGISRows.selectList), query.parameters, batchSize: 512, connection) { rows in
                let incidents = try PostGISRows.incidents(rows, connection)
                let deletedColumn = rows.columnCount - 1
                for (row, stored) in incidents.enumerated() {
                    let deletedAt = try rows.string(row, deletedColumn).map { try Timestamp.parse($0, field: "deleted_at") }
                    if let incident = try IncidentHistory.asOf(instant, incident: stored, entries: Self.historyEntries(of: stored.id, connection),
                                                               deletedAt: deletedAt) {
                        try body(incident)
                    }
                }
            }
        }
    }

    // MARK: - Proximity

    /// How far beyond the radius PostGIS's `ST_DWithin` on the spheroid looks for candidates:
    /// its distance to a line or polygon is computed otherwise than this tool's geodesic one,
    /// so candidates are taken from a little further (1 % + 100 m) and each is then measured
    /// exactly, as the GeoPackage store does; both stores give the same distances. (The tests,
    /// 100,000 random incidents and 40 legs of 1,000-3,000 km queried from 100 m to 1 nm,
    /// give the same answers without the margin: it is an allowance, not a measured need.)
    static func searchRadius(_ meters: Double) -> Double { meters * 1.01 + 100 }

    public func incidents(near center: Position, withinMeters radiusMeters: Double, matching filter: IncidentFilter = IncidentFilter(),
                          limit: Int? = nil) throws -> [NearbyIncident] {
        try readTransaction { connection in
            try Self.nearby(center, radiusMeters, filter, limit, connection).map { NearbyIncident(incident: $0.0, distanceMeters: $0.1) }
        }
    }

    public func incidentIDs(near centers: [Position], withinMeters radiusMeters: Double, matching filter: IncidentFilter,
                            limit: Int?) throws -> [[(id: UUID, distanceMeters: Double)]] {
        try readTransaction { connection in
            try centers.map { center in
                try Self.nearbyIDs(center, radiusMeters, filter, limit, connection).map { (id: $0.id, distanceMeters: $0.meters) }
            }
        }
    }

    /// The incidents within the radius, nearest first (then by id): candidates from the
    /// geography index (`ST_DWithin` on the spheroid, widened by ``searchRadius(_:)``), each
    /// measured with ``Geodesic/distanceMeters(from:to:within:)`` to its nearest point.
    static func nearby(_ center: Position, _ radiusMeters: Double, _ filter: IncidentFilter, _ limit: Int?,
                       _ connection: PostgresConnection) throws -> [(Incident, Double)] {
        let hits = try nearbyIDs(center, radiusMeters, filter, limit, connection)   // only the rows kept are read whole
        guard !hits.isEmpty else { return [] }
        let found = try connection.execute("SELECT \(PostGISRows.selectList) FROM incidents WHERE fid = ANY($1::bigint[])",
                                           [.text("{" + hits.map { String($0.fid) }.joined(separator: ",") + "}")])
        let incidents = try PostGISRows.incidents(found, connection)
        var byFID: [Int64: Incident] = [:]
        for (row, incident) in incidents.enumerated() { byFID[found.int64(row, 0) ?? 0] = incident }
        var result = hits.compactMap { hit in byFID[hit.fid].map { ($0, hit.meters) } }
        result.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.id.lowercasedText < $1.0.id.lowercasedText }
        if let limit, result.count > limit { result.removeLast(result.count - limit) }
        return result
    }

    /// The row numbers, ids and distances of the incidents within the radius, nearest first
    /// (then by id): candidates from the geography index, each measured exactly.
    static func nearbyIDs(_ center: Position, _ radiusMeters: Double, _ filter: IncidentFilter, _ limit: Int?,
                          _ connection: PostgresConnection) throws -> [(fid: Int64, id: UUID, meters: Double)] {
        var query = PostGISQuery(filter)
        let point = "ST_SetSRID(ST_MakePoint(\(query.bind(.of(center.longitude)))::float8, \(query.bind(.of(center.latitude)))::float8), 4326)::geography"
        query.add("ST_DWithin(geom::geography, \(point), \(query.bind(.of(searchRadius(radiusMeters))))::float8)")
        let rows = try connection.execute(query.sql(select: "fid, id, ST_AsBinary(geom)", ordered: false), query.parameters)
        let geodesic = Geodesic.wgs84
        var hits: [(fid: Int64, id: UUID, meters: Double)] = []
        for row in 0..<rows.rowCount {
            guard let fid = rows.int64(row, 0), let id = rows.string(row, 1).flatMap(UUID.init(text:)),
                  let geometry = try PostGISRows.Values(result: rows, row: row).geometry(2),
                  let d = try geodesic.distanceMeters(from: center, to: geometry, within: radiusMeters), d <= radiusMeters else { continue }
            hits.append((fid, id, d))
        }
        hits.sort { $0.meters != $1.meters ? $0.meters < $1.meters : $0.id.lowercasedText < $1.id.lowercasedText }
        if let limit, hits.count > limit { hits.removeLast(hits.count - limit) }
        return hits
    }

    // MARK: - Duplicates and statistics

    public func likelyDuplicates(withinMeters: Double, hours: Double, matching filter: IncidentFilter = IncidentFilter()) throws -> [LikelyDuplicate] {
        try readTransaction { connection in
            let near = try DuplicateFinder.nearPairs(withinMeters: withinMeters, hours: hours, filter: filter, page: { lastFID in
                var query = PostGISQuery(filter)
                query.add("fid > \(query.bind(.of(lastFID)))::bigint")
                let rows = try connection.execute(query.sql(select: PostGISRows.selectList, ordered: false) + " ORDER BY fid LIMIT 1024",
                                                  query.parameters)
                return zip((0..<rows.rowCount).map { rows.int64($0, 0) ?? 0 }, try PostGISRows.incidents(rows, connection)).map { ($0, $1) }
            }, near: { center, radius, filter in
                try Self.nearby(center, radius, filter, nil, connection).map { NearbyIncident(incident: $0.0, distanceMeters: $0.1) }
            })
            let chosen = PostGISQuery(filter)
            let rows = try connection.execute("""
                SELECT s.value ->> 'url' AS url, string_agg(i.id::text, ' ') FROM (\(chosen.sql(select: "id, sources", ordered: false))) i,
                  jsonb_array_elements(i.sources) s
                GROUP BY 1 HAVING count(DISTINCT i.id) BETWEEN 2 AND \(DuplicateFinder.mostIncidentsPerURL)
                """, chosen.parameters)
            var shared: [(String, String, String)] = []
            for row in 0..<rows.rowCount {
                guard let url = rows.string(row, 0), let ids = rows.string(row, 1) else { continue }
                shared += DuplicateFinder.pairs(of: ids.split(separator: " ").map(String.init), url: url)
            }
            return DuplicateFinder.finished(near, sharing: shared)
        }
    }

    public func statistics(matching filter: IncidentFilter = IncidentFilter(), by grouping: StatisticsGrouping? = nil) throws -> [IncidentStatistics] {
        let chosen = PostGISQuery(filter)
        let source: String
        switch grouping {
        case nil: source = "SELECT NULL::text AS g, i.* FROM incidents i"
        case .kind: source = "SELECT i.kind AS g, i.* FROM incidents i"
        case .confidence: source = "SELECT i.confidence AS g, i.* FROM incidents i"
        case .month: source = "SELECT to_char(i.time_start AT TIME ZONE 'UTC', 'YYYY-MM') AS g, i.* FROM incidents i"
        case .fir, .zone, .state:
            let (layer, column) = grouping == .fir ? ("fir", "value") : grouping == .zone ? ("surface", "value") : ("surface", "state")
            source = """
                SELECT d.g AS g, i.* FROM incidents i LEFT JOIN
                  (SELECT DISTINCT fid, \(column) AS g FROM incident_context_parts WHERE layer = '\(layer)') d ON d.fid = i.fid
                """
        }
        let sql = "SELECT \(IncidentStatistics.aggregates) FROM (\(source)) grouped WHERE fid IN (\(chosen.sql(select: "fid", ordered: false))) GROUP BY g"
        var rows: [IncidentStatistics] = try pool.with { connection in
            let r = try connection.execute(sql, chosen.parameters)
            return (0..<r.rowCount).map { row in
                let n = r.int(row, 1) ?? 0
                func count(_ i: Int, high: Int) -> IncidentStatistics.Count {
                    let known = r.int(row, i + 1) ?? 0
                    return .init(total: r.int(row, i) ?? 0, totalHigh: r.int(row, high) ?? 0, known: known, unknown: n - known)
                }
                return IncidentStatistics(group: r.string(row, 0), incidents: n, killed: count(2, high: 8), injured: count(4, high: 9),
                                          missing: count(6, high: 10))
            }
        }
        IncidentStatistics.sort(&rows, by: grouping)
        return rows
    }

    // MARK: - Extent and revision

    public func extent() throws -> StoreExtent {
        try readTransaction { connection in
            let box = try connection.execute("""
                SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM incidents) x
                """)
            var envelope: Envelope?
            if let w = box.double(0, 0), let s = box.double(0, 1), let e = box.double(0, 2), let n = box.double(0, 3) {
                envelope = Envelope(minLongitude: w, minLatitude: s, maxLongitude: e, maxLatitude: n)
            }
            let times = try connection.execute("""
                SELECT \(PostGISRows.time("min(time_start)")), \(PostGISRows.time("max(coalesce(time_end, time_start))"))
                FROM incidents WHERE deleted_at IS NULL
                """)
            return StoreExtent(boundingBox: envelope, firstTime: times.string(0, 0), lastTime: times.string(0, 1))
        }
    }

    public func revision() throws -> Int64 {
        try pool.with { connection in
            try connection.execute("SELECT coalesce(max(id), 0) FROM incident_history").int64(0, 0) ?? 0
        }
    }

    // MARK: - Tokens

    public func createToken(name: String, now: Date = Date()) throws -> String {
        let name = try IncidentStore.checkedTokenName(name)
        let token = IncidentStore.newToken()
        try writeTransaction { connection in
            let inserted = try connection.execute("""
                INSERT INTO api_tokens (name, hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING
                """, [.text(name), .text(IncidentStore.tokenHash(token)), .of(now)])
            guard inserted.affectedRows == 1 else {
                throw StoreError.invalidRequest("a token named '\(name)' exists already (revoked names are not reused)")
            }
        }
        return token
    }

    public func tokens() throws -> [APITokenRecord] {
        try pool.with { connection in
            let rows = try connection.execute("""
                SELECT name, \(PostGISRows.time("created_at")), \(PostGISRows.time("revoked_at")) FROM api_tokens ORDER BY created_at, name
                """)
            return try (0..<rows.rowCount).map { row in
                APITokenRecord(name: rows.string(row, 0) ?? "", createdAt: try Timestamp.parse(rows.string(row, 1) ?? ""),
                               revokedAt: try rows.string(row, 2).map { try Timestamp.parse($0) })
            }
        }
    }

    public func revokeToken(name: String, now: Date = Date()) throws {
        try writeTransaction { connection in
            let result = try connection.execute("UPDATE api_tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
                                                [.of(now), .text(name)])
            guard result.affectedRows == 1 else { throw StoreError.invalidRequest("no live token named '\(name)'") }
        }
    }

    public func tokenName(for token: String) throws -> String? {
        let presented = Array(IncidentStore.tokenHash(token).utf8)
        let live = try pool.with { connection in
            let rows = try connection.execute("SELECT name, hash FROM api_tokens WHERE revoked_at IS NULL")
            return (0..<rows.rowCount).map { (name: rows.string($0, 0) ?? "", hash: Array((rows.string($0, 1) ?? "").utf8)) }
        }
        // Every live hash is compared whole, so the time says nothing of where one differs.
        var found: String?
        for entry in live where IncidentStore.constantTimeEqual(entry.hash, presented) {
            found = entry.name
        }
        return found
    }
}
