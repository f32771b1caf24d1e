import Foundation

/// Which incidents a query returns. Every condition set must hold.
public struct IncidentFilter: Sendable {
    /// Only this kind.
    public var kind: IncidentKind?
    /// Only incidents whose time ends at or after this instant.
    public var since: Date?
    /// Only incidents whose time starts at or before this instant.
    public var until: Date?
    /// Only incidents whose geometry's bounding box meets this box (R-tree lookup).
    public var boundingBox: Envelope?
    /// Only incidents in this FIR (stored context).
    public var firID: String?
    /// Only incidents on this kind of surface (stored context).
    public var surfaceKind: SurfaceKind?
    /// Only incidents at most this far from Venezuela's coast, nautical miles (stored context).
    public var withinVenezuelaNauticalMiles: Double?

    public init(kind: IncidentKind? = nil, since: Date? = nil, until: Date? = nil, boundingBox: Envelope? = nil,
                firID: String? = nil, surfaceKind: SurfaceKind? = nil, withinVenezuelaNauticalMiles: Double? = nil) {
        self.kind = kind
        self.since = since
        self.until = until
        self.boundingBox = boundingBox
        self.firID = firID
        self.surfaceKind = surfaceKind
        self.withinVenezuelaNauticalMiles = withinVenezuelaNauticalMiles
    }
}
