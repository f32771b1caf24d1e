import ArgumentParser
import IncidentMapper

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List recorded incidents, oldest first.",
        discussion: """
            One line each: id, start time, kind, geometry type, title. --json prints a
            JSON array of GeoJSON Features (every field as a property).

            Example:
              incidents list --kind vessel-strike --since 2025-09-01 --until 2025-12-31
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var filterOptions: FilterOptions
    @Flag(help: "Print a JSON array of Features.") var json = false

    func run() throws {
        try reportingErrors {
            let incidents = try storeOptions.openExisting().incidents(matching: try filterOptions.filter())
            if json {
                var features: [JSONValue] = []
                for incident in incidents { features.append(try IncidentExporter.featureValue(incident)) }
                print(JSONWriter(pretty: true).string(.array(features)))
            } else {
                for incident in incidents { print(IncidentText.line(incident)) }
            }
        }
    }
}
