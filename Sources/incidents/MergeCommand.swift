import ArgumentParser
import Foundation
import IncidentMapper

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge records of one event into the first: all sources, the widest casualty range, both histories.",
        discussion: """
            The first id is kept: its kind, title, time, position and confidence stay (a field
            it lacks comes from the next record that has it). It gets every source of the
            others (once per URL), every tag, and for killed, injured and missing the range
            from the lowest to the highest number any report gives (3, 4 and 6 dead: 3-6; a
            report with no number adds nothing, unknown stays unknown). The other records are
            deleted softly; 'history' of the kept id shows theirs too. One transaction: all
            or nothing.

            Example (after 'incidents duplicates'):
              incidents merge 3b2a... 6f1c... 9d0e... --reason "one strike, three reports"
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The id to keep, then the ids to merge into it.") var ids: [String] = []
    @Option(help: "Why, for the history.") var reason: String?
    @Flag(help: "Print the merged incident as a GeoJSON Feature.") var json = false

    func validate() throws {
        guard ids.count >= 2 else { throw ValidationError("give at least two ids: the one to keep, then those merged into it") }
    }

    func run() throws {
        try reportingErrors {
            let parsed = try ids.map { try IncidentID.parse($0) }
            let merged = try storeOptions.openExisting().merge(keeping: parsed[0], into: Array(parsed.dropFirst()), reason: reason)
            let current = merged.context != nil ? IncidentText.currentLayersVersion() : nil
            if json {
                print(JSONWriter(pretty: true).string(try IncidentExporter.featureValue(merged, currentLayersVersion: current)))
            } else {
                print("merged \(parsed.count - 1) into \(merged.id.lowercasedText)")
                print(IncidentText.details(merged, currentLayersVersion: current))
            }
        }
    }
}
