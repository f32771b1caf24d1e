import Foundation

/// How the columns of a CSV file become incident fields, decided once from its header.
///
/// - **This tool's CSV** (what `export --format csv` writes): the field names as columns,
///   `sources` and `tags` as JSON arrays, the geometry in `wkt`.
/// - **Other CSV**: the geometry from a `wkt`/`geometry`/`geom` column, else `lat`/`lon`,
///   `latitude`/`longitude` or `y`/`x`, else one coordinate column (`coordinates`, `position`,
///   `coord`, `location`) in any notation ``CoordinateParser`` reads (DMS, ICAO `1030N06655W`).
///   Common aliases are understood (`time`/`date` for `time_start`, `name` for `title`,
///   `source`/`url` for a single source, `fatalities`/`deaths` for `killed`).
/// - **ACLED's export** (it has `event_id_cnty`, `event_date`): mapped as ACLED documents its
///   columns. The id is derived from `event_id_cnty`; the title is the event and sub-event
///   type with the location; `notes` is the description; `event_date` with `time_precision`
///   (1: that day, 2: the week around it, 3: its month) is the time; `fatalities` is killed;
///   `source` the publisher; actors, event types, country and admin areas become tags;
///   `geo_precision` becomes the position's uncertainty (1: 5 km, 2: 25 km, 3: 100 km, this
///   tool's reading of ACLED's "town", "part of a region", "larger region").
/// - `--map field=column` (``overrides``) names the column of any field, including `lat`,
///   `lon`, `wkt` and `coordinate`.
public struct IncidentCSVMapping: Sendable {
    /// The fields a column can be mapped to.
    public static let fields = ["id", "kind", "title", "description", "time_start", "time_end", "killed", "injured", "missing",
                                "killed_max", "injured_max", "missing_max", "confidence", "sources", "tags", "created_at", "updated_at", "uncertainty_m",
                                "wkt", "lat", "lon", "coordinate"]

    private static let aliases: [String: [String]] = [
        "id": ["id", "uuid", "source_id", "incident_id"],
        "kind": ["kind", "type", "category"],
        "title": ["title", "name", "summary"],
        "description": ["description", "notes", "details"],
        "time_start": ["time_start", "time", "date", "datetime", "start", "timestamp"],
        "time_end": ["time_end", "end"],
        "killed": ["killed", "fatalities", "deaths", "dead"],
        "injured": ["injured", "wounded"],
        "missing": ["missing"],
        "killed_max": ["killed_max"],
        "injured_max": ["injured_max"],
        "missing_max": ["missing_max"],
        "confidence": ["confidence"],
        "sources": ["sources", "source", "url", "link"],
        "tags": ["tags"],
        "created_at": ["created_at"],
        "updated_at": ["updated_at"],
        "uncertainty_m": ["uncertainty_m"],
        "wkt": ["wkt", "geometry", "geom", "the_geom"],
        "lat": ["lat", "latitude", "y"],
        "lon": ["lon", "lng", "long", "longitude", "x"],
        "coordinate": ["coordinate", "coordinates", "coord", "position", "location"],
    ]

    /// True for ACLED's column layout.
    public let isACLED: Bool
    private let header: [String]
    private var column: [String: Int] = [:]

    /// Decides the mapping of a header; `overrides` maps fields to column names.
    /// - Throws: ``IncidentError`` for an override naming an unknown field or column, or a file
    ///   with no way to find a position.
    public init(header: [String], overrides: [String: String] = [:]) throws(IncidentError) {
        self.header = header
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        isACLED = names.contains("event_id_cnty") && names.contains("event_date")
        for (field, candidates) in Self.aliases {
            if let i = candidates.lazy.compactMap({ names.firstIndex(of: $0) }).first { column[field] = i }
        }
        if isACLED { column["id"] = nil; column["title"] = nil; column["sources"] = nil; column["description"] = nil }
        for (field, name) in overrides {
            guard Self.fields.contains(field) else {
                throw .invalidField("--map", "\(field) is not a field; fields: \(Self.fields.joined(separator: ", "))")
            }
            guard let i = names.firstIndex(of: name.lowercased()) else {
                throw .invalidField("--map", "no column \"\(name)\" in the header (\(header.joined(separator: ", ")))")
            }
            column[field] = i
        }
        if column["wkt"] == nil && (column["lat"] == nil || column["lon"] == nil) && column["coordinate"] == nil {
            throw .invalidField("header", "no position columns: give wkt, lat and lon, or one coordinate column (or --map lat=COLUMN --map lon=COLUMN)")
        }
    }

    /// The incident of one record.
    /// - Throws: ``IncidentError`` naming the field (the column) at fault, or `row` when the
    ///   record has more or fewer fields than the header (RFC 4180 §2.4: its values would land
    ///   in the wrong columns).
    public func incident(_ fields: [String], line: Int, now: Date) throws -> Incident {
        guard fields.count == header.count else {
            throw IncidentError.invalidField("row", "has \(fields.count) fields, the header has \(header.count)")
        }
        func value(_ field: String) -> String? {
            guard let i = column[field], i < fields.count else { return nil }
            let text = fields[i].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        func raw(_ name: String) -> String? {
            guard let i = header.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == name }), i < fields.count else { return nil }
            let text = fields[i].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        let geometry = try position(value)
        if isACLED { return try acled(raw, geometry: geometry, killed: value("killed"), line: line, now: now) }

        let id: UUID
        if let text = value("id") {
            id = UUID(text: text) ?? IncidentFeature.derivedID(fromSourceID: text)
        } else {
            id = IncidentFeature.derivedUUID(Array(fields.joined(separator: "\u{1F}").utf8))
        }
        var properties = JSONObject()
        for field in ["kind", "title", "description", "time_start", "time_end", "confidence", "created_at", "updated_at"] {
            if let text = value(field) { properties[field] = .string(text) }
        }
        for field in ["killed", "injured", "missing", "killed_max", "injured_max", "missing_max", "uncertainty_m"] {
            if let text = value(field) {
                guard let number = Double(text) else { throw IncidentError.invalidField(field, "\"\(text.clippedForMessage())\" is not a number") }
                properties[field] = .number(number)
            }
        }
        if let text = value("sources") { properties["sources"] = try Self.listValue(text, field: "sources") }
        if let text = value("tags") { properties["tags"] = try Self.listValue(text, field: "tags") }
        properties["id"] = .string(id.lowercasedText)
        var notes: [String] = []
        var incident = try IncidentFeature.incident(from: GeoJSONFeature(geometry: geometry, properties: properties),
                                                    index: line, now: now, notes: &notes)
        if value("title") == nil { incident.title = "Imported row \(line)" }
        return incident
    }

