import Foundation

extension PositionClassification {
    /// The JSON form scripts rely on: `lat`, `lon`, `coverage` ({region, inside}), `fir`
    /// ({id, name} or null: in no FIR inside the covered region, outside every FIR known beyond
    /// it; `either` lists the FIRs on both sides of a
    /// FIR line closer than its accuracy), `surface` ({kind, state, method, certain, either}),
    /// `near_lines`, `venezuela_coast` ({distance_nm, distance_km, bearing_deg, nearest {lat,
    /// lon}}), `nearest_other_coast`, `data_edge_nm`, `caveats`, `data_version`. Fields not
    /// computed (see ``ClassificationFields``) are left out.
    public var jsonValue: JSONValue {
        var o: JSONObject = [
            "lat": .number(position.latitude),
            "lon": .number(position.longitude),
            "coverage": .object(["region": .string(coverageName), "inside": .bool(insideCoverage)]),
        ]
        if fields.contains(.fir) {
            o["fir"] = fir.map { summary in
                var f: JSONObject = ["id": .string(summary.id), "name": .string(summary.name), "certain": .bool(firEither.isEmpty)]
                if !firEither.isEmpty { f["either"] = .array(firEither.map(Self.firValue)) }
                return .object(f)
            } ?? .null
            if fir == nil && !firEither.isEmpty { o["fir_either"] = .array(firEither.map(Self.firValue)) }
        }
        if fields.contains(.surface), let surface {
            var s: JSONObject = [
                "kind": .string(surface.kind.rawValue),
                "state": surface.state.map(JSONValue.string) ?? .null,
                "method": .string(surface.method),
                "certain": .bool(surfaceEither.isEmpty && surface.kind.isKnown),
            ]
            if !surfaceEither.isEmpty {
                s["either"] = .array(surfaceEither.map { .object(["kind": .string($0.kind.rawValue),
                                                                  "state": $0.state.map(JSONValue.string) ?? .null]) })
            }
            o["surface"] = .object(s)
        }
        if !fields.isDisjoint(with: [.fir, .surface]) {
            o["near_lines"] = .array(nearLines.map { line in
                .object(["line": .string(line.kind.rawValue), "which": .string(line.line),
                         "distance_km": .number(Self.rounded(line.distanceMeters / 1000, 4)),
                         "accuracy_km": .number(Self.rounded(line.accuracyMeters / 1000, 4)),
                         "radius_km": .number(Self.rounded(line.radiusMeters / 1000, 4)),
                         "sides": .array(line.sides.map(JSONValue.string)), "text": .string(line.text)])
            })
        }
        if fields.contains(.venezuelaCoast) { o["venezuela_coast"] = venezuelaCoast.map(Self.coastValue) ?? .null }
        if fields.contains(.nearestOtherCoast) {
            o["nearest_other_coast"] = nearestOtherCoast.map(Self.coastValue) ?? .null
        }
        if let dataEdgeMeters { o["data_edge_nm"] = .number(Self.rounded(dataEdgeMeters / 1852, 3)) }
        if fields.contains(.caveats) { o["caveats"] = .array(caveats.map(JSONValue.string)) }
        o["data_version"] = .string(dataVersion)
        return .object(o)
    }

    public static func coastJSON(_ c: CoastDistance) -> JSONValue { coastValue(c) }

    private static func firValue(_ f: FlightInformationRegion.Summary?) -> JSONValue {
        f.map { .object(["id": .string($0.id), "name": .string($0.name)]) } ?? .null
    }

    static func coastValue(_ c: CoastDistance) -> JSONValue {
        .object([
            "state": .string(c.state),
            "distance_nm": .number(rounded(c.distanceNauticalMiles, 4)),
            "distance_km": .number(rounded(c.distanceMeters / 1000, 4)),
            "bearing_deg": .number(rounded(c.bearingDegrees, 2)),
            "nearest": .object(["lat": .number(rounded(c.nearest.latitude, 7)), "lon": .number(rounded(c.nearest.longitude, 7))]),
        ])
    }

    /// One line for people: where it is, whose, how far from Venezuela; both sides where a line
    /// is closer than its accuracy.
    public var summary: String {
        var parts: [String] = []
        if fields.contains(.fir) {
            if firEither.isEmpty {
                parts.append(fir.map { "\($0.name) FIR (\($0.id))" }
                             ?? (insideCoverage ? "no FIR (airspace assigned to no state)" : "outside every FIR known"))
            } else {
                parts.append(firEither.map { $0.map { "\($0.name) FIR (\($0.id))" } ?? "no FIR" }.joined(separator: " or "))
            }
        }
        if let surface {
            if surfaceEither.isEmpty {
                parts.append(surface.kind == .outsideCoverage ? "outside the covered region (\(coverageName)): no zone given"
                             : surface.kind == .uncertain ? "zone uncertain (near the edge of the data)" : surface.text)
            } else {
                parts.append(NearLine.either(surfaceEither.map(\.text)))
            }
        }
        if let v = venezuelaCoast {
            parts.append(String(format: "%.2f nm (%.2f km) from Venezuela's coast, bearing %.0f°",
                                v.distanceNauticalMiles, v.distanceMeters / 1000, v.bearingDegrees))
        }
        return parts.joined(separator: "; ")
    }

    static func rounded(_ value: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }
}
