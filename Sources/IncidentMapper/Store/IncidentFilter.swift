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

    public init(kind: IncidentKind? = nil, since: Date? = nil, until: Date? = nil, boundingBox: Envelope? = nil) {
        self.kind = kind
        self.since = since
        self.until = until
        self.boundingBox = boundingBox
    }
}
