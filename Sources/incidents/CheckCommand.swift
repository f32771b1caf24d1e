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

            The answer knows its limits. Outside the covered region (125°W-40°W,
            20°S-35°N) no zone is given (outside-coverage). Closer to a coastline,
            border, zone line or FIR line than the line's accuracy (or than --radius),
            both sides are named ("land or territorial-sea of GRD").

            With --input, classifies every row of a CSV file (or '-' for standard input)
            and streams the results, with progress on a terminal. --fields computes
            only what is asked, and prints only those columns.

            Examples:
              incidents check "10.6 -66.99"
              incidents check 1130N06415W --json --radius 2
              incidents check --input positions.csv --output classified.csv
              incidents check --input positions.csv --fields fir
            """)

    @OptionGroup var coordinate: CoordinateArgument

    @Flag(help: "Print a JSON object (fir, surface, near_lines, venezuela_coast, nearest_other_coast, caveats, ...).")
    var json = false

    @Option(help: ArgumentHelp("The position's uncertainty: lines within it are reported, both sides named (0 to 10800).", valueName: "nm"))
    var radius: Double = 0

    @Option(help: ArgumentHelp("What to compute, comma-separated: fir, surface, venezuela_coast, nearest_other_coast, caveats (default: all).", valueName: "fields"))
    var fields: String?

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

    /// Half the Earth's circumference: no position is further from any line.
    static let maxRadiusNauticalMiles = 10_800.0

    func validate() throws {
        guard radius.isFinite, radius >= 0, radius <= Self.maxRadiusNauticalMiles else {
            throw ValidationError("--radius must be a distance in nm from 0 to \(Int(Self.maxRadiusNauticalMiles)).")
        }
        if let fields {
            do { _ = try ClassificationFields.parse(fields) } catch { throw ValidationError(error.description) }
        }
        if input == nil && coordinate.isMissing { throw ValidationError("Give a position, or --input FILE.") }
        if input != nil && !coordinate.isMissing { throw ValidationError("Give a position or --input, not both.") }
        if input == nil && (output != nil || latColumn != nil || lonColumn != nil) {
            throw ValidationError("--output, --lat-column and --lon-column go with --input.")
        }
    }

    func run() throws {
        try reportingErrors {
            let wanted = try fields.map { try ClassificationFields.parse($0) } ?? .all
            if let input {
                let reader = try CSVReader(path: input)
                let batch = try BatchClassifier(
                    geography: ReferenceGeography.load(),
                    options: BatchOptions(latColumn: latColumn, lonColumn: lonColumn, fields: wanted,
                                          radiusNauticalMiles: radius, format: format))
                let progress = Progress(totalBytes: reader.totalBytes)
                let summary = try batch.run(reader, to: BatchOutput(path: output),
                                            progress: { rows, bytes in progress.update(rows, bytes: bytes) },
                                            rowError: { printError("incidents: \($0)") })
                progress.finish(summary.rows)
                if summary.failures > 0 {
                    printError("incidents: \(summary.failures) of \(summary.rows) rows could not be classified")
                    throw ExitCode(Exit.dataError)
                }
                return
            }
            let c = try Input.coordinate(coordinate.text, field: "coordinate")
            let answer = try PositionClassifier(ReferenceGeography.load())
                .classify(c.position, radiusNauticalMiles: radius, fields: wanted)
            if json {
                print(JSONWriter().string(answer.jsonValue))
            } else {
                print("\(Format.degrees(c.latitude)) \(Format.degrees(c.longitude)): \(answer.summary)")
                for caveat in answer.caveats { print("  note: \(caveat)") }
            }
        }
    }
}

extension BatchFormat: ExpressibleByArgument {}
