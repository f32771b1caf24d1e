import Foundation

/// Writes an incident's GeoJSON Feature straight into JSON text, member by member, without
/// building its ``JSONValue`` first: the same bytes as
/// `JSONWriter(pretty:).string(IncidentExporter.featureValue(incident), indentLevel:)`, several
/// times faster, for exports of a million incidents. The member order and value forms follow
/// ``IncidentFeature/feature(_:currentLayersVersion:)`` and ``GeoJSONWriter/featureValue(_:decimals:)``;
/// a test holds the two paths to the same text over varied incidents.
enum IncidentFeatureText {
    /// Appends the Feature of `incident`, `level` levels deep.
    static func append(_ incident: Incident, currentLayersVersion: String?, indent level: Int,
                       to text: inout JSONText) throws(GeometryError) {
        let id = incident.id.lowercasedText
        let inner = level + 1
        text.append("{")
        text.member("type", first: true, indent: inner)
        text.append("\"Feature\"")
        text.member("id", first: false, indent: inner)
        text.string(id)
        text.member("geometry", first: false, indent: inner)
        try geometry(incident.geometry, indent: inner, to: &text)
        text.member("properties", first: false, indent: inner)
        properties(incident, id: id, currentLayersVersion: currentLayersVersion, indent: inner, to: &text)
        text.closeObject(indent: inner)
    }

    static func geometry(_ geometry: Geometry?, indent level: Int, to text: inout JSONText) throws(GeometryError) {
        guard let geometry else { text.append("null"); return }
        guard case .point(let p) = geometry else {
            text.value(GeoJSONWriter.geometryValue(geometry, decimals: try IncidentExporter.safeDecimals(for: geometry)), indent: level)
            return
        }
        point(p, indent: level, to: &text)
    }

    private static let rounding = GeoJSONWriter.Rounding(decimals: IncidentExporter.decimals)

    /// A Point geometry object, its coordinates rounded as every exported coordinate is.
    static func point(_ p: Position, indent level: Int, to text: inout JSONText) {
        text.append("{")
        text.member("type", first: true, indent: level + 1)
        text.append("\"Point\"")
        text.member("coordinates", first: false, indent: level + 1)
        text.append("[")
        text.number(rounding.apply(p.longitude))
        text.pretty ? text.append(", ") : text.append(",")
        text.number(rounding.apply(p.latitude))
        if let altitude = p.altitude {
            text.pretty ? text.append(", ") : text.append(",")
            text.number(rounding.apply(altitude))
        }
        text.append("]")
        text.closeObject(indent: level + 1)
    }

    private static func properties(_ incident: Incident, id: String, currentLayersVersion: String?, indent level: Int,
                                   to text: inout JSONText) {
        let inner = level + 1
        func optionalString(_ s: String?) { if let s { text.string(s) } else { text.append("null") } }
        func optionalNumber(_ x: Double?) { if let x { text.number(x) } else { text.append("null") } }
        func count(_ n: Int?) { optionalNumber(n.map(Double.init)) }
        text.append("{")
        text.member("id", first: true, indent: inner)
        text.string(id)
        text.member("kind", first: false, indent: inner)
        text.string(incident.kind.rawValue)
        text.member("title", first: false, indent: inner)
        text.string(incident.title)
        text.member("description", first: false, indent: inner)
        optionalString(incident.description)
        text.member("time_start", first: false, indent: inner)
        optionalString(incident.time.map { Timestamp.format($0.start) })
        text.member("time_end", first: false, indent: inner)
        optionalString(incident.time?.end.map { Timestamp.format($0) })
        text.member("killed", first: false, indent: inner)
        count(incident.casualties.killed)
        text.member("injured", first: false, indent: inner)
        count(incident.casualties.injured)
        text.member("missing", first: false, indent: inner)
        count(incident.casualties.missing)
        text.member("confidence", first: false, indent: inner)
        text.string(incident.confidence.rawValue)
        text.member("uncertainty_m", first: false, indent: inner)
        optionalNumber(incident.positionUncertaintyMeters)
        text.member("sources", first: false, indent: inner)
        sources(incident.sources, indent: inner, to: &text)
        text.member("tags", first: false, indent: inner)
        strings(incident.tags, indent: inner, to: &text)
        text.member("created_at", first: false, indent: inner)
        text.string(Timestamp.format(incident.createdAt))
        text.member("updated_at", first: false, indent: inner)
        text.string(Timestamp.format(incident.updatedAt))
        contextSummary(incident.context, indent: inner, to: &text)
        casualtyRanges(incident.casualties, indent: inner, to: &text)
        if let context = incident.context {
            contextDetails(context, currentLayersVersion: currentLayersVersion, indent: inner, to: &text)
        }
        text.closeObject(indent: inner)
    }

