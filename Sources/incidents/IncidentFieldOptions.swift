import ArgumentParser
import Foundation
import IncidentMapper

/// The incident fields `log` and `edit` take.
struct IncidentFieldOptions: ParsableArguments {
    @Option(help: "vessel-strike, naval-position, exercise-zone, flight or other.")
    var kind: IncidentKind?

    @Option(help: ArgumentHelp("A point position, latitude first (decimal, DMS or ICAO).", valueName: "coord"))
    var at: String?

    @Option(help: ArgumentHelp("A track or zone: a GeoJSON or WKT file, or the text itself.", valueName: "file-or-text"))
    var geometry: String?

    @Option(help: ArgumentHelp("When it happened or started: ISO 8601 date or UTC date-time. A date alone means sometime that day (stored as the day, 00:00 to 23:59:59.999 UTC).", valueName: "time"))
    var time: String?

    @Option(help: ArgumentHelp("When it ended (exercises run for days); a date alone means the end of that day.", valueName: "time"))
    var end: String?

    @Option(help: "A short title.")
    var title: String?

    @Option(help: "A longer description.")
    var description: String?

    @Option(help: ArgumentHelp("People killed: a number, a range when reports differ (3-6), or 'unknown' (not zero).", valueName: "n"))
    var killed: String?

    @Option(help: ArgumentHelp("People injured: a number, a range (3-6), or 'unknown'.", valueName: "n"))
    var injured: String?

    @Option(help: ArgumentHelp("People missing: a number, a range (3-6), or 'unknown'.", valueName: "n"))
    var missing: String?

    @Option(name: .customLong("source"),
            help: ArgumentHelp("A source URL; repeat for more. Optionally 'URL|publisher|date'.", valueName: "url"))
    var sources: [String] = []

    @Option(help: "confirmed, likely, reported or disputed.")
    var confidence: Confidence?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag; repeat for more.", valueName: "tag"))
    var tags: [String] = []

    func validate() throws {
        if at != nil && geometry != nil {
            throw ValidationError("Give either --at or --geometry, not both.")
        }
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--title must not be empty.")
        }
    }

    /// The geometry given by --at or --geometry, if any.
    func parsedGeometry() throws -> Geometry? {
        if let at { return .point(try Input.coordinate(at, field: "--at").position) }
        if let geometry { return try Input.geometry(geometry, field: "--geometry") }
        return nil
    }

    /// The sources given by --source.
    func parsedSources() throws -> [Source] {
        try sources.map { text in
            let parts = text.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let url = parts.first, !url.isEmpty, parts.count <= 3 else {
                throw InputError(field: "--source", message: "\"\(text.clippedForMessage())\" must be 'URL' or 'URL|publisher|date'")
            }
            let publisher = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
            var date: String?
            if parts.count > 2 && !parts[2].isEmpty {
                _ = try Input.time(parts[2], field: "--source date")
                date = parts[2]
            }
            return Source(url: url, publisher: publisher, date: date)
        }
    }

    /// Applies every field given to `incident`.
    func apply(to incident: inout Incident) throws {
        if let kind { incident.kind = kind }
        if let g = try parsedGeometry() { incident.geometry = g }
        if time != nil || end != nil {
            // Only the fields given change: a new start keeps the recorded end. A bare date is
            // read at its precision (IncidentTime(parsing:end:)): alone, that whole day; as
            // the end, the end of that day.
            do {
                if let time {
                    let given = try IncidentTime(parsing: time, end: end, startField: "--time", endField: "--end")
                    if end == nil, let recorded = incident.time?.end {
                        incident.time = try IncidentTime(start: given.start, end: recorded)
                    } else {
                        incident.time = given
                    }
                } else if let end {
                    guard let start = incident.time?.start else { throw InputError(field: "--end", message: "needs a start time (--time)") }
                    incident.time = try IncidentTime(start: start, end: try Timestamp.parseUpperBound(end, field: "--end"))
                }
            } catch let error as IncidentError {
                let field: String = if case .invalidField(let name, _) = error, name == "--time" { "--time" } else { end != nil ? "--end" : "--time" }
                throw InputError(field: field, message: error.problem)
            }
        }
        if let title { incident.title = title }
        if let description { incident.description = description.isEmpty ? nil : description }
        if let killed { incident.casualties[.killed] = try Input.countRange(killed, field: "--killed") }
        if let injured { incident.casualties[.injured] = try Input.countRange(injured, field: "--injured") }
        if let missing { incident.casualties[.missing] = try Input.countRange(missing, field: "--missing") }
        if !sources.isEmpty { incident.sources = try parsedSources() }
        if let confidence { incident.confidence = confidence }
        if !tags.isEmpty { incident.tags = tags }
    }
}
