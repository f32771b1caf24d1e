import Foundation

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

    /// The metres of a distance as people type it: `50nm`, `92.6km`, `500m`, or a bare number
    /// of nautical miles; nil when it is not one, or is not from 0 to half the Earth's
    /// circumference (20,037,509 m).
    public static func meters(parsing text: String) -> Double? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        var value: Double?
        for unit in [DistanceUnit.nauticalMiles, .kilometers, .meters] where text.hasSuffix(unit.rawValue) {
            value = Double(text.dropLast(unit.rawValue.count).trimmingCharacters(in: .whitespaces)).map(unit.toMeters)
            break
        }
        if value == nil, !text.hasSuffix("m") { value = Double(text).map { DistanceUnit.nauticalMiles.toMeters($0) } }
        guard let meters = value, meters.isFinite, meters >= 0, meters <= 20_037_509 else { return nil }
        return meters
    }
}
