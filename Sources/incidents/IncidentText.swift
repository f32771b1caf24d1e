import Foundation
import IncidentMapper

/// Human-readable renderings of incidents.
enum IncidentText {
    static func when(_ time: IncidentTime?) -> String {
        guard let time else { return "time unknown" }
        return time.end.map { "\(Timestamp.format(time.start)) – \(Timestamp.format($0))" } ?? Timestamp.format(time.start)
    }

    /// `SVZM 62.1 %, TJZS 37.9 %` (a lone part without its share).
    static func parts(_ parts: [IncidentContext.Part]) -> String {
        parts.map { parts.count == 1 ? IncidentContext.Part(layer: $0.layer, value: $0.value, state: $0.state, share: 1).text : $0.text }
            .joined(separator: ", ")
    }

    static func line(_ incident: Incident, currentLayersVersion: String?) -> String {
        let start = incident.time.map { Timestamp.format($0.start) } ?? "-"
        let type = incident.geometry?.typeName ?? "no geometry"
        let place = incident.context.map { c in
            var items = [parts(c.parts(.fir)), parts(c.parts(.surface)),
                         c.venezuelaCoastNauticalMiles.map { String(format: "%.1f nm from VEN", $0) } ?? ""]
            if let current = currentLayersVersion, c.isStale(currentLayersVersion: current) { items.append("STALE") }
            return items.filter { !$0.isEmpty }.joined(separator: "; ")
        } ?? "-"
        return "\(incident.id.uuidString.lowercased())  \(start)  \(incident.kind.rawValue)  \(type)  [\(place)]  \(incident.title)"
    }

    static func details(_ i: Incident, currentLayersVersion: String?) -> String {
        var lines = [
            "id:          \(i.id.uuidString.lowercased())",
            "kind:        \(i.kind.rawValue)",
            "title:       \(i.title)",
            "time:        \(when(i.time))",
            "geometry:    \((try? i.geometry?.wkt(decimals: 7)) ?? "none")"
                + (i.positionUncertaintyMeters.map { String(format: " (±%.1f km as reported)", $0 / 1000) } ?? ""),
            "killed:      \(i.casualties.text(.killed))",
            "injured:     \(i.casualties.text(.injured))",
            "missing:     \(i.casualties.text(.missing))",
            "confidence:  \(i.confidence.rawValue)",
        ]
        if let c = i.context {
            let measure = c.measure == .points ? "" : " (shares of its \(c.measure.rawValue))"
            lines.append("firs:        \(parts(c.parts(.fir)))\(measure)")
            lines.append("surfaces:    \(parts(c.parts(.surface)))\(measure)")
            if let nm = c.venezuelaCoastNauticalMiles {
                let at = c.closestApproach.map { String(format: " at %.5f %.5f", $0.latitude, $0.longitude) } ?? ""
                lines.append(String(format: "from VEN:    %.2f nm (geodesic, to Venezuela's coast)", nm) + at)
            }
            lines.append("there:       \(c.firID ?? "no FIR known"); \(c.surfaceKind.rawValue)\(c.surfaceState.map { " (\($0))" } ?? "")")
            var version = "context:     layers \(c.layersVersion.prefix(12)) (\(c.dataVersion))"
            if let current = currentLayersVersion, c.isStale(currentLayersVersion: current) {
                version += " — STALE: the reference layers changed since; run 'incidents reclassify'"
            }
            lines.append(version)
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

    /// The current layers' version, or nil (with a note) when they cannot be loaded: listing
    /// still works, it only cannot say what is stale.
    static func currentLayersVersion() -> String? {
        do {
            return try ReferenceGeography.load().layersVersion
        } catch {
            printError("incidents: note: cannot tell stale contexts: \(error)")
            return nil
        }
    }
}
