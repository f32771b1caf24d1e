import Foundation

extension PositionClassification {
    /// The JSON form scripts rely on: `lat`, `lon`, `fir` ({id, name} or null), `surface`
    /// ({kind, state, method}), `venezuela_coast` ({distance_nm, distance_km, bearing_deg,
    /// nearest {lat, lon}}), `nearest_other_coast` ({state, distance_nm, distance_km, ...}),
    /// `caveats` (list of strings), `data_version`.
    public var jsonValue: JSONValue {
        .object([
            "lat": .number(position.latitude),
            "lon": .number(position.longitude),
            "fir": fir.map { .object(["id": .string($0.id), "name": .string($0.name)]) } ?? .null,
            "surface": .object([
                "kind": .string(surface.kind.rawValue),
                "state": surface.state.map(JSONValue.string) ?? .null,
                "method": .string(surface.method),
            ]),
            "venezuela_coast": venezuelaCoast.map(Self.coastValue) ?? .null,
            "nearest_other_coast": nearestOtherCoast.map(Self.coastValue) ?? .null,
            "caveats": .array(caveats.map(JSONValue.string)),
            "data_version": .string(dataVersion),
        ])
    }

    public static func coastJSON(_ c: CoastDistance) -> JSONValue { coastValue(c) }

    static func coastValue(_ c: CoastDistance) -> JSONValue {
        .object([
            "state": .string(c.state),
            "distance_nm": .number(rounded(c.distanceNauticalMiles, 4)),
            "distance_km": .number(rounded(c.distanceMeters / 1000, 4)),
            "bearing_deg": .number(rounded(c.bearingDegrees, 2)),
            "nearest": .object(["lat": .number(rounded(c.nearest.latitude, 7)), "lon": .number(rounded(c.nearest.longitude, 7))]),
        ])
    }

    /// One line for people: where it is, whose, how far from Venezuela.
    public var summary: String {
        var parts: [String] = []
        parts.append(fir.map { "\($0.name) FIR (\($0.id))" } ?? "outside every FIR known")
        let whose = surface.state.map { " of \($0)" } ?? ""
        parts.append("\(surface.kind.rawValue)\(whose)")
        if let v = venezuelaCoast {
            parts.append(String(format: "%.2f nm (%.2f km) from Venezuela's coast, bearing %.0f°",
                                v.distanceNauticalMiles, v.distanceMeters / 1000, v.bearingDegrees))
        }
        return parts.joined(separator: "; ")
    }

    private static func rounded(_ value: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }
}
