import Foundation

/// The query parameters of `/collections/{id}/items`, checked: OGC API - Features Part 1
/// (`limit`, `offset`, `bbox`, `bbox-crs`, `datetime`) and, for incidents, the filters of
/// `incidents list` and `near` (Part 3 style: `kind`, `confidence`, `fir`, `zone`, `state`, `q`,
/// `near` + `within`). Anything else is refused with a sentence saying what was wrong.
struct ItemsQuery {
    static let defaultLimit = 10
    static let maximumLimit = 10_000
    static let crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    /// Parameters every collection takes.
    static let coreParameters = ["f", "limit", "offset", "bbox", "bbox-crs", "datetime"]
    /// Parameters only the incidents take.
    static let incidentParameters = ["kind", "confidence", "fir", "zone", "state", "q", "near", "within"]

    var limit = defaultLimit
    var offset = 0
    var boundingBox: Envelope?
    var since: Date?
    var until: Date?
    var filter = IncidentFilter()
    var near: Position?
    var withinMeters: Double?

    /// Checks `parameters` against those `allowed`, each at most once, with no control
    /// character (a NUL would end the text early for C parsers: `Double("12\0abc")` is 12, and
    /// FTS5 fails on it).
    static func checked(_ parameters: [(name: String, value: String)], allowed: [String]) throws(APIFailure) -> [String: String] {
        var values: [String: String] = [:]
        for (name, value) in parameters {
            func isControl(_ c: Unicode.Scalar) -> Bool { c.value < 0x20 || c.value == 0x7F }
            if let bad = (name + value).unicodeScalars.first(where: isControl) {
                let shown = String(String.UnicodeScalarView(name.unicodeScalars.filter { !isControl($0) }))
                throw .badRequest("query parameter '\(shown)' holds a control character (U+\(String(format: "%04X", bad.value)))")
            }
            guard allowed.contains(name) else {
                throw .badRequest("unknown query parameter '\(name)' (this resource takes: \(allowed.joined(separator: ", ")))")
            }
            guard values[name] == nil else { throw .badRequest("query parameter '\(name)' is given more than once") }
            values[name] = value
        }
        return values
    }

