/// A unit of length for distances the tool reports.
public enum DistanceUnit: String, CaseIterable, Sendable {
    case meters = "m"
    case kilometers = "km"
    /// The international nautical mile, exactly 1852 m.
    case nauticalMiles = "nm"

    /// How many metres one of this unit is.
    public var meters: Double {
        switch self {
        case .meters: 1
        case .kilometers: 1000
        case .nauticalMiles: 1852
        }
    }

    /// Converts a length in metres to this unit.
    public func fromMeters(_ meters: Double) -> Double { meters / self.meters }

    /// Converts a length in this unit to metres.
    public func toMeters(_ value: Double) -> Double { value * meters }
}
