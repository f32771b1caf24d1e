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

    @Option(help: ArgumentHelp("Only incidents in this FIR (ICAO id, e.g. SVZM).", valueName: "icao"))
    var fir: String?

    @Option(help: ArgumentHelp("Only incidents on this surface: land, internal-waters, territorial-sea, contiguous-zone, eez, high-seas.", valueName: "zone"))
    var zone: SurfaceKind?

    @Option(help: ArgumentHelp("Only incidents at most this far from Venezuela's coast (nm; tracks and zones: their nearest point).", valueName: "nm"))
    var withinNm: Double?

    func validate() throws {
        if let withinNm, !(withinNm >= 0) { throw ValidationError("--within-nm must be ≥ 0.") }
    }

    func filter() throws -> IncidentFilter {
        IncidentFilter(kind: kind,
                       since: try since.map { try Input.time($0, field: "--since") },
                       until: try until.map { try Input.time($0, field: "--until", upperBound: true) },
                       firID: fir?.uppercased(), surfaceKind: zone, withinVenezuelaNauticalMiles: withinNm)
    }
}