    init(_ parameters: [(name: String, value: String)], incidents: Bool) throws(APIFailure) {
        let values = try Self.checked(parameters, allowed: Self.coreParameters + (incidents ? Self.incidentParameters : []))
        if let text = values["limit"] {
            guard let n = Int(text), n >= 1 else { throw .badRequest("limit must be a whole number from 1 (the largest page is \(Self.maximumLimit)), got '\(text)'") }
            limit = min(n, Self.maximumLimit)   // Part 1: a larger limit is the maximum, not an error
        }
        if let text = values["offset"] {
            guard let n = Int(text), n >= 0 else { throw .badRequest("offset must be a whole number from 0, got '\(text)'") }
            offset = n
        }
        if let crs = values["bbox-crs"], crs != Self.crs84 {
            throw .badRequest("bbox-crs must be \(Self.crs84) (longitude, latitude in WGS84), got '\(crs)'")
        }
        if let text = values["bbox"] { boundingBox = try Self.boundingBox(text) }
        if let text = values["datetime"] { (since, until) = try Self.interval(text) }
        guard incidents else { return }
        filter.boundingBox = boundingBox
        filter.since = since
        filter.until = until
        if let text = values["kind"] {
            guard let kind = IncidentKind(rawValue: text) else {
                throw .badRequest("kind must be one of \(IncidentKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
            }
            filter.kind = kind
        }
        if let text = values["confidence"] {
            for word in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let c = Confidence(rawValue: word.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw .badRequest("confidence takes confirmed, likely, reported or disputed, comma-separated; got '\(text)'")
                }
                filter.confidences.append(c)
            }
        }
        if let text = values["fir"] {
            guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw .badRequest("fir must be a 4-letter ICAO id such as SVZM, got '\(text)'") }
            filter.firID = text.uppercased()
        }
        if let text = values["zone"] {
            guard let zone = SurfaceKind(rawValue: text) else {
                throw .badRequest("zone must be one of \(SurfaceKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
            }
            filter.surfaceKind = zone
        }
        if let text = values["state"] {
            guard text.count == 3, text.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw .badRequest("state must be an ISO 3166-1 alpha-3 code such as VEN, got '\(text)'") }
            filter.surfaceState = text.uppercased()
        }
        if let text = values["q"] {
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw .badRequest("q must hold at least one word") }
            filter.search = text
        }
        switch (values["near"], values["within"]) {
        case (nil, nil): break
        case (let position?, let within?):
            do {
                near = try CoordinateParser.parse(position).position
            } catch {
                throw .badRequest("near must be a position, latitude first (e.g. 10.6,-62.3 or 1036N06218W): \(error.description)")
            }
            guard let meters = DistanceUnit.meters(parsing: within) else {
                throw .badRequest("within must be a distance from 0 to half the Earth's circumference, e.g. 50nm, 92.6km or 500m; got '\(within)'")
            }
            withinMeters = meters
        case (nil, _?): throw .badRequest("within goes with near=LAT,LON")
        case (_?, nil): throw .badRequest("near=LAT,LON needs within, e.g. within=50nm")
        }
    }

    /// `west,south,east,north` (or with heights: six numbers), in degrees.
    static func boundingBox(_ text: String) throws(APIFailure) -> Envelope {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4 || parts.count == 6, parts.allSatisfy({ $0?.isFinite == true }) else {
            throw .badRequest("bbox must be 4 numbers, west,south,east,north in degrees (or 6 with heights), got '\(text)'")
        }
        let v = parts.map { $0! }
        let (w, s, e, n) = parts.count == 4 ? (v[0], v[1], v[2], v[3]) : (v[0], v[1], v[3], v[4])
        guard (-180...180).contains(w), (-180...180).contains(e), (-90...90).contains(s), (-90...90).contains(n) else {
            throw .badRequest("bbox is out of range: longitudes from -180 to 180, latitudes from -90 to 90; got '\(text)'")
        }
        guard s <= n else { throw .badRequest("bbox's south (\(s)) is north of its north (\(n))") }
        guard w <= e else {
            throw .badRequest("bbox crossing the antimeridian (west \(w) > east \(e)) is not supported: ask for the two sides separately")
        }
        return Envelope(minLongitude: w, minLatitude: s, maxLongitude: e, maxLatitude: n)
    }

    /// An instant or an interval (`start/end`, either end `..` or empty for open), RFC 3339
    /// date-times or dates. A date as an instant is that whole day (UTC). Incidents match when
    /// their time overlaps it (an incident with no time never does).
    static func interval(_ text: String) throws(APIFailure) -> (Date?, Date?) {
        func bound(_ part: Substring, upper: Bool) throws(APIFailure) -> Date? {
            let t = part.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t == ".." { return nil }
            do {
                return upper ? try Timestamp.parseUpperBound(t, field: "datetime") : try Timestamp.parse(t, field: "datetime")
            } catch {
                throw .badRequest("datetime must be an RFC 3339 date-time or date, or an interval start/end with '..' for an open end; got '\(text)'")
            }
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let start = try bound(parts[0], upper: false), let end = try bound(parts[0], upper: true) else {
                throw .badRequest("datetime must be an instant or an interval, got '\(text)'")
            }
            return (start, end)
        case 2:
            let start = try bound(parts[0], upper: false), end = try bound(parts[1], upper: true)
            if start == nil && end == nil { throw .badRequest("datetime interval '\(text)' is open at both ends: leave the parameter out instead") }
            if let start, let end, end < start { throw .badRequest("datetime interval '\(text)' ends before it starts") }
            return (start, end)
        default:
            throw .badRequest("datetime must be an instant or one interval start/end, got '\(text)'")
        }
    }
}
