/// An incident's place in the reference geography, stored with it so lists can filter on it:
/// every FIR and surface its geometry touches, each with its share, the closest approach to
/// Venezuela's coast and where it happens, and the version of the layers it was computed with.
///
/// For a point the parts are its FIR and its surface (share 1); for a track, the FIRs and
/// surfaces along it by share of its geodesic length; for a zone, by share of its geodesic
/// area. The summary fields (``firID``, ``surfaceKind``, ``surfaceState``) describe the point
/// of closest approach to Venezuela's coast, which is what the public questions are about.
public struct IncidentContext: Hashable, Sendable {
    /// How the shares of ``parts`` are measured.
    public enum Measure: String, Sendable {
        /// A point (share 1), or points of a MultiPoint (share of their number).
        case points
        /// Share of a track's geodesic length.
        case length
        /// Share of a zone's geodesic area.
        case area
    }

    /// One FIR or surface touched by the geometry.
    public struct Part: Hashable, Sendable {
        public enum Layer: String, Sendable, CaseIterable { case fir, surface }

        public var layer: Layer
        /// A FIR id (`SVZM`; `none` outside every FIR known), or a surface kind (`territorial-sea`).
        public var value: String
        /// For a surface: whose (ISO 3166-1 alpha-3); nil on the high seas and for FIRs.
        public var state: String?
        /// Fraction of the geometry (0...1).
        public var share: Double

        public init(layer: Layer, value: String, state: String? = nil, share: Double) {
            self.layer = layer
            self.value = value
            self.state = state
            self.share = share
        }

        /// `SVZM 62.1 %`, `territorial-sea of VEN 12.0 %`.
        public var text: String {
            let name = state.map { "\(value) of \($0)" } ?? value
            return name + (share < 1 ? " " + Self.percent(share) : "")
        }

        static func percent(_ share: Double) -> String {
            let p = share * 100
            return p >= 10 ? String(format: "%.1f %%", p) : p >= 0.1 ? String(format: "%.2f %%", p) : String(format: "%.3f %%", p)
        }
    }

    /// The FIR at the closest approach (ICAO id), nil outside every FIR known.
    public var firID: String?
    /// The surface at the closest approach.
    public var surfaceKind: SurfaceKind
    /// Whose, at the closest approach (ISO 3166-1 alpha-3); nil on the high seas.
    public var surfaceState: String?
    /// Geodesic distance from the geometry's nearest point to Venezuela's coast, nautical miles.
    public var venezuelaCoastNauticalMiles: Double?
    /// The geometry's point nearest Venezuela's coast.
    public var closestApproach: Position?
    /// How the shares are measured.
    public var measure: Measure
    /// Every FIR and surface the geometry touches, largest share first within each layer.
    public var parts: [Part]
    /// The layers' content hash (``ReferenceGeography/layersVersion``): a context whose version
    /// differs from the current layers' is stale.
    public var layersVersion: String
    /// The layers' versions for people.
    public var dataVersion: String

    public init(firID: String?, surfaceKind: SurfaceKind, surfaceState: String?,
                venezuelaCoastNauticalMiles: Double?, closestApproach: Position? = nil,
                measure: Measure = .points, parts: [Part]? = nil, layersVersion: String = "unknown",
                dataVersion: String) {
        self.firID = firID
        self.surfaceKind = surfaceKind
        self.surfaceState = surfaceState
        self.venezuelaCoastNauticalMiles = venezuelaCoastNauticalMiles
        self.closestApproach = closestApproach
        self.measure = measure
        self.parts = parts ?? [Part(layer: .fir, value: firID ?? Self.noFIR, share: 1),
                               Part(layer: .surface, value: surfaceKind.rawValue, state: surfaceState, share: 1)]
        self.layersVersion = layersVersion
        self.dataVersion = dataVersion
    }

    /// The FIR value of a part outside every FIR known.
    public static let noFIR = "none"

    /// The parts of one layer.
    public func parts(_ layer: Part.Layer) -> [Part] { parts.filter { $0.layer == layer } }

    /// True when the context was computed with other layers than `currentLayersVersion`.
    public func isStale(currentLayersVersion: String) -> Bool { layersVersion != currentLayersVersion }
}
