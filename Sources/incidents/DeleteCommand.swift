import ArgumentParser
import IncidentMapper

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a recorded incident.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The incident id.") var id: String

    func run() throws {
        try reportingErrors {
            try storeOptions.openExisting().delete(id: try IncidentID.parse(id))
            print("deleted \(id.lowercased())")
        }
    }
}
