import ArgumentParser
import Foundation
import IncidentMapper

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say where a position is: FIR, land or maritime zone, distance to Venezuela's coast.",
        discussion: """
            A FIR is where a state provides air traffic services; it is not sovereign
            airspace (that ends 12 nm from the coast). The surface is land (of which
            state), internal waters, territorial sea (12 nm), contiguous zone (24 nm),
            EEZ (200 nm) or high seas. Zones are derived from geodesic distance to the
            GSHHG coastline, split between neighbours by the median line; caveats say
            what that ignores. Distances are geodesic on WGS84.

            With --input, classifies every row of a CSV file (or '-' for standard input)
            and streams the results, with progress on a terminal.

            Examples:
              incidents check "10.6 -66.99"
              incidents check 1130N06415W --json --radius 2
              incidents check --input positions.csv --output classified.csv
            """)

    @OptionGroup var coordinate: CoordinateArgument

    @Flag(help: "Print a JSON object (fir, surface, venezuela_coast, nearest_other_coast, caveats, ...).")
    var json = false

    @Option(help: ArgumentHelp("The position's uncertainty: zone or FIR lines within it are reported.", valueName: "nm"))
    var radius: Double = 0

    @Option(help: ArgumentHelp("Classify every row of this CSV file ('-' for standard input).", valueName: "file"))
    var input: String?

    @Option(help: ArgumentHelp("The latitude column of --input (default: lat, latitude or y).", valueName: "name"))
    var latColumn: String?

    @Option(help: ArgumentHelp("The longitude column of --input (default: lon, lng, longitude or x).", valueName: "name"))
    var lonColumn: String?

    @Option(help: ArgumentHelp("Where to write the --input results (default: standard output).", valueName: "file"))
    var output: String?

    @Option(help: "Output format of --input results: csv or json.")
    var format: BatchFormat = .csv

    func validate() throws {
        guard radius >= 0, radius.isFinite else { throw ValidationError("--radius must be a distance ≥ 0 in nm.") }
        if input == nil && coordinate.isMissing { throw ValidationError("Give a position, or --input FILE.") }
        if input != nil && !coordinate.isMissing { throw ValidationError("Give a position or --input, not both.") }
        if input == nil && (output != nil || latColumn != nil || lonColumn != nil) {
            throw ValidationError("--output, --lat-column and --lon-column go with --input.")
        }
    }

    func run() throws {
        try reportingErrors {
            let geography = try ReferenceGeography.load()
            if let input {
                let batch = BatchCheck(input: input, output: output, format: format, latColumn: latColumn,
                                       lonColumn: lonColumn, radius: radius)
                try batch.run(geography)
                return
            }
            let c = try Input.coordinate(coordinate.text, field: "coordinate")
            let answer = try PositionClassifier(geography).classify(c.position, radiusNauticalMiles: radius)
            if json {
                print(JSONWriter().string(answer.jsonValue))
            } else {
                print("\(Format.degrees(c.latitude)) \(Format.degrees(c.longitude)): \(answer.summary)")
                for caveat in answer.caveats { print("  note: \(caveat)") }
            }
        }
    }
}

enum BatchFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}
