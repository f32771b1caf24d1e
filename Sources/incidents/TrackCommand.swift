import ArgumentParser
import Foundation
import IncidentMapper

struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Where a track entered and left each FIR and maritime zone, and its closest approach.",
        discussion: """
            The track is a CSV of time,lat,lon[,alt] fixes (ADS-B or AIS style; a header
            line names the columns), a GeoJSON LineString (or Feature), or the id of a
            logged incident with a track. Legs are geodesics between fixes; crossings
            are located by bisection along them, and their times interpolated by
            distance between the fixes' times.

            Examples:
              incidents track flight.csv
              incidents track 6f1c0a4e-... --json
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("A CSV or GeoJSON file, or an incident id.", valueName: "file-or-id"))
    var source: String

    @Flag(help: "Print a JSON object.")
    var json = false

    func run() throws {
        try reportingErrors {
            let track: [TrackPoint]
            if let id = UUID(uuidString: source) {
                guard let incident = try storeOptions.openExisting().incident(id: id) else { throw StoreError.notFound(source) }
                track = try TrackInput.track(of: incident)
            } else {
                track = try TrackInput.read(path: source)
            }
            let report = try PositionClassifier(ReferenceGeography.load()).analyze(track: track)
            print(json ? JSONWriter(pretty: true).string(report.jsonValue) : report.text)
        }
    }
}
