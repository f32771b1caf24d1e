import ArgumentParser
import Foundation
import IncidentMapper

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a recorded incident (softly: 'purge' removes it for good).",
        discussion: """
            The incident leaves every listing, search and export at once, but stays in the
            file with its history until 'incidents purge'; 'export --as-of' still shows it
            as it stood before. The deletion is recorded in its history.

            Example:
              incidents delete 6f1c... --reason "duplicate of 3b2a..."
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The incident id.") var id: String
    @Option(help: "Why, for the history.") var reason: String?

    func run() throws {
        try reportingErrors {
            try storeOptions.openExisting().delete(id: try IncidentID.parse(id), reason: reason)
            print("deleted \(id.lowercased())")
        }
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Bring back an incident deleted softly (not one purged); recorded in its history.",
        discussion: """
            A re-import leaves a deleted incident deleted (it says how many); restore is the
            way back.

            Example:
              incidents restore 6f1c... --reason "not a duplicate after all"
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The incident id.") var id: String
    @Option(help: "Why, for the history.") var reason: String?

    func run() throws {
        try reportingErrors {
            try storeOptions.openExisting().restore(id: try IncidentID.parse(id), reason: reason)
            print("restored \(id.lowercased())")
        }
    }
}

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Remove for good the incidents deleted so far (their history keeps a purge entry).")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Why, for the history.") var reason: String?
    @Flag(help: "Really purge (without it, say how many would go).") var yes = false

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.openExisting()
            guard yes else {
                var filter = IncidentFilter()
                filter.includeDeleted = true
                let deleted = try store.count(matching: filter) - store.count(matching: IncidentFilter())
                print("\(deleted) deleted incidents would be removed for good; run again with --yes")
                return
            }
            print("purged \(try store.purge(reason: reason))")
        }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every recorded change of an incident: when, what changed (before → after) and why.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The incident id.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingErrors {
            let entries = try storeOptions.openExisting().history(of: try IncidentID.parse(id))
            guard !entries.isEmpty else { throw StoreError.notFound(id.lowercased()) }
            if json {
                print(JSONWriter(pretty: true).string(.array(entries.map { e in
                    .object(["incident": .string(e.incidentID.lowercasedText), "at": .string(Timestamp.format(e.at)), "action": .string(e.action.rawValue),
                             "reason": e.reason.map(JSONValue.string) ?? .null, "changes": .object(e.changes)])
                })))
                return
            }
            let asked = try IncidentID.parse(id)
            for e in entries {
                // Entries of records merged into this one name their id.
                let whose = e.incidentID == asked ? "" : "  [\(e.incidentID.lowercasedText)]"
                print("\(Timestamp.format(e.at))  \(e.action.rawValue)" + (e.reason.map { "  (\($0))" } ?? "") + whose)
                for change in e.changes {
                    guard case .array(let pair) = change.value, pair.count == 2 else { continue }
                    let writer = JSONWriter()
                    print("    \(change.key): \(writer.string(pair[0])) → \(writer.string(pair[1]))")
                }
            }
        }
    }
}
