import ArgumentParser
import Foundation
import IncidentMapper

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one incident with every field.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The incident id.") var id: String
    @Flag(help: "Print the incident as a GeoJSON Feature.") var json = false

    func run() throws {
        try reportingErrors {
            let uuid = try IncidentID.parse(id)
            guard let incident = try storeOptions.openExisting().incident(id: uuid) else { throw StoreError.notFound(id) }
            let current = incident.context != nil ? IncidentText.currentLayersVersion() : nil
            if json {
                print(JSONWriter(pretty: true).string(try IncidentExporter.featureValue(incident, currentLayersVersion: current)))
            } else {
                print(IncidentText.details(incident, currentLayersVersion: current))
            }
        }
    }
}