    /// The members `fir` … `venezuela_coast_nm` (null without a context), `level` deep.
    static func contextSummary(_ context: IncidentContext?, indent level: Int, to text: inout JSONText) {
        func optionalString(_ s: String?) { if let s { text.string(s) } else { text.append("null") } }
        text.member("fir", first: false, indent: level)
        optionalString(context?.firID)
        text.member("surface_kind", first: false, indent: level)
        optionalString(context?.surfaceKind.rawValue)
        text.member("surface_state", first: false, indent: level)
        optionalString(context?.surfaceState)
        text.member("venezuela_coast_nm", first: false, indent: level)
        if let nm = context?.venezuelaCoastNauticalMiles { text.number((nm * 1000).rounded() / 1000) } else { text.append("null") }
    }

    /// `killed_max`, `injured_max`, `missing_max`: each only when that count is a range.
    static func casualtyRanges(_ casualties: Casualties, indent level: Int, to text: inout JSONText) {
        for category in [Casualties.Category.killed, .injured, .missing] {
            guard let range = casualties[category], range.upperBound > range.lowerBound else { continue }
            switch category {
            case .killed: text.member("killed_max", first: false, indent: level)
            case .injured: text.member("injured_max", first: false, indent: level)
            case .missing: text.member("missing_max", first: false, indent: level)
            }
            text.number(Double(range.upperBound))
        }
    }

    /// The members a context adds after the casualties: closest approach, parts, measure,
    /// layers and whether it is stale.
    static func contextDetails(_ c: IncidentContext, currentLayersVersion: String?, indent level: Int,
                               to text: inout JSONText) {
        func optionalNumber(_ x: Double?) { if let x { text.number(x) } else { text.append("null") } }
        text.member("closest_lat", first: false, indent: level)
        optionalNumber(c.closestApproach.map { ($0.latitude * 1e7).rounded() / 1e7 })
        text.member("closest_lon", first: false, indent: level)
        optionalNumber(c.closestApproach.map { ($0.longitude * 1e7).rounded() / 1e7 })
        text.member("firs", first: false, indent: level)
        strings(c.parts(.fir).map(\.value), indent: level, to: &text)
        text.member("surfaces", first: false, indent: level)
        strings(c.parts(.surface).map { $0.value + ($0.state.map { " " + $0 } ?? "") }, indent: level, to: &text)
        text.member("context_parts", first: false, indent: level)
        text.value(.array(c.parts.map { part in
            .object(["layer": .string(part.layer.rawValue), "value": .string(part.value),
                     "state": part.state.map(JSONValue.string) ?? .null,
                     "share": .number((part.share * 1e6).rounded() / 1e6)])
        }), indent: level)
        text.member("context_measure", first: false, indent: level)
        text.string(c.measure.rawValue)
        text.member("context_layers", first: false, indent: level)
        text.string(c.layersVersion)
        if let currentLayersVersion {
            text.member("context_stale", first: false, indent: level)
            c.isStale(currentLayersVersion: currentLayersVersion) ? text.append("true") : text.append("false")
        }
    }

    /// An array of strings, `level` deep (one per line when pretty).
    static func strings(_ items: [String], indent level: Int, to text: inout JSONText) {
        array(items, indent: level, to: &text) { item, text in text.string(item) }
    }

    /// The sources as `[{"url", "publisher", "date"}]`, `level` deep.
    static func sources(_ sources: [Source], indent level: Int, to text: inout JSONText) {
        array(sources, indent: level, to: &text) { source, text in
            text.append("{")
            text.member("url", first: true, indent: level + 2)
            text.string(source.url)
            text.member("publisher", first: false, indent: level + 2)
            if let publisher = source.publisher { text.string(publisher) } else { text.append("null") }
            text.member("date", first: false, indent: level + 2)
            if let date = source.date { text.string(date) } else { text.append("null") }
            text.closeObject(indent: level + 2)
        }
    }

    /// An array, `level` deep, of items that are not all numbers (one per line when pretty).
    static func array<T>(_ items: [T], indent level: Int, to text: inout JSONText,
                                 _ element: (T, inout JSONText) -> Void) {
        guard !items.isEmpty else { text.append("[]"); return }
        text.append("[")
        for (i, item) in items.enumerated() {
            if i > 0 { text.append(",") }
            if text.pretty { text.newline(indent: level + 1) }
            element(item, &text)
        }
        if text.pretty { text.newline(indent: level) }
        text.append("]")
    }
}
