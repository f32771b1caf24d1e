/// What the surface under a position is, in the legal vocabulary of the law of the sea.
public enum SurfaceKind: String, Sendable, CaseIterable {
    case land
    /// Waters on the landward side of the baseline (e.g. Lake Maracaibo).
    case internalWaters = "internal-waters"
    /// Within 12 nm of the coast: sovereign waters and the airspace above them.
    case territorialSea = "territorial-sea"
    /// 12–24 nm: limited control (customs, immigration); not sovereign territory.
    case contiguousZone = "contiguous-zone"
    /// 24–200 nm: sovereign rights over resources; international waters for navigation and overflight.
    case eez
    /// Beyond every state's 200 nm.
    case highSeas = "high-seas"
    /// Not known: the build ships no land layer to measure from.
    case unknown
}

/// The surface status of a position: its kind and, except on the high seas, whose.
public struct SurfaceStatus: Hashable, Sendable {
    public var kind: SurfaceKind
    /// ISO 3166-1 alpha-3 of the state whose land or waters these are; nil on the high seas.
    public var state: String?
    /// How the answer was found: from the land layer, or derived from distance to the coast.
    public var method: String
}

/// The nearest point of a state's coast, by geodesic distance.
public struct CoastDistance: Hashable, Sendable {
    /// ISO 3166-1 alpha-3 of the coast's state.
    public var state: String
    public var distanceMeters: Double
    /// Initial bearing from the position to the coast point, degrees clockwise from north.
    public var bearingDegrees: Double
    /// The nearest coast point.
    public var nearest: Position

    public var distanceNauticalMiles: Double { DistanceUnit.nauticalMiles.fromMeters(distanceMeters) }
}

/// Everything the tool says about where a position is.
public struct PositionClassification: Hashable, Sendable {
    public var position: Position
    /// The FIR the position lies in (the smallest, where FIRs nest), or nil outside every FIR known.
    public var fir: FlightInformationRegion.Summary?
    public var surface: SurfaceStatus
    /// The nearest point of Venezuela's coast (mainland and islands).
    public var venezuelaCoast: CoastDistance?
    /// The nearest point of any other state's coast.
    public var nearestOtherCoast: CoastDistance?
    /// Limits of the answer that apply here, in words.
    public var caveats: [String]
    /// Versions of the reference layers used.
    public var dataVersion: String
}

extension FlightInformationRegion {
    /// A FIR's identity without its geometry.
    public struct Summary: Hashable, Sendable {
        public var id: String
        public var name: String
    }

    public var summary: Summary { Summary(id: id, name: name) }
}
