import Foundation
import IncidentMapper

/// Human-readable renderings of incidents.
enum IncidentText {
    static func when(_ time: IncidentTime?) -> String {
        guard let time else { return "time unknown" }
        return time.end.map { "\(Timestamp.format(time.start)) – \(Timestamp.format($0))" } ?? Timestamp.format(time.start)
    }

    static func count(_ value: Int?) -> String { value.map(String.init) ?? "unknown" }

    static func line(_ incident: Incident) -> String {
        let start = incident.time.map { Timestamp.format($0.start) } ?? "-"
        let type = incident.geometry?.typeName ?? "no geometry"
        let place = incident.context.map { c in
            [c.firID ?? "no FIR", c.surfaceKind.rawValue + (c.surfaceState.map { " " + $0 } ?? ""),
             c.venezuelaCoastNauticalMiles.map { String(format: "%.1f nm from VEN", $0) } ?? ""]
                .filter { !$0.isEmpty }.joined(separator: ", ")
        } ?? "-"
        return "\(incident.id.uuidString.lowercased())  \(start)  \(incident.kind.rawValue)  \(type)  [\(place)]  \(incident.title)"
    }

    static func details(_ i: Incident) -> String {
        var lines = [
            "id:          \(i.id.uuidString.lowercased())",
            "kind:        \(i.kind.rawValue)",
            "title:       \(i.title)",
            "time:        \(when(i.time))",
            "geometry:    \((try? i.geometry?.wkt(decimals: 7)) ?? "none")",
            "killed:      \(count(i.casualties.killed))",
            "injured:     \(count(i.casualties.injured))",
            "missing:     \(count(i.casualties.missing))",
            "confidence:  \(i.confidence.rawValue)",
        ]
        if let c = i.context {
            lines.append("fir:         \(c.firID ?? "outside every FIR known")")
            lines.append("surface:     \(c.surfaceKind.rawValue)\(c.surfaceState.map { " (\($0))" } ?? "")")
            if let nm = c.venezuelaCoastNauticalMiles {
                lines.append(String(format: "from VEN:    %.2f nm (geodesic, to Venezuela's coast)", nm))
            }
        }
        if let d = i.description { lines.append("description: \(d)") }
        for s in i.sources {
            lines.append("source:      \(s.url)" + (s.publisher.map { " (\($0))" } ?? "") + (s.date.map { " \($0)" } ?? ""))
        }
        if !i.tags.isEmpty { lines.append("tags:        \(i.tags.joined(separator: ", "))") }
        lines.append("created:     \(Timestamp.format(i.createdAt))")
        lines.append("updated:     \(Timestamp.format(i.updatedAt))")
        return lines.joined(separator: "\n")
    }
}
