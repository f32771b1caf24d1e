import Foundation
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
            let store = try storeOptions.openExisting()
            let filter = try filterOptions.filter()
            let current = try store.count(matching: filter) > 0 ? IncidentText.currentLayersVersion() : nil
            let output = try BatchOutput(path: nil)
            if json {
                let writer = FeatureStreamWriter(output: output, form: .array, currentLayersVersion: current)
                // Rows go to the writer as bytes, formatted on every core while the next are read.
                try store.forEachRowBatch(matching: filter, order: .listing, batchSize: 4_096) { try writer.append(rows: $0) }
                try writer.finish()
                try output.finish()
            } else {
                var count = 0, stale = 0
                try store.forEachIncident(matching: filter) { incident in
                    count += 1
                    if let current, incident.context?.isStale(currentLayersVersion: current) == true { stale += 1 }
                    try output.write(IncidentText.line(incident, currentLayersVersion: current) + "\n")
                }
                try output.finish()
                if stale > 0 {
                    printError("incidents: \(stale) of \(count) contexts are STALE (computed with other reference layers); run 'incidents reclassify'")
                }
            }
        }
    }
}
