import Foundation
import GRDB

/// How an ``Incident`` maps to a row of the `incidents` feature table.
enum IncidentRow {
    static let columns = "id, geom, kind, title, description, time_start, time_end, killed, injured, missing, confidence, sources, tags, created_at, updated_at, fir, surface_kind, surface_state, venezuela_coast_nm, context_version, context_measure, closest_lat, closest_lon, context_layers, max_leg_m, uncertainty_m, killed_max, injured_max, missing_max"
    static let placeholders = Array(repeating: "?", count: 29).joined(separator: ", ")

    static func arguments(_ incident: Incident) throws -> StatementArguments {
        let geometry = try incident.geometry.map { try GeoPackageGeometry.encode($0) }
        return [
            incident.id.lowercasedText,
            geometry,
            incident.kind.rawValue,
            incident.title,
            incident.description,
            incident.time.map { Timestamp.format($0.start) },
            incident.time?.end.map { Timestamp.format($0) },
            incident.casualties.killed,
            incident.casualties.injured,
            incident.casualties.missing,
            incident.confidence.rawValue,
            sourcesJSON(incident.sources),
            JSONWriter.string(.array(incident.tags.map(JSONValue.string))),
            Timestamp.format(incident.createdAt),
            Timestamp.format(incident.updatedAt),
            incident.context?.firID,
            incident.context?.surfaceKind.rawValue,
            incident.context?.surfaceState,
            incident.context?.venezuelaCoastNauticalMiles,
            incident.context?.dataVersion,
            incident.context?.measure.rawValue,
            incident.context?.closestApproach?.latitude,
            incident.context?.closestApproach?.longitude,
            incident.context?.layersVersion,
            incident.geometry.map(longestLegMeters),
            incident.positionUncertaintyMeters,
            incident.casualties.killedMax,
            incident.casualties.injuredMax,
            incident.casualties.missingMax,
        ]
    }

    /// The longest geodesic leg (track segment or zone edge) of a geometry, 0 for points: every
    /// point of a leg lies within half its length of one of its ends, which bounds how far a
    /// proximity search must look around the vertices the R-tree knows.
    static func longestLegMeters(_ geometry: Geometry) -> Double {
        let g = Geodesic.wgs84
        func longest(_ line: [Position]) -> Double {
            zip(line, line.dropFirst()).reduce(0) { max($0, g.distanceMeters(from: $1.0, to: $1.1)) }
        }
        switch geometry {
        case .point, .multiPoint: return 0
        case .lineString(let line): return longest(line)
        case .multiLineString(let lines), .polygon(let lines): return lines.map(longest).max() ?? 0
        case .multiPolygon(let polygons): return polygons.flatMap { $0 }.map(longest).max() ?? 0
        case .geometryCollection(let members): return members.map(longestLegMeters).max() ?? 0
        }
    }

    /// Replaces the stored context parts of the incident in row `fid`.
    static func writeParts(_ context: IncidentContext?, fid: Int64, _ db: Database, isNew: Bool = false) throws {
        if !isNew {
            try db.cachedStatement(sql: "DELETE FROM \(GeoPackageSchema.contextPartsTable) WHERE fid = ?").execute(arguments: [fid])
        }
        for part in context?.parts ?? [] {
            try db.cachedStatement(sql: """
                INSERT INTO \(GeoPackageSchema.contextPartsTable) (fid, layer, value, state, share) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [fid, part.layer.rawValue, part.value, part.state, min(1, max(0, part.share))])
        }
    }

    /// The stored context parts of the incident in row `fid`.
    static func readParts(fid: Int64, _ db: Database) throws -> [IncidentContext.Part] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT layer, value, state, share FROM \(GeoPackageSchema.contextPartsTable) WHERE fid = ? ORDER BY id
            """), arguments: [fid]).compactMap { row in
            guard let layer = IncidentContext.Part.Layer(rawValue: row["layer"]) else { return nil }
            return IncidentContext.Part(layer: layer, value: row["value"], state: row["state"], share: row["share"])
        }
    }

    /// Where each column of the incidents table is in a row of `SELECT *`: found once per
    /// statement, so that reading a million rows does not look up 30 names in each.
    struct Columns {
        let fid, id, geom, kind, title, description, timeStart, timeEnd, killed, injured, missing, confidence,
            sources, tags, createdAt, updatedAt, fir, surfaceKind, surfaceState, coastNM, contextVersion,
            contextMeasure, closestLat, closestLon, contextLayers, uncertainty, killedMax, injuredMax, missingMax: Int

        /// - Throws: ``StoreError/database(_:)`` when a column is missing.
        init(_ names: [String]) throws {
            var index: [String: Int] = [:]
            for (i, name) in names.enumerated() where index[name.lowercased()] == nil { index[name.lowercased()] = i }
            func at(_ name: String) throws -> Int {
                guard let i = index[name] else { throw StoreError.database("the incidents table has no column \(name)") }
                return i
            }
            (fid, id, geom, kind, title, description) = (try at("fid"), try at("id"), try at("geom"), try at("kind"), try at("title"), try at("description"))
            (timeStart, timeEnd, killed, injured, missing) = (try at("time_start"), try at("time_end"), try at("killed"), try at("injured"), try at("missing"))
            (confidence, sources, tags, createdAt, updatedAt) = (try at("confidence"), try at("sources"), try at("tags"), try at("created_at"), try at("updated_at"))
            (fir, surfaceKind, surfaceState, coastNM) = (try at("fir"), try at("surface_kind"), try at("surface_state"), try at("venezuela_coast_nm"))
            (contextVersion, contextMeasure, closestLat, closestLon) = (try at("context_version"), try at("context_measure"), try at("closest_lat"), try at("closest_lon"))
            (contextLayers, uncertainty) = (try at("context_layers"), try at("uncertainty_m"))
            (killedMax, injuredMax, missingMax) = (try at("killed_max"), try at("injured_max"), try at("missing_max"))
        }
    }

