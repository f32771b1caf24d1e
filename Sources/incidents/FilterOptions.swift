import ArgumentParser
import Foundation
import IncidentMapper

/// `--kind`, `--since`, `--until`: which incidents `list` and `export` take.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only this kind.")
    var kind: IncidentKind?

    @Option(help: ArgumentHelp("Only incidents ending at or after this time (ISO 8601).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only incidents starting at or before this time (ISO 8601; a bare date includes that whole day).", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Only incidents any part of which is in this FIR (ICAO id, e.g. SVZM).", valueName: "icao"))
    var fir: String?

    @Option(help: ArgumentHelp("Only incidents any part of which is on this surface: land, internal-waters, territorial-sea, contiguous-zone, eez, high-seas, outside-coverage.", valueName: "zone"))
    var zone: SurfaceKind?

    @Option(help: ArgumentHelp("Only incidents any part of which is on this state's land or waters (ISO 3166-1 alpha-3, e.g. VEN); with --zone, the same part.", valueName: "iso3"))
    var state: String?

    @Flag(help: "Only incidents whose context was computed with other reference layers than the current ones (see 'reclassify').")
    var stale = false

    @Option(help: ArgumentHelp("Only incidents at most this far from Venezuela's coast (nm; tracks and zones: their nearest point).", valueName: "nm"))
    var withinNm: Double?

    @Option(help: ArgumentHelp("Only these confidences, comma-separated: confirmed, likely, reported, disputed.", valueName: "list"))
    var confidence: String?

    @Option(help: ArgumentHelp("Only incidents with this tag (repeat for several: all must be there).", valueName: "tag"))
    var tag: [String] = []

    @Option(help: ArgumentHelp("Only incidents whose known number killed is in this range: 3, 1-10 or 5+ (unknown never matches; a count that is a range matches when the ranges overlap).", valueName: "range"))
    var killed: String?

    @Option(help: ArgumentHelp("Only incidents whose known number injured is in this range.", valueName: "range"))
    var injured: String?

    @Option(help: ArgumentHelp("Only incidents whose title, description, tags or sources hold every word (word* for a prefix).", valueName: "words"))
    var search: String?

    @Option(help: ArgumentHelp("Only incidents that meet this box (a track that passes through it, not only one whose extent does): west,south,east,north in degrees (as a GeoJSON bbox).", valueName: "w,s,e,n"))
    var bbox: String?

    /// True when no filter was given.
    var isEmpty: Bool {
        kind == nil && since == nil && until == nil && fir == nil && zone == nil && state == nil && !stale && withinNm == nil
            && confidence == nil && tag.isEmpty && killed == nil && injured == nil && search == nil && bbox == nil
    }

    /// The filters given, as they were typed (for a map's description), e.g. `--kind flight --since 2025-09-01`.
    var summary: String {
        var parts: [String] = []
        func add(_ name: String, _ value: String?) { if let value { parts.append("--\(name) \(value)") } }
        add("kind", kind?.rawValue); add("since", since); add("until", until); add("fir", fir)
        add("zone", zone?.rawValue); add("state", state); if stale { parts.append("--stale") }
        add("within-nm", withinNm.map { String($0) }); add("confidence", confidence)
        for t in tag { add("tag", t) }
        add("killed", killed); add("injured", injured); add("search", search.map { "\"\($0)\"" }); add("bbox", bbox)
        return parts.joined(separator: " ")
    }

    static func range(_ text: String, option: String) throws -> ClosedRange<Int> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("+"), let low = Int(t.dropLast()), low >= 0 { return low...Int(Int32.max) }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 1, let n = Int(t), n >= 0 { return n...n }
        if parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low >= 0, low <= high { return low...high }
        throw ValidationError("\(option) takes a count (3), a range (1-10) or a minimum (5+), got \"\(text)\".")
    }

    var confidences: [Confidence]? {
        confidence.map { $0.split(separator: ",").compactMap { Confidence(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) } }
    }

    var boundingBox: Envelope? {
        guard let bbox else { return nil }
        let v = bbox.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4, (-180...180).contains(v[0]), (-180...180).contains(v[2]), (-90...90).contains(v[1]), (-90...90).contains(v[3]),
              v[0] <= v[2], v[1] <= v[3] else { return nil }
        return Envelope(minLongitude: v[0], minLatitude: v[1], maxLongitude: v[2], maxLatitude: v[3])
    }

    func validate() throws {
        if let confidence, confidences?.count != confidence.split(separator: ",").count {
            throw ValidationError("--confidence takes confirmed, likely, reported or disputed, comma-separated.")
        }
        if let killed { _ = try Self.range(killed, option: "--killed") }
        if let injured { _ = try Self.range(injured, option: "--injured") }
        if let search, search.split(whereSeparator: { $0.isWhitespace }).isEmpty { throw ValidationError("--search needs a word.") }
        if bbox != nil && boundingBox == nil {
            throw ValidationError("--bbox takes west,south,east,north in degrees, west ≤ east and south ≤ north, e.g. -70,9,-60,13.")
        }
        if let withinNm, !(withinNm >= 0 && withinNm.isFinite) { throw ValidationError("--within-nm must be a distance ≥ 0.") }
        if let state, state.count != 3 || !state.allSatisfy(\.isLetter) {
            throw ValidationError("--state takes an ISO 3166-1 alpha-3 code, e.g. VEN.")
        }
    }

    func filter() throws -> IncidentFilter {
        var filter = try baseFilter()
        filter.confidences = confidences ?? []
        filter.tags = tag
        filter.killed = try killed.map { try Self.range($0, option: "--killed") }
        filter.injured = try injured.map { try Self.range($0, option: "--injured") }
        filter.search = search
        filter.boundingBox = boundingBox
        return filter
    }

    private func baseFilter() throws -> IncidentFilter {
        IncidentFilter(kind: kind,
                       since: try since.map { try Input.time($0, field: "--since") },
                       until: try until.map { try Input.time($0, field: "--until", upperBound: true) },
                       firID: fir?.uppercased(), surfaceKind: zone, surfaceState: state?.uppercased(),
                       withinVenezuelaNauticalMiles: withinNm,
                       staleAgainstLayersVersion: stale ? try ReferenceGeography.load().layersVersion : nil)
    }
}
