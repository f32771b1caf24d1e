import ArgumentParser
import Foundation
import IncidentMapper

/// The `incidents` command: log military and security incidents, ask where they are, export GeoJSON.
@main
struct Incidents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "Record military and security incidents with their geometries and ask where they are.",
        discussion: """
            Positions are typed latitude first, as people write them: decimal (10.6,
            -66.99), DMS/DM (10°36'00"N 66°59'24"W) or ICAO/NOTAM compact (1036N06659W).
            Distances are geodesic on WGS84. The store is a GeoPackage file (--store,
            else $INCIDENTS_STORE, else ./incidents.gpkg) that QGIS and GDAL open
            directly.

            Exit codes: 0 ok, 1 runtime error or not found, 64 usage, 65 bad input data,
            66 missing file, 69 a service that cannot start or be reached (serve: the port
            is taken; a database server that refuses the connection).

            Examples:
              incidents parse "1130N 06615W"
              incidents check "11°30'N 66°15'W" --json
              incidents distance "10.6, -66.99" "10.65, -61.52" --unit nm
              incidents log --kind vessel-strike --at "11.2 -63.9" --time 2025-09-02 \\
                --title "Strike on a boat" --killed 11
              incidents export -o incidents.geojson
            """,
        subcommands: [
            ParseCommand.self, DistanceCommand.self, CheckCommand.self,
            LogCommand.self, ListCommand.self, ShowCommand.self, EditCommand.self, DeleteCommand.self, RestoreCommand.self,
            ExportCommand.self, MapCommand.self, ServeCommand.self, TokenCommand.self, ImportCommand.self, NearCommand.self, StatsCommand.self, DuplicatesCommand.self, MergeCommand.self, HistoryCommand.self, PurgeCommand.self, TrackCommand.self, ZonesCommand.self, ReclassifyCommand.self, CopyCommand.self,
        ])

    /// Runs the command line, as ArgumentParser does, with two differences: an argument that is
    /// not valid UTF-8 is refused (it would otherwise be stored with replacement characters),
    /// and a usage error is one line on stderr, like every other error of the tool.
    static func main() async {
        // Past a file size limit (ulimit -f), a write fails with EFBIG and the tool says so and
        // rolls back; by default the kernel would kill the process with SIGXFSZ instead, leaving
        // a hot journal and no message.
        signal(SIGXFSZ, SIG_IGN)
        let arguments = (1..<Int(CommandLine.argc)).map { CommandLine.unsafeArgv[$0] }
        if let bad = arguments.firstIndex(where: { $0.map { String(validatingCString: $0) == nil } ?? false }) {
            printError("incidents: argument \(bad + 1) is not valid UTF-8 text")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if !(error is ExitCode), exitCode(for: error) == .validationFailure {
                // ArgumentParser's message may echo the value given, whole and with its line breaks.
                let message = message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
                printError("incidents: \(message.clippedForMessage(300)) (see --help)")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            exit(withError: error)
        }
    }
}
