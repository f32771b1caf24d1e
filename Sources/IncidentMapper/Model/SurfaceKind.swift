/// What the surface under a position is, in the legal vocabulary of the law of the sea, or why
/// the tool cannot say.
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
    /// Outside the region the reference layers cover: no zone is given.
    case outsideCoverage = "outside-coverage"
    /// Inside the covered region, but a coast beyond the edge of the data could change the
    /// answer: no zone is given.
    case uncertain
    /// No land layer is shipped to measure from.
    case unknown

    /// True for the kinds that are an answer (land, a water or zone), false for
    /// ``outsideCoverage``, ``uncertain`` and ``unknown``.
    public var isKnown: Bool {
        switch self {
        case .outsideCoverage, .uncertain, .unknown: false
        default: true
        }
    }

    /// True for the sea zones measured from a coast (territorial sea to high seas).
    public var isSeaZone: Bool {
        switch self {
        case .territorialSea, .contiguousZone, .eez, .highSeas: true
        default: false
        }
    }
}
