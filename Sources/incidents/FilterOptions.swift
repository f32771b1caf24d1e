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

    @Option(help: ArgumentHelp("Only incidents any part of which is in this FIR (ICAO id, e.g. SVZM).", valueName: "icao"))
    var fir: String?

    @Option(help: ArgumentHelp("Only incidents any part of which is on this surface: land, internal-waters, territorial-sea, contiguous-zone, eez, high-seas, outside-coverage.", valueName: "zone"))
    var zone: SurfaceKind?

    @Option(help: ArgumentHelp("Only incidents any part of which is on this state's land or waters (ISO 3166-1 alpha-3, e.g. VEN); with --zone, the same part.", valueName: "iso3"))
    var state: String?

    @Flag(help: "Only incidents whose context was computed with other reference layers than the current ones (see 'reclassify').")
    var stale = false

    @Option(help: ArgumentHelp("Only incidents at most this far from Venezuela's coast (nm; tracks and zones: their nearest point).", valueName: "nm"))
    var withinNm: Double?

    func validate() throws {
        if let withinNm, !(withinNm >= 0 && withinNm.isFinite) { throw ValidationError("--within-nm must be a distance ≥ 0.") }
        if let state, state.count != 3 || !state.allSatisfy(\.isLetter) {
            throw ValidationError("--state takes an ISO 3166-1 alpha-3 code, e.g. VEN.")
        }
    }

    func filter() throws -> IncidentFilter {
        IncidentFilter(kind: kind,
                       since: try since.map { try Input.time($0, field: "--since") },
                       until: try until.map { try Input.time($0, field: "--until", upperBound: true) },
                       firID: fir?.uppercased(), surfaceKind: zone, surfaceState: state?.uppercased(),
                       withinVenezuelaNauticalMiles: withinNm,
                       staleAgainstLayersVersion: stale ? try ReferenceGeography.load().layersVersion : nil)
    }
}