    /// A JSON array as written by export, else items separated by `;` or `|`.
    private static func listValue(_ text: String, field: String) throws(IncidentError) -> JSONValue {
        if text.hasPrefix("[") {
            guard let value = try? JSONParser().parse(text), case .array = value else {
                throw .invalidField(field, "starts with [ but is not a JSON array")
            }
            return value
        }
        let separator: Character = text.contains(";") ? ";" : "|"
        return .array(text.split(separator: separator).map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != .string("") })
    }

    private func position(_ value: (String) -> String?) throws(IncidentError) -> Geometry? {
        if let wkt = value("wkt") {
            do {
                let geometry = try Geometry(wkt: wkt)
                try geometry.validateForStorage(field: "wkt")
                return geometry.isEmpty ? nil : geometry
            } catch let error as IncidentError {
                throw error
            } catch {
                throw .invalidField("wkt", "\(error)")
            }
        }
        if let lat = value("lat"), let lon = value("lon") {
            do {
                return .point(try BatchClassifier.position([lat, lon], 0, 1, headerCount: 2))
            } catch {
                throw .invalidField("lat/lon", "\(error)")
            }
        }
        if let text = value("coordinate") {
            do {
                return .point(try CoordinateParser.parse(text).position)
            } catch {
                throw .invalidField("coordinate", "\(error)")
            }
        }
        return nil
    }

    /// ACLED's columns (codebook 2023) as an incident.
    private func acled(_ raw: (String) -> String?, geometry: Geometry?, killed: String?, line: Int, now: Date) throws -> Incident {
        guard let eventID = raw("event_id_cnty") else { throw IncidentError.invalidField("event_id_cnty", "is empty") }
        guard let dateText = raw("event_date") else { throw IncidentError.invalidField("event_date", "is empty") }
        let day = try Timestamp.parse(String(dateText.prefix(10)), field: "event_date")
        var start = day, end = day.addingTimeInterval(86_400 - 0.001)
        switch raw("time_precision") {
        case "2": start = day.addingTimeInterval(-3 * 86_400); end = day.addingTimeInterval(4 * 86_400 - 0.001)
        case "3":
            let text = Timestamp.format(day)
            let first = try Timestamp.parse(String(text.prefix(7)) + "-01", field: "event_date")
            let month = Int(text.dropFirst(5).prefix(2)) ?? 1, year = Int(text.prefix(4)) ?? 2000
            let next = month == 12 ? String(format: "%04d-01-01", year + 1) : String(format: "%04d-%02d-01", year, month + 1)
            start = first
            end = try Timestamp.parse(next, field: "event_date").addingTimeInterval(-0.001)
        case nil, "1": break
        case let other?: throw IncidentError.invalidField("time_precision", "\"\(other)\" is not 1, 2 or 3")
        }
        var deaths: Int?
        if let killed {
            guard let n = Int(killed), n >= 0 else { throw IncidentError.invalidField("fatalities", "\"\(killed)\" is not a count") }
            deaths = n
        }
        let uncertainty: Double?
        switch raw("geo_precision") {
        case "1": uncertainty = 5_000
        case "2": uncertainty = 25_000
        case "3": uncertainty = 100_000
        case nil: uncertainty = nil
        case let other?: throw IncidentError.invalidField("geo_precision", "\"\(other)\" is not 1, 2 or 3")
        }
        let eventType = raw("event_type") ?? "Event", subType = raw("sub_event_type")
        let place = [raw("location"), raw("country")].compactMap { $0 }.joined(separator: ", ")
        var tags = ["acled"]
        for (name, prefix) in [("event_type", "event_type"), ("sub_event_type", "sub_event_type"), ("disorder_type", "disorder_type"),
                               ("actor1", "actor1"), ("actor2", "actor2"), ("country", "country"), ("admin1", "admin1"), ("admin2", "admin2")] {
            if let v = raw(name) { tags.append("\(prefix):\(v)") }
        }
        return Incident(
            id: IncidentFeature.derivedID(fromSourceID: "acled:" + eventID),
            kind: .other,   // ACLED's event types are not this tool's kinds: they are kept as tags
            geometry: geometry, time: try IncidentTime(start: start, end: end == start ? nil : end),
            title: ([eventType, subType].compactMap { $0 }.joined(separator: ": ")) + (place.isEmpty ? "" : " — " + place),
            description: raw("notes"),
            casualties: Casualties(killed: deaths),
            sources: [Source(url: "acled:" + eventID, publisher: raw("source"), date: String(dateText.prefix(10)))],
            confidence: .reported, tags: tags, createdAt: now,
            positionUncertaintyMeters: uncertainty)
    }
}
