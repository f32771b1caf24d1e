import Foundation

extension TrackReport {
    /// The report for people: length, each crossing (time, direction, what, where, how far
    /// along), time or distance in each FIR and zone, the closest approach to Venezuela's coast.
    public var text: String {
        func fixed(_ v: Double, _ d: Int) -> String { String(format: "%.\(d)f", v) }
        var lines = [String(format: "track length %.2f nm", lengthMeters / 1852)]
        for c in crossings {
            let when = c.time.map { Timestamp.format($0) } ?? "-"
            lines.append("\(when)  \(c.direction.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)) "
                         + "\(c.layer.rawValue) \(c.area)  at \(fixed(c.position.latitude, 5)) \(fixed(c.position.longitude, 5))"
                         + String(format: "  (%.2f nm along)", c.distanceAlongMeters / 1852))
        }
        for s in stays {
            let duration = s.seconds.map { String(format: ", %.0f min", $0 / 60) } ?? ""
            lines.append("inside \(s.layer.rawValue) \(s.area): " + String(format: "%.2f nm", s.meters / 1852) + duration)
        }
        if let c = closestApproach {
            lines.append(String(format: "closest approach to Venezuela's coast: %.2f nm (%.2f km) at %@ %@%@",
                                c.coast.distanceNauticalMiles, c.coast.distanceMeters / 1000,
                                fixed(c.position.latitude, 5), fixed(c.position.longitude, 5),
                                c.time.map { " at " + Timestamp.format($0) } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    /// The report as JSON: `length_nm`, `crossings` ({direction, layer, area, lat, lon, time,
    /// distance_along_nm}), `stays` ({layer, area, distance_nm, seconds}), `closest_approach`
    /// ({lat, lon, time, venezuela_coast}).
    public var jsonValue: JSONValue {
        func time(_ t: Date?) -> JSONValue { t.map { .string(Timestamp.format($0)) } ?? .null }
        return .object([
            "length_nm": .number(lengthMeters / 1852),
            "crossings": .array(crossings.map { c in
                .object(["direction": .string(c.direction.rawValue), "layer": .string(c.layer.rawValue),
                         "area": .string(c.area), "lat": .number(c.position.latitude), "lon": .number(c.position.longitude),
                         "time": time(c.time), "distance_along_nm": .number(c.distanceAlongMeters / 1852)])
            }),
            "stays": .array(stays.map { s in
                .object(["layer": .string(s.layer.rawValue), "area": .string(s.area),
                         "distance_nm": .number(s.meters / 1852), "seconds": s.seconds.map(JSONValue.number) ?? .null])
            }),
            "closest_approach": closestApproach.map { c in
                .object(["lat": .number(c.position.latitude), "lon": .number(c.position.longitude), "time": time(c.time),
                         "venezuela_coast": PositionClassification.coastJSON(c.coast)])
            } ?? .null,
        ])
    }
}
