import ArgumentParser
import Foundation
import IncidentMapper

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change fields of a recorded incident.",
        discussion: """
            Only the fields given change; --source and --tag replace the lists. Use
            'unknown' to clear a casualty count.

            Example:
              incidents edit 6f1c... --killed 3 --confidence confirmed
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The incident id.") var id: String
    @OptionGroup var fields: IncidentFieldOptions
    @Option(help: "Why, for the history.") var reason: String?

    func run() throws {
        try reportingErrors {
            let uuid = try IncidentID.parse(id)
            let store = try storeOptions.openExisting()
            let result = try store.edit(id: uuid, contexts: IncidentContextComputer(), reason: reason) { incident in
                try fields.apply(to: &incident)
            }
            print(result.incident.id.lowercasedText)
        }
    }
}

/// Reading an incident id from the command line.
enum IncidentID {
    static func parse(_ text: String) throws -> UUID {
        guard let uuid = UUID(uuidString: text) else {
            throw InputError(field: "id", message: "\"\(text.clippedForMessage())\" is not an incident id (a UUID)")
        }
        return uuid
    }
}
