/// The surface status of a position: its kind and, except on the high seas, whose.
public struct SurfaceStatus: Hashable, Sendable {
    public var kind: SurfaceKind
    /// ISO 3166-1 alpha-3 of the state whose land or waters these are; nil on the high seas.
    public var state: String?
    /// How the answer was found: from the land layer, or derived from distance to the coast.
    public var method: String

    public init(kind: SurfaceKind, state: String?, method: String) {
        self.kind = kind
        self.state = state
        self.method = method
    }

    /// `territorial-sea of VEN`, `high-seas`.
    public var text: String { SurfaceSide(kind: kind, state: state).text }
}

/// One side of a line: a surface kind and its state.
public struct SurfaceSide: Hashable, Sendable {
    public var kind: SurfaceKind
    public var state: String?

    public init(kind: SurfaceKind, state: String?) {
        self.kind = kind
        self.state = state
    }

    /// `land of GRD`, `high-seas`.
    public var text: String { kind.rawValue + (state.map { " of \($0)" } ?? "") }
}

/// A line of the reference data closer to the position than the line's stated accuracy (or
/// than the position's own stated uncertainty): the answer could be on either side of it.
public struct NearLine: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// Between land and sea (the GSHHG coastline).
        case coastline
        /// Between two states' land.
        case landBorder = "land-border"
        /// The 12, 24 or 200 nm line of a state's zones.
        case zoneLimit = "zone-limit"
        /// Where two states' zones meet (equidistance).
        case medianLine = "median-line"
        /// A FIR's lateral limit.
        case firLimit = "fir-limit"
    }

    public var kind: Kind
    /// Geodesic distance from the position to the line, metres.
    public var distanceMeters: Double
    /// How far the line may be from the real one, metres.
    public var accuracyMeters: Double
    /// The position's stated uncertainty, metres (0 when none was given).
    public var radiusMeters: Double
    /// What lies on either side, nearest answer first: `land of GRD`, `SVZM`, ...
    public var sides: [String]
    /// Which line, in words: `the GSHHG coastline`, `the 12 nm line of VEN`, ...
    public var line: String

    /// `land or territorial-sea of GRD: 0.13 km from the GSHHG coastline, closer than its accuracy (0.5 km)`.
    public var text: String {
        let why = radiusMeters >= accuracyMeters && radiusMeters > 0
            ? "within the stated uncertainty (\(Self.km(radiusMeters)) km)"
            : "closer than its accuracy (\(Self.km(accuracyMeters)) km)"
        return "\(Self.either(sides)): \(Self.km(distanceMeters)) km from \(line), \(why)"
    }

    /// `a or b`, `a, b or c`, merging a shared ` of STATE` suffix (`land or territorial-sea of VEN`).
    static func either(_ sides: [String]) -> String {
        let states = sides.map { side -> (String, String?) in
            guard let r = side.range(of: " of ", options: .backwards) else { return (side, nil) }
            return (String(side[..<r.lowerBound]), String(side[r.upperBound...]))
        }
        if states.count > 1, let state = states[0].1, states.allSatisfy({ $0.1 == state }) {
            return join(states.map(\.0)) + " of " + state
        }
        return join(sides)
    }

    private static func join(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }

    static func km(_ meters: Double) -> String {
        let km = meters / 1000
        return km >= 10 ? String(format: "%.0f", km) : km >= 1 ? String(format: "%.1f", km) : String(format: "%.2f", km)
    }
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

/// Which parts of a classification to compute (`check --fields`): each costs its own searches.
public struct ClassificationFields: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The FIR, and the FIRs on either side of a FIR line closer than its accuracy.
    public static let fir = ClassificationFields(rawValue: 1)
    /// Land, internal waters or the derived zone, with the lines nearer than their accuracy.
    public static let surface = ClassificationFields(rawValue: 2)
    /// Distance, bearing and nearest point of Venezuela's coast.
    public static let venezuelaCoast = ClassificationFields(rawValue: 4)
    /// Distance to the nearest coast of another state.
    public static let nearestOtherCoast = ClassificationFields(rawValue: 8)
    /// The caveats that apply.
    public static let caveats = ClassificationFields(rawValue: 16)

    public static let all: ClassificationFields = [.fir, .surface, .venezuelaCoast, .nearestOtherCoast, .caveats]

    /// The names `check --fields` takes, in output order.
    public static let names: [(String, ClassificationFields)] = [
        ("fir", .fir), ("surface", .surface), ("venezuela_coast", .venezuelaCoast),
        ("nearest_other_coast", .nearestOtherCoast), ("caveats", .caveats),
    ]

    /// Parses `fir,surface,...`.
    /// - Throws: ``IncidentError/invalidField(_:_:)`` naming an unknown field.
    public static func parse(_ text: String) throws(IncidentError) -> ClassificationFields {
        var fields: ClassificationFields = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !word.isEmpty {
            guard let field = names.first(where: { $0.0 == word })?.1 else {
                throw .invalidField("--fields", "\"\(word)\" is not one of \(names.map(\.0).joined(separator: ", "))")
            }
            fields.insert(field)
        }
        guard !fields.isEmpty else { throw .invalidField("--fields", "name at least one field") }
        return fields
    }
}

/// Everything the tool says about where a position is.
public struct PositionClassification: Hashable, Sendable {
    public var position: Position
    /// What was computed; the other fields are nil or empty.
    public var fields: ClassificationFields
    /// True when the position lies in the region whose zones the tool knows (``Coverage/theatre``).
    public var insideCoverage: Bool
    /// The covered region, in words.
    public var coverageName: String
    /// The FIR the position lies in (the smallest, where FIRs nest), or nil outside every FIR known.
    public var fir: FlightInformationRegion.Summary?
    /// When a FIR line is within its accuracy or the stated radius: every FIR it could be in
    /// (nil for "outside every FIR known"), the answer first; empty otherwise.
    public var firEither: [FlightInformationRegion.Summary?]
    public var surface: SurfaceStatus?
    /// When a coastline, border, zone line or median line is within its accuracy or the stated
    /// radius: every surface it could be, the answer first; empty when the answer is certain.
    public var surfaceEither: [SurfaceSide]
    /// The lines closer than their accuracy (or the stated radius).
    public var nearLines: [NearLine]
    /// The nearest point of Venezuela's coast (mainland and islands).
    public var venezuelaCoast: CoastDistance?
    /// The nearest point of any other state's coast, when it is nearer than the edge of the data.
    public var nearestOtherCoast: CoastDistance?
    /// Distance to the edge of the land data, metres: no coast beyond it is known.
    public var dataEdgeMeters: Double?
    /// Limits of the answer that apply here, in words.
    public var caveats: [String]
    /// Versions of the reference layers used.
    public var dataVersion: String
}
