import Foundation

/// How an ``Incident`` becomes a GeoJSON Feature and back.
///
/// Every incident field is a property: `id`, `kind`, `title`, `description`, `time_start`,
/// `time_end` (ISO 8601 UTC), `killed`, `injured`, `missing` (null = unknown; with
/// `killed_max`, `injured_max`, `missing_max` only when a count is a range), `confidence`,
/// `sources` (array of `{url, publisher, date}`), `tags`, `created_at`, `updated_at`, and the
/// computed context `fir`, `surface_kind`, `surface_state`, `venezuela_coast_nm` (recomputed on
/// import, never read back).
/// The Feature's own `id` member is the incident id too.
public enum IncidentFeature {
    /// The Feature for an incident (geometry not yet rounded: the writer rounds).
    public static func feature(_ incident: Incident, currentLayersVersion: String? = nil) -> GeoJSONFeature {
        let id = incident.id.lowercasedText
        let properties: JSONObject = [
            "id": .string(id),
            "kind": .string(incident.kind.rawValue),
            "title": .string(incident.title),
            "description": incident.description.map(JSONValue.string) ?? .null,
            "time_start": incident.time.map { .string(Timestamp.format($0.start)) } ?? .null,
            "time_end": incident.time?.end.map { .string(Timestamp.format($0)) } ?? .null,
            "killed": count(incident.casualties.killed),
            "injured": count(incident.casualties.injured),
            "missing": count(incident.casualties.missing),
            "confidence": .string(incident.confidence.rawValue),
            "uncertainty_m": incident.positionUncertaintyMeters.map { .number($0) } ?? .null,
            "sources": .array(incident.sources.map(sourceValue)),
            "tags": .array(incident.tags.map(JSONValue.string)),
            "created_at": .string(Timestamp.format(incident.createdAt)),
            "updated_at": .string(Timestamp.format(incident.updatedAt)),
            "fir": incident.context?.firID.map(JSONValue.string) ?? .null,
            "surface_kind": incident.context.map { .string($0.surfaceKind.rawValue) } ?? .null,
            "surface_state": incident.context?.surfaceState.map(JSONValue.string) ?? .null,
            "venezuela_coast_nm": incident.context?.venezuelaCoastNauticalMiles.map { .number(($0 * 1000).rounded() / 1000) } ?? .null,
        ]
        var p = properties
        // A range only when reports differ, so single counts read as before.
        for category in Casualties.Category.allCases {
            if let range = incident.casualties[category], range.upperBound > range.lowerBound {
                p[category.rawValue + "_max"] = .number(Double(range.upperBound))
            }
        }
        if let c = incident.context {
            p["closest_lat"] = c.closestApproach.map { .number(($0.latitude * 1e7).rounded() / 1e7) } ?? .null
            p["closest_lon"] = c.closestApproach.map { .number(($0.longitude * 1e7).rounded() / 1e7) } ?? .null
            p["firs"] = .array(c.parts(.fir).map { .string($0.value) })
            p["surfaces"] = .array(c.parts(.surface).map { .string($0.value + ($0.state.map { " " + $0 } ?? "")) })
            p["context_parts"] = .array(c.parts.map { part in
                .object(["layer": .string(part.layer.rawValue), "value": .string(part.value),
                         "state": part.state.map(JSONValue.string) ?? .null,
                         "share": .number((part.share * 1e6).rounded() / 1e6)])
            })
            p["context_measure"] = .string(c.measure.rawValue)
            p["context_layers"] = .string(c.layersVersion)
            if let currentLayersVersion { p["context_stale"] = .bool(c.isStale(currentLayersVersion: currentLayersVersion)) }
        }
        return GeoJSONFeature(id: .string(id), geometry: incident.geometry, properties: p)
    }

    /// Reads an incident from a Feature, as written by ``feature(_:)`` or by another tool.
    ///
    /// Missing fields get defaults (kind `other`, confidence `reported`, a title naming the
    /// feature, no time, unknown casualties); a present field of the wrong form is an error.
    /// A non-UUID id (another tool's: `17`, `"VEN1234"`) becomes a UUID derived from it
    /// (``derivedID(fromSourceID:)``), the same on every import, and is reported in `notes`; a
    /// feature without an id gets `idWhenAbsent()`.
    /// - Throws: ``IncidentError/invalidField(_:_:)`` naming the property.
    public static func incident(from feature: GeoJSONFeature, index: Int, now: Date = Date(),
                                idWhenAbsent: () -> UUID = { UUID() },
                                notes: inout [String]) throws(IncidentError) -> Incident {
        let p = feature.properties ?? JSONObject()
        let id = try identifier(feature, p, index: index, idWhenAbsent: idWhenAbsent, notes: &notes)
        let kind: IncidentKind = try enumValue(p["kind"], field: "kind") ?? .other
        let confidence: Confidence = try enumValue(p["confidence"], field: "confidence") ?? .reported
        let givenTitle = try string(p["title"], field: "title")
        let name = try string(p["name"], field: "name")
        let title = givenTitle ?? name ?? "Imported feature \(index)"
        let startText = try string(p["time_start"] ?? p["time"], field: "time_start")
        let endText = try string(p["time_end"], field: "time_end")
        if startText == nil && endText != nil { throw .invalidField("time_end", "given without time_start") }
        let time = try startText.map { (s) throws(IncidentError) in try IncidentTime(parsing: s, end: endText) }
        let created = try date(p["created_at"], field: "created_at") ?? now
        let updated = try date(p["updated_at"], field: "updated_at") ?? created
        return Incident(
            id: id, kind: kind, geometry: feature.geometry, time: time, title: title,
            description: try string(p["description"], field: "description"),
            casualties: try casualties(p),
            sources: try sources(p["sources"]),
            confidence: confidence,
            tags: try tags(p["tags"]),
            createdAt: created,
            updatedAt: updated,
            positionUncertaintyMeters: try distance(p["uncertainty_m"], field: "uncertainty_m"))
    }

