import Foundation

/// Which incidents a query returns. Every condition set must hold.
public struct IncidentFilter: Sendable {
    /// Only this kind.
    public var kind: IncidentKind?
    /// Only incidents whose time ends at or after this instant.
    public var since: Date?
    /// Only incidents whose time starts at or before this instant.
    public var until: Date?
    /// Only incidents whose geometry meets this box (an R-tree lookup, then GEOS `intersects`).
    public var boundingBox: Envelope?
    /// Only incidents any part of which lies in this FIR (stored context).
    public var firID: String?
    /// Only incidents any part of which lies on this kind of surface (stored context).
    public var surfaceKind: SurfaceKind?
    /// Only incidents any part of which lies on this state's land or waters (stored context);
    /// with ``surfaceKind``, the same part must be both.
    public var surfaceState: String?
    /// Only incidents whose context was computed with other layers than this version.
    public var staleAgainstLayersVersion: String?
    /// Only incidents at most this far from Venezuela's coast, nautical miles (stored context).
    public var withinVenezuelaNauticalMiles: Double?

    /// Only incidents with one of these confidences (empty: any).
    public var confidences: [Confidence] = []
    /// Only incidents carrying every one of these tags (exact match).
    public var tags: [String] = []
    /// Only incidents with a known number of people killed in this range (unknown never matches).
    public var killed: ClosedRange<Int>?
    /// Only incidents with a known number of people injured in this range.
    public var injured: ClosedRange<Int>?
    /// Full-text search (SQLite FTS5) over title, description, tags and sources: every word
    /// must appear (a word ending in `*` is a prefix).
    public var search: String?

    /// Also incidents deleted (softly) and not yet purged.
    public var includeDeleted = false

    /// Only incidents whose longest leg is at least this long (proximity search).
    var minimumLongestLegMeters: Double?
    /// Only incidents with a geometry whose longest leg was not recorded (written by another tool).
    var longestLegUnknown = false

    public init(kind: IncidentKind? = nil, since: Date? = nil, until: Date? = nil, boundingBox: Envelope? = nil,
                firID: String? = nil, surfaceKind: SurfaceKind? = nil, surfaceState: String? = nil,
                withinVenezuelaNauticalMiles: Double? = nil, staleAgainstLayersVersion: String? = nil) {
        self.kind = kind
        self.since = since
        self.until = until
        self.boundingBox = boundingBox
        self.firID = firID
        self.surfaceKind = surfaceKind
        self.surfaceState = surfaceState
        self.staleAgainstLayersVersion = staleAgainstLayersVersion
        self.withinVenezuelaNauticalMiles = withinVenezuelaNauticalMiles
    }
}
