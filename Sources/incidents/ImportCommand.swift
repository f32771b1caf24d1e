import ArgumentParser
import Foundation
import IncidentMapper

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import incidents from a GeoJSON Feature or FeatureCollection (all or nothing).",
        discussion: """
            The file must be valid RFC 7946 GeoJSON with positions in WGS84 range and
            valid geometries; properties named as in 'export' become incident fields
            (missing ones get defaults: kind other, confidence reported). Any error
            names the feature's index and the reason, and nothing is written. --dry-run
            checks without writing. '-' reads stdin.

            Example:
              incidents import reports.geojson --dry-run
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The GeoJSON file ('-' for standard input).", valueName: "file"))
    var file: String

    @Flag(help: "Check the file and report what would be imported; write nothing.")
    var dryRun = false

    func run() throws {
        try reportingErrors {
            let document = try IncidentImporter.read(path: file)
            // A dry run checks the data; the context (FIR, zone, distance) is computed on the real import.
            let result = try IncidentImporter.incidents(from: document, contexts: dryRun ? nil : IncidentContextComputer())
            for note in result.notes { printError("note: \(note)") }
            // Ids the store holds already are bad input too, found before anything is written.
            let store = dryRun ? try? storeOptions.openExisting() : try storeOptions.open()
            if let store { try IncidentImporter.checkNew(result.incidents, in: store) }
            if dryRun {
                print("would import \(result.incidents.count) incidents (dry run, nothing written)")
                return
            }
            try (store ?? storeOptions.open()).insert(contentsOf: result.incidents)
            print("imported \(result.incidents.count) incidents")
        }
    }
}