    /// The incident in a row of `SELECT * FROM incidents` (columns found by name).
    static func incident(from row: Row, _ db: Database) throws -> Incident {
        try incident(from: row, columns: Columns(Array(row.columnNames)), db)
    }

    /// The incident in a row whose columns are where `columns` says.
    static func incident(from row: Row, columns c: Columns, _ db: Database) throws -> Incident {
        try incident(from: row, columns: c, parts: hasContext(row, c) ? readParts(fid: row[c.fid], db) : [])
    }

    /// True when the row holds a context (whose parts are in their own table).
    static func hasContext(_ row: Row, _ c: Columns) -> Bool {
        (row[c.surfaceKind] as String?).flatMap(SurfaceKind.init(rawValue:)) != nil
    }

    /// The incident in a row, with its context parts read already: needs no database, so rows
    /// can be decoded on every core.
    static func incident(from row: Row, columns c: Columns, parts: [IncidentContext.Part]) throws -> Incident {
        let idText: String = row[c.id]
        guard let id = UUID(text: idText) else { throw StoreError.database("stored id \(idText) is not a UUID") }
        let geometry = try (row[c.geom] as Data?).map { try GeoPackageGeometry.decode($0) }
        var time: IncidentTime?
        if let start: String = row[c.timeStart] {
            time = try IncidentTime(start: Timestamp.parse(start, field: "time_start"),
                                    end: (row[c.timeEnd] as String?).map { try Timestamp.parse($0, field: "time_end") })
        }
        let kindText: String = row[c.kind]
        let confidenceText: String = row[c.confidence]
        guard let kind = IncidentKind(rawValue: kindText), let confidence = Confidence(rawValue: confidenceText) else {
            throw StoreError.database("stored kind \(kindText) or confidence \(confidenceText) unknown")
        }
        let sources = try decodeSources(row[c.sources] as String? ?? "[]")
        let tags = try decodeTags(row[c.tags] as String? ?? "[]")
        var context: IncidentContext?
        if let kind = (row[c.surfaceKind] as String?).flatMap(SurfaceKind.init(rawValue:)) {
            let lat: Double? = row[c.closestLat], lon: Double? = row[c.closestLon]
            context = IncidentContext(firID: row[c.fir], surfaceKind: kind, surfaceState: row[c.surfaceState],
                                      venezuelaCoastNauticalMiles: row[c.coastNM],
                                      closestApproach: lat.flatMap { la in lon.map { Position(longitude: $0, latitude: la) } },
                                      measure: (row[c.contextMeasure] as String?).flatMap(IncidentContext.Measure.init(rawValue:)) ?? .points,
                                      parts: parts.isEmpty ? nil : parts,
                                      layersVersion: row[c.contextLayers] ?? "unknown",
                                      dataVersion: row[c.contextVersion] ?? "unknown")
        }
        return Incident(
            id: id, kind: kind, geometry: geometry, time: time,
            title: row[c.title], description: row[c.description],
            casualties: Casualties(killed: row[c.killed], injured: row[c.injured], missing: row[c.missing],
                                   killedMax: row[c.killedMax], injuredMax: row[c.injuredMax], missingMax: row[c.missingMax]),
            sources: sources, confidence: confidence, tags: tags, context: context,
            createdAt: try Timestamp.parse(row[c.createdAt], field: "created_at"),
            updatedAt: try Timestamp.parse(row[c.updatedAt], field: "updated_at"),
            positionUncertaintyMeters: row[c.uncertainty])
    }

    /// The `sources` column: a JSON array of `{"date", "publisher", "url"}` objects, keys sorted,
    /// absent values left out.
    static func sourcesJSON(_ sources: [Source]) -> String {
        var out = "["
        for (i, source) in sources.enumerated() {
            if i > 0 { out += "," }
            out += "{"
            if let date = source.date { out += "\"date\":" + JSONWriter.quoted(date) + "," }
            if let publisher = source.publisher { out += "\"publisher\":" + JSONWriter.quoted(publisher) + "," }
            out += "\"url\":" + JSONWriter.quoted(source.url) + "}"
        }
        return out + "]"
    }

    private static func parseColumn(_ text: String, _ name: String) throws -> [JSONValue] {
        guard let items = (try? JSONParser().parse(text))?.arrayValue else {
            throw StoreError.database("stored \(name) is not a JSON array: \(text.prefix(80))")
        }
        return items
    }

    private static func decodeSources(_ text: String) throws -> [Source] {
        if let objects = StoredJSONList.objects(text), objects.allSatisfy({ $0["url"] != nil }) {
            return objects.map { Source(url: $0["url"]!, publisher: $0["publisher"], date: $0["date"]) }
        }
        return try parseColumn(text, "sources").map { item in
            guard let object = item.objectValue, let url = object["url"]?.stringValue else {
                throw StoreError.database("stored source has no url: \(text.prefix(80))")
            }
            return Source(url: url, publisher: object["publisher"]?.stringValue, date: object["date"]?.stringValue)
        }
    }

    private static func decodeTags(_ text: String) throws -> [String] {
        if let tags = StoredJSONList.strings(text) { return tags }
        return try parseColumn(text, "tags").map { item in
            guard let tag = item.stringValue else { throw StoreError.database("stored tag is not a string: \(text.prefix(80))") }
            return tag
        }
    }
}
