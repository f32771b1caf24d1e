import Foundation

/// How incidents map to rows of the PostGIS store: the same columns as the GeoPackage's
/// (``IncidentRow/columns``), read back in the text forms the GeoPackage stores, so that one
/// decoder (``IncidentRow/incident(from:columns:parts:)``) reads both.
enum PostGISRows {
    /// The columns of ``IncidentRow/values(_:)`` as placeholders: the geometry from WKB.
    static let insertValues: String = {
        let names = IncidentRow.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return names.enumerated().map { i, name in name == "geom" ? "ST_GeomFromWKB($\(i + 1), 4326)" : "$\(i + 1)" }
            .joined(separator: ", ")
    }()

    /// A time column in the form ``Timestamp/format(_:)`` writes (`2025-09-02T14:30:00.000Z`).
    static func time(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    }

    /// `SELECT` list of a whole incident row, with the GeoPackage store's column names.
    static let selectList = """
        fid, ST_AsBinary(geom) AS geom, id, kind, title, description, \(time("time_start")) AS time_start,
        \(time("time_end")) AS time_end, killed, injured, missing, confidence, sources::text AS sources, tags::text AS tags,
        \(time("created_at")) AS created_at, \(time("updated_at")) AS updated_at, fir, surface_kind, surface_state,
        venezuela_coast_nm, context_version, context_measure, closest_lat, closest_lon, context_layers, max_leg_m,
        uncertainty_m, killed_max, injured_max, missing_max, \(time("deleted_at")) AS deleted_at
        """

    /// The parameters of ``insertValues`` for an incident.
    static func parameters(_ incident: Incident) -> [PostgresValue] {
        IncidentRow.values(incident).map { value in
            switch value {
            case .null: .null
            case .integer(let n): .text(String(n))
            case .real(let x): PostgresValue.of(x)
            case .text(let t): .text(t)
            case .geometry(let g): .bytes(Data(WKBCodec.encode(g)))
            }
        }
    }

    /// One row of a result, read by column position.
    struct Values: StoredRowValues {
        let result: PostgresResult
        let row: Int
        func text(_ column: Int) -> String? { result.string(row, column) }
        func integer(_ column: Int) -> Int? { result.int(row, column) }
        func real(_ column: Int) -> Double? { result.double(row, column) }
        func geometry(_ column: Int) throws -> Geometry? {
            guard let wkb = result.bytes(row, column) else { return nil }
            do {
                return try wkb.withUnsafeBytes { try WKBCodec.decode($0) }
            } catch {
                throw StoreError.corruptGeometry("\(error)")
            }
        }
    }

    /// The incidents in the rows of `result` (a ``selectList`` query), their context parts
    /// read with one more query.
    static func incidents(_ result: PostgresResult, _ connection: PostgresConnection) throws -> [Incident] {
        guard result.rowCount > 0 else { return [] }
        let columns = try IncidentRow.Columns(result.columnNames)
        let parts = try contextParts(of: (0..<result.rowCount).compactMap { row -> Int64? in
            Values(result: result, row: row).text(columns.surfaceKind) == nil ? nil : result.int64(row, columns.fid)
        }, connection)
        return try (0..<result.rowCount).map { row in
            let fid = result.int64(row, columns.fid) ?? 0
            return try IncidentRow.incident(from: Values(result: result, row: row), columns: columns, parts: parts[fid] ?? [])
        }
    }

    /// The context parts of these rows, by row number, in the order they were written.
    static func contextParts(of fids: [Int64], _ connection: PostgresConnection) throws -> [Int64: [IncidentContext.Part]] {
        guard !fids.isEmpty else { return [:] }
        let result = try connection.execute("""
            SELECT fid, layer, value, state, share FROM incident_context_parts WHERE fid = ANY($1::bigint[]) ORDER BY fid, id
            """, [.text("{" + fids.map(String.init).joined(separator: ",") + "}")])
        var parts: [Int64: [IncidentContext.Part]] = [:]
        for row in 0..<result.rowCount {
            guard let fid = result.int64(row, 0), let layer = result.string(row, 1).flatMap(IncidentContext.Part.Layer.init(rawValue:)),
                  let value = result.string(row, 2) else { continue }
            parts[fid, default: []].append(IncidentContext.Part(layer: layer, value: value, state: result.string(row, 3),
                                                                share: result.double(row, 4) ?? 0))
        }
        return parts
    }
}

/// A filtered query on the incidents table, with its parameters numbered as they are bound.
struct PostGISQuery {
    private(set) var parameters: [PostgresValue] = []
    private var conditions: [String] = []

    /// The placeholder of a new parameter.
    mutating func bind(_ value: PostgresValue) -> String {
        parameters.append(value)
        return "$\(parameters.count)"
    }

    mutating func add(_ condition: String) { conditions.append(condition) }

