import ArgumentParser
import Foundation
import IncidentMapper

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Write a map of the incidents as one self-contained HTML file (no network needed, not even fonts).",
        discussion: """
            Draws the incidents (the list filters apply) over the FIRs (SVZM in bold),
            land, Venezuela's coast and the derived 12, 24 and 200 nm zones, from the
            shipped reference layers simplified for display (no vertex moved by more
            than about 550 m; the tool's answers always use the full layers). Pan and
            zoom, filter by kind and by month, and click an incident for its details,
            sources and context. Leaflet (Debian's libjs-leaflet) is inlined; points
            are drawn on one canvas, so 100,000 incidents stay usable. The file is
            written under FILE.partial and moved into place when complete.

            Examples:
              incidents map -o map.html
              incidents map -o strikes.html --kind vessel-strike --since 2025-09-01
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var filterOptions: FilterOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The HTML file to write (standard output when not given).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("The page's title.", valueName: "text"))
    var title = "Incidents"

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.openExisting()
            let filter = try filterOptions.filter()
            let out = try BatchOutput(path: output)
            let made = Timestamp.format(Date()).prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
            let filters = filterOptions.summary
            let description = "From \(storeOptions.shortName), \(filters.isEmpty ? "every incident" : filters); made \(made)."
            do {
                let count = try MapDocument.write(to: out, store: store, matching: filter, title: title, description: description)
                try out.finish()
                if let output { printError("wrote a map of \(count) incidents to \(output)") }
                if count > MapDocument.comfortableIncidentCount {
                    printError("incidents: note: \(count) incidents make a page browsers are slow to open (about 1 MB per 1,000); narrow it with --since/--until, --kind or --bbox")
                }
            } catch {
                out.abandon()
                throw error
            }
        }
    }
}
