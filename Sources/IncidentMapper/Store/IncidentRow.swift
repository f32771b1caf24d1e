import Foundation
import GRDB

/// How an ``Incident`` maps to a row of the `incidents` feature table.
enum IncidentRow {
    static let columns = "id, geom, kind, title, description, time_start, time_end, killed, injured, missing, confidence, sources, tags, created_at, updated_at, fir, surface_kind, surface_state, venezuela_coast_nm, context_version, context_measure, closest_lat, closest_lon, context_layers, max_leg_m, uncertainty_m, killed_max, injured_max, missing_max"
    static let placeholders = Array(repeating: "?", count: 29).joined(separator: ", ")

    /// A value of a column, before a store encodes it (a geometry is a GeoPackage blob in the
    /// GeoPackage, WKB for PostGIS).
    enum StoredValue {
        case null, integer(Int), real(Double), text(String), geometry(Geometry)
    }

    /// The values of ``columns`` for an incident, in order: the one definition of how an
    /// incident is stored, shared by both stores.
    static func values(_ incident: Incident) -> [StoredValue] {
        func text(_ value: String?) -> StoredValue { value.map(StoredValue.text) ?? .null }
        func integer(_ value: Int?) -> StoredValue { value.map(StoredValue.integer) ?? .null }
        func real(_ value: Double?) -> StoredValue { value.map(StoredValue.real) ?? .null }
        return [
            .text(incident.id.lowercasedText),
            incident.geometry.map(StoredValue.geometry) ?? .null,
            .text(incident.kind.rawValue),
            .text(incident.title),
            text(incident.description),
            text(incident.time.map { Timestamp.format($0.start) }),
            text(incident.time?.end.map { Timestamp.format($0) }),
            integer(incident.casualties.killed),
            integer(incident.casualties.injured),
            integer(incident.casualties.missing),
            .text(incident.confidence.rawValue),
            .text(sourcesJSON(incident.sources)),
            .text(JSONWriter.string(.array(incident.tags.map(JSONValue.string)))),
            .text(Timestamp.format(incident.createdAt)),
            .text(Timestamp.format(incident.updatedAt)),
            text(incident.context?.firID),
            text(incident.context?.surfaceKind.rawValue),
            text(incident.context?.surfaceState),
            real(incident.context?.venezuelaCoastNauticalMiles),
            text(incident.context?.dataVersion),
            text(incident.context?.measure.rawValue),
            real(incident.context?.closestApproach?.latitude),
            real(incident.context?.closestApproach?.longitude),
            text(incident.context?.layersVersion),
            real(incident.geometry.map(longestLegMeters)),
            real(incident.positionUncertaintyMeters),
            integer(incident.casualties.killedMax),
            integer(incident.casualties.injuredMax),
            integer(incident.casualties.missingMax),
        ]
    }

    /// ``values(_:)`` as SQLite arguments (the geometry as a GeoPackage blob).
    static func arguments(_ incident: Incident) throws -> StatementArguments {
        StatementArguments(try values(incident).map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: nil
            case .integer(let n): n
            case .real(let x): x
            case .text(let t): t
            case .geometry(let g): try GeoPackageGeometry.encode(g)
            }
        })
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
        try incident(from: GeoPackageRowValues(row: row), columns: c, parts: parts)
    }

    /// The incident in a row of either store, read through `values`.
    static func incident(from values: some StoredRowValues, columns c: Columns, parts: [IncidentContext.Part]) throws -> Incident {
        func required(_ column: Int, _ name: String) throws -> String {
            guard let text = values.text(column) else { throw StoreError.database("stored \(name) is NULL") }
            return text
        }
        let idText = try required(c.id, "id")
        guard let id = UUID(text: idText) else { throw StoreError.database("stored id \(idText) is not a UUID") }
        let geometry = try values.geometry(c.geom)
        var time: IncidentTime?
        if let start = values.text(c.timeStart) {
            time = try IncidentTime(start: Timestamp.parse(start, field: "time_start"),
                                    end: values.text(c.timeEnd).map { try Timestamp.parse($0, field: "time_end") })
        }
        let kindText = try required(c.kind, "kind")
        let confidenceText = try required(c.confidence, "confidence")
        guard let kind = IncidentKind(rawValue: kindText), let confidence = Confidence(rawValue: confidenceText) else {
            throw StoreError.database("stored kind \(kindText) or confidence \(confidenceText) unknown")
        }
        let sources = try decodeSources(values.text(c.sources) ?? "[]")
        let tags = try decodeTags(values.text(c.tags) ?? "[]")
        var context: IncidentContext?
        if let kind = values.text(c.surfaceKind).flatMap(SurfaceKind.init(rawValue:)) {
            let lat = values.real(c.closestLat), lon = values.real(c.closestLon)
            context = IncidentContext(firID: values.text(c.fir), surfaceKind: kind, surfaceState: values.text(c.surfaceState),
                                      venezuelaCoastNauticalMiles: values.real(c.coastNM),
                                      closestApproach: lat.flatMap { la in lon.map { Position(longitude: $0, latitude: la) } },
                                      measure: values.text(c.contextMeasure).flatMap(IncidentContext.Measure.init(rawValue:)) ?? .points,
                                      parts: parts.isEmpty ? nil : parts,
                                      layersVersion: values.text(c.contextLayers) ?? "unknown",
                                      dataVersion: values.text(c.contextVersion) ?? "unknown")
        }
        return Incident(
            id: id, kind: kind, geometry: geometry, time: time,
            title: try required(c.title, "title"), description: values.text(c.description),
            casualties: Casualties(killed: values.integer(c.killed), injured: values.integer(c.injured), missing: values.integer(c.missing),
                                   killedMax: values.integer(c.killedMax), injuredMax: values.integer(c.injuredMax),
                                   missingMax: values.integer(c.missingMax)),
            sources: sources, confidence: confidence, tags: tags, context: context,
            createdAt: try Timestamp.parse(try required(c.createdAt, "created_at"), field: "created_at"),
            updatedAt: try Timestamp.parse(try required(c.updatedAt, "updated_at"), field: "updated_at"),
            positionUncertaintyMeters: values.real(c.uncertainty))
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

    static func decodeSources(_ text: String) throws -> [Source] {
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

    static func decodeTags(_ text: String) throws -> [String] {
        if let tags = StoredJSONList.strings(text) { return tags }
        return try parseColumn(text, "tags").map { item in
            guard let tag = item.stringValue else { throw StoreError.database("stored tag is not a string: \(text.prefix(80))") }
            return tag
        }
    }
}

/// The values of one stored row, by column position: what decoding an incident needs from
/// either store.
protocol StoredRowValues {
    func text(_ column: Int) -> String?
    func integer(_ column: Int) -> Int?
    func real(_ column: Int) -> Double?
    /// The geometry in the store's own encoding (GeoPackage blob, or WKB from PostGIS).
    func geometry(_ column: Int) throws -> Geometry?
}

/// A GRDB row of the GeoPackage store.
struct GeoPackageRowValues: StoredRowValues {
    let row: Row
    func text(_ column: Int) -> String? { row[column] }
    func integer(_ column: Int) -> Int? { row[column] }
    func real(_ column: Int) -> Double? { row[column] }
    func geometry(_ column: Int) throws -> Geometry? { try (row[column] as Data?).map { try GeoPackageGeometry.decode($0) } }
}