    /// The conditions of `filter`, as ``IncidentStore``'s query has them, in PostgreSQL.
    init(_ filter: IncidentFilter) {
        if !filter.includeDeleted { add("deleted_at IS NULL") }
        if let kind = filter.kind { add("kind = \(bind(.text(kind.rawValue)))") }
        if let since = filter.since { add("coalesce(time_end, time_start) >= \(bind(.of(since)))::timestamptz") }
        if let until = filter.until { add("time_start <= \(bind(.of(until)))::timestamptz") }
        if let fir = filter.firID {
            add("fid IN (SELECT p.fid FROM incident_context_parts p WHERE p.layer = 'fir' AND p.value = \(bind(.text(fir))))")
        }
        if filter.surfaceKind != nil || filter.surfaceState != nil {
            var part = ["p.layer = 'surface'"]
            if let zone = filter.surfaceKind { part.append("p.value = \(bind(.text(zone.rawValue)))") }
            if let state = filter.surfaceState { part.append("p.state = \(bind(.text(state)))") }
            add("fid IN (SELECT p.fid FROM incident_context_parts p WHERE \(part.joined(separator: " AND ")))")
        }
        if let version = filter.staleAgainstLayersVersion {
            add("geom IS NOT NULL AND context_layers IS DISTINCT FROM \(bind(.text(version)))")
        }
        if let nm = filter.withinVenezuelaNauticalMiles { add("venezuela_coast_nm <= \(bind(.of(nm)))::double precision") }
        if let box = filter.boundingBox {
            // The GiST index finds the envelopes that meet the box; the geometry itself must too.
            let envelope = "ST_MakeEnvelope(\(bind(.of(box.minLongitude)))::float8, \(bind(.of(box.minLatitude)))::float8, "
                + "\(bind(.of(box.maxLongitude)))::float8, \(bind(.of(box.maxLatitude)))::float8, 4326)"
            add("geom && \(envelope) AND ST_Intersects(geom, \(envelope))")
        }
        if !filter.confidences.isEmpty {
            add("confidence = ANY(\(bind(.text(Self.textArray(filter.confidences.map(\.rawValue)))))::text[])")
        }
        for tag in filter.tags {
            add("tags @> jsonb_build_array(\(bind(.text(tag)))::text)")
        }
        for (column, range) in [("killed", filter.killed), ("injured", filter.injured)] {
            // A count that is a range matches when the range overlaps the one asked for.
            if let range {
                add("\(column) <= \(bind(.of(range.upperBound)))::integer AND coalesce(\(column)_max, \(column)) >= \(bind(.of(range.lowerBound)))::integer")
            }
        }
        if let search = filter.search, let query = Self.searchQuery(search, &self) {
            add("search @@ (\(query))")
        }
        if let minimum = filter.minimumLongestLegMeters { add("max_leg_m >= \(bind(.of(minimum)))::double precision") }
        if filter.longestLegUnknown { add("max_leg_m IS NULL AND geom IS NOT NULL") }
    }

    /// `WHERE ...`, or nothing.
    var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

    /// The listing order: oldest first, unknown times last (PostgreSQL puts NULLs last in an
    /// ascending order), then by id (uuids compare as their lowercase text does).
    static let listingOrder = " ORDER BY time_start, id"

    /// `SELECT select FROM incidents WHERE ...` in listing order unless `ordered` is false.
    func sql(select: String, ordered: Bool = true) -> String {
        "SELECT \(select) FROM incidents\(whereClause)\(ordered ? Self.listingOrder : "")"
    }

    /// A user's words as a text-search query, each word required, as the GeoPackage store's
    /// FTS5 query: a word is a phrase of the tokens in it (`U.S.` is `u <-> s`), accents are
    /// ignored on both sides (`incidents_words`), and a trailing `*` makes its last token a
    /// prefix. Nil for no words.
    static func searchQuery(_ text: String, _ query: inout PostGISQuery) -> String? {
        let words = text.split(whereSeparator: { $0.isWhitespace })
        guard !words.isEmpty else { return nil }
        return words.map { word -> String in
            let prefix = word.hasSuffix("*") && word.count > 1
            let body = String(prefix ? word.dropLast() : word[...])
            let placeholder = query.bind(.text(body))
            if prefix {
                // The last token of the word as a prefix, the others as a phrase before it.
                return "coalesce(nullif(regexp_replace(phraseto_tsquery('simple', incidents_words(\(placeholder)))::text, "
                    + "'''([^'']*)''$', '''\\1'':*'), '')::tsquery, to_tsquery('simple', ''))"
            }
            return "phraseto_tsquery('simple', incidents_words(\(placeholder)))"
        }.joined(separator: " && ")
    }

    /// A PostgreSQL array literal of strings.
    static func textArray(_ items: [String]) -> String {
        "{" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}
