import ArgumentParser
import IncidentMapper

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List recorded incidents, oldest first.",
        discussion: """
            One line each: id, start time, kind, geometry type, [FIRs; surfaces;
            distance to Venezuela's coast], title. A track or zone lists every FIR and
            surface it touches with its share; --fir, --zone and --state match any
            part of it. A context computed with other reference layers than the
            current ones is marked STALE ('incidents reclassify' updates it). --json
            prints a JSON array of GeoJSON Features (every field as a property).

            Examples:
              incidents list --kind vessel-strike --since 2025-09-01 --until 2025-12-31
              incidents list --fir TJZS --zone territorial-sea --state VEN
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var filterOptions: FilterOptions
    @Flag(help: "Print a JSON array of Features.") var json = false

    func run() throws {
        try reportingErrors {
            let incidents = try storeOptions.openExisting().incidents(matching: try filterOptions.filter())
            let current = incidents.contains { $0.context != nil } ? IncidentText.currentLayersVersion() : nil
            if json {
                var features: [JSONValue] = []
                for incident in incidents {
                    features.append(try IncidentExporter.featureValue(incident, currentLayersVersion: current))
                }
                print(JSONWriter(pretty: true).string(.array(features)))
            } else {
                for incident in incidents { print(IncidentText.line(incident, currentLayersVersion: current)) }
                let stale = current.map { v in incidents.filter { $0.context?.isStale(currentLayersVersion: v) == true }.count } ?? 0
                if stale > 0 {
                    printError("incidents: \(stale) of \(incidents.count) contexts are STALE (computed with other reference layers); run 'incidents reclassify'")
                }
            }
        }
    }
}
