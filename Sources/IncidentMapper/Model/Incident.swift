import Foundation

/// One recorded event: where, when, what, who says so, and with what confidence.
///
/// Casualty counts are optional: `nil` means unknown, which is not zero.
public struct Incident: Hashable, Sendable, Identifiable {
    /// Stable identifier (a UUID), kept across export and import.
    public var id: UUID
    public var kind: IncidentKind
    /// Where: a point, a track (LineString) or a zone (Polygon), in WGS84. `nil` when no position
    /// was published (possible for imported records).
    public var geometry: Geometry?
    /// When: an instant or an interval; `nil` when the source gives no time (imported records).
    public var time: IncidentTime?
    public var title: String
    public var description: String?
    public var casualties: Casualties
    public var sources: [Source]
    public var confidence: Confidence
    public var tags: [String]
    /// Where it is, as the reference layers classify it (computed on log and import).
    public var context: IncidentContext?
    /// When the record was created and last changed, UTC.
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID = UUID(), kind: IncidentKind, geometry: Geometry?, time: IncidentTime?,
                title: String, description: String? = nil, casualties: Casualties = Casualties(),
                sources: [Source] = [], confidence: Confidence = .reported, tags: [String] = [],
                context: IncidentContext? = nil, createdAt: Date = Date(), updatedAt: Date? = nil) {
        self.id = id
        self.kind = kind
        self.geometry = geometry
        self.time = time
        self.title = title
        self.description = description
        self.casualties = casualties
        self.sources = sources
        self.confidence = confidence
        self.tags = tags
        self.context = context
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// An instant, or an interval when `end` is set (exercises run for days).
public struct IncidentTime: Hashable, Sendable {
    public var start: Date
    public var end: Date?

    /// - Throws: ``IncidentError/invalidField(_:_:)`` when `end` is before `start`.
    public init(start: Date, end: Date? = nil) throws(IncidentError) {
        if let end, end < start {
            throw .invalidField("time_end", "ends (\(Timestamp.format(end))) before it starts (\(Timestamp.format(start)))")
        }
        self.start = start
        self.end = end
    }

    /// True when the instant or interval overlaps [since, until] (either bound optional).
    public func overlaps(since: Date?, until: Date?) -> Bool {
        let last = end ?? start
        if let since, last < since { return false }
        if let until, start > until { return false }
        return true
    }
}

/// Killed, injured and missing; `nil` means unknown.
public struct Casualties: Hashable, Sendable {
    public var killed: Int?
    public var injured: Int?
    public var missing: Int?

    public init(killed: Int? = nil, injured: Int? = nil, missing: Int? = nil) {
        self.killed = killed
        self.injured = injured
        self.missing = missing
    }
}

/// Where a report comes from.
public struct Source: Hashable, Sendable {
    /// The report's address.
    public var url: String
    /// Who published it (e.g. `Reuters`, `US SOUTHCOM`).
    public var publisher: String?
    /// The publication date as written (ISO 8601 date or date-time).
    public var date: String?

    public init(url: String, publisher: String? = nil, date: String? = nil) {
        self.url = url
        self.publisher = publisher
        self.date = date
    }
}

/// An incident's place in the reference geography, stored with it so lists can filter on it.
///
/// For a point, the point itself; for a track or zone, its point nearest Venezuela's coast
/// (its closest approach), which is what the public questions are about.
public struct IncidentContext: Hashable, Sendable {
    /// The FIR there (ICAO id), nil outside every FIR known.
    public var firID: String?
    public var surfaceKind: SurfaceKind
    /// Whose land or waters (ISO 3166-1 alpha-3); nil on the high seas.
    public var surfaceState: String?
    /// Geodesic distance to Venezuela's coast, nautical miles.
    public var venezuelaCoastNauticalMiles: Double?
    /// The reference data version the context was computed with.
    public var dataVersion: String

    public init(firID: String?, surfaceKind: SurfaceKind, surfaceState: String?,
                venezuelaCoastNauticalMiles: Double?, dataVersion: String) {
        self.firID = firID
        self.surfaceKind = surfaceKind
        self.surfaceState = surfaceState
        self.venezuelaCoastNauticalMiles = venezuelaCoastNauticalMiles
        self.dataVersion = dataVersion
    }
}
