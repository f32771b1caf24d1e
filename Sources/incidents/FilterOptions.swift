import ArgumentParser
import Foundation
import IncidentMapper

/// `--kind`, `--since`, `--until`: which incidents `list` and `export` take.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only this kind.")
    var kind: IncidentKind?

    @Option(help: ArgumentHelp("Only incidents ending at or after this time (ISO 8601).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only incidents starting at or before this time (ISO 8601; a bare date includes that whole day).", valueName: "time"))
    var until: String?

    func filter() throws -> IncidentFilter {
        IncidentFilter(kind: kind,
                       since: try since.map { try Input.time($0, field: "--since") },
                       until: try until.map { try Input.time($0, field: "--until", upperBound: true) })
    }
}