    // MARK: - Writing helpers

    private static func count(_ value: Int?) -> JSONValue {
        value.map { .number(Double($0)) } ?? .null
    }

    private static func sourceValue(_ source: Source) -> JSONValue {
        .object([
            "url": .string(source.url),
            "publisher": source.publisher.map(JSONValue.string) ?? .null,
            "date": source.date.map(JSONValue.string) ?? .null,
        ])
    }

    // MARK: - Reading helpers

    private static func identifier(_ feature: GeoJSONFeature, _ p: JSONObject, index: Int, idWhenAbsent: () -> UUID,
                                   notes: inout [String]) throws(IncidentError) -> UUID {
        let given = p["id"].flatMap { $0.isNull ? nil : $0 } ?? feature.id
        guard let given else { return idWhenAbsent() }
        if let text = given.stringValue, let uuid = UUID(text: text) { return uuid }
        let sourceID = given.stringValue ?? JSONWriter().string(given)
        let derived = derivedID(fromSourceID: sourceID)
        notes.append("feature \(index): id \(JSONWriter().string(given)) is not a UUID; stored as \(derived.lowercasedText) (the same on every import)")
        return derived
    }

    /// The UUID an import gives an incident whose source id is not a UUID: the first 16 bytes of
    /// SHA-256("incident-mapper source id:" + id), marked as an RFC 9562 version 8 UUID, so
    /// importing the same file again finds the same incident.
    public static func derivedID(fromSourceID sourceID: String) -> UUID {
        derivedUUID(Array(("incident-mapper source id:" + sourceID).utf8))
    }

    /// A UUID (RFC 9562 version 8) from the first 16 bytes of the SHA-256 of `bytes`.
    public static func derivedUUID(_ bytes: [UInt8]) -> UUID {
        var hash = SHA256()
        hash.update(bytes)
        var d = hash.digestBytes()
        d[6] = (d[6] & 0x0F) | 0x80
        d[8] = (d[8] & 0x3F) | 0x80
        return UUID(uuid: (d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15]))
    }

    private static func string(_ value: JSONValue?, field: String) throws(IncidentError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else { throw .invalidField(field, "must be a string, got \(value.kindName)") }
        return text
    }

    private static func enumValue<T: RawRepresentable & CaseIterable>(
        _ value: JSONValue?, field: String
    ) throws(IncidentError) -> T? where T.RawValue == String {
        guard let given = try string(value, field: field) else { return nil }
        if let exact = T(rawValue: given) { return exact }   // as this tool writes it
        // Other tools write `vessel_strike`, `Vessel Strike`: the same value.
        let text = given.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        guard let parsed = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidField(field, "\"\(given)\" is not one of \(allowed)")
        }
        return parsed
    }

    private static func date(_ value: JSONValue?, field: String) throws(IncidentError) -> Date? {
        guard let text = try string(value, field: field) else { return nil }
        return try Timestamp.parse(text, field: field)
    }

    private static func distance(_ value: JSONValue?, field: String) throws(IncidentError) -> Double? {
        guard let value, !value.isNull else { return nil }
        guard let number = value.doubleValue ?? value.stringValue.flatMap(Double.init), number.isFinite, number >= 0 else {
            throw .invalidField(field, "must be a distance in metres ≥ 0 or null")
        }
        return number
    }

    /// `killed`, `injured`, `missing` and, for a range, `killed_max`, `injured_max`,
    /// `missing_max` (equal to the count: a single number).
    private static func casualties(_ p: JSONObject) throws(IncidentError) -> Casualties {
        var result = Casualties()
        for category in Casualties.Category.allCases {
            let name = category.rawValue
            let low = try casualtyCount(p[name], field: name), high = try casualtyCount(p[name + "_max"], field: name + "_max")
            guard let high else { result[category] = low.map { $0...$0 }; continue }
            guard let low else { throw .invalidField(name + "_max", "given without \(name)") }
            guard high >= low else { throw .invalidField(name + "_max", "(\(high)) is below \(name) (\(low))") }
            result[category] = low...high
        }
        return result
    }

    private static func casualtyCount(_ value: JSONValue?, field: String) throws(IncidentError) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let number = value.doubleValue, number >= 0, number == number.rounded(), number < 1e9 else {
            throw .invalidField(field, "must be a whole number of people ≥ 0 or null (unknown)")
        }
        return Int(number)
    }

    private static func sources(_ value: JSONValue?) throws(IncidentError) -> [Source] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw .invalidField("sources", "must be an array") }
        var result: [Source] = []
        for (i, item) in items.enumerated() {
            if let url = item.stringValue {
                result.append(Source(url: url))
            } else if let object = item.objectValue, let url = object["url"]?.stringValue {
                result.append(Source(url: url,
                                     publisher: try string(object["publisher"], field: "sources[\(i)].publisher"),
                                     date: try string(object["date"], field: "sources[\(i)].date")))
            } else {
                throw .invalidField("sources[\(i)]", "must be a URL string or an object with a \"url\"")
            }
        }
        return result
    }

    private static func tags(_ value: JSONValue?) throws(IncidentError) -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw .invalidField("tags", "must be an array of strings") }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            guard let tag = item.stringValue else { throw .invalidField("tags[\(i)]", "must be a string") }
            result.append(tag)
        }
        return result
    }
}
