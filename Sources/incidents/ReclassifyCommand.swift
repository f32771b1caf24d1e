import ArgumentParser
import Foundation
import IncidentMapper

struct ReclassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclassify",
        abstract: "Recompute the stored contexts (FIRs, surfaces, distance to Venezuela) with the current reference layers.",
        discussion: """
            Each incident's context records the version of the reference layers it was
            computed with; when the layers change, 'list' and 'show' mark it STALE.
            This recomputes the stale contexts (or all of them with --all) in one
            transaction: all are updated, or none. Progress is shown on a terminal.

            Examples:
              incidents reclassify
              incidents reclassify --all --store team.gpkg
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Recompute every context, not only the stale ones.")
    var all = false

    @Flag(help: "Print a JSON object: {updated, layers_version}.")
    var json = false

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.openExisting()
            let geography = try ReferenceGeography.load()
            let workers = try ParallelClassifier(geography)
            let progress = Progress(totalBytes: nil, unit: "incidents")
            _ = try store.updateReferenceLayers()   // a database's copies of the layers, for QGIS
            let updated = try store.replaceContexts(onlyStale: all ? nil : geography.layersVersion, { incidents in
                let results = workers.map(count: incidents.count) { classifier, i in
                    Result { try incidents[i].geometry.flatMap { try classifier.context(for: $0) } }
                }
                return try results.map { try $0.get() }
            }, progress: { done, total in progress.update(done, total: total) })
            progress.finish(updated)
            if json {
                print(JSONWriter().string(.object(["updated": .number(Double(updated)),
                                                   "layers_version": .string(geography.layersVersion)])))
            } else if updated == 0 {
                print("every context is up to date (layers \(geography.layersVersion.prefix(12)))")
            } else {
                print("reclassified \(updated) incidents with layers \(geography.layersVersion.prefix(12)) (\(geography.dataVersion))")
            }
        }
    }
}
