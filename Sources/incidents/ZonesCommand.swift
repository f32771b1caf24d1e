import ArgumentParser
import Foundation
import IncidentMapper

struct ZonesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zones",
        abstract: "List the reference layers (FIRs, land, maritime zones) with their provenance.",
        discussion: """
            Each layer ships with its sources, licence, method and version; --provenance
            prints the notes written next to each layer in GeoData/. The first lines say
            which region the layers cover and how well their lines are known.

            Examples:
              incidents zones
              incidents zones --json
              incidents zones --provenance fir
            """)

    @Flag(help: "Print a JSON array.") var json = false

    @Option(help: ArgumentHelp("Print the provenance notes of one layer (fir, land or maritime).", valueName: "layer"))
    var provenance: String?

    func validate() throws {
        // The same mistake gives the same exit code in every verb: an unknown layer is a usage
        // error (64), as in `export --layers`.
        if let provenance, !ReferenceLayerCatalog.layerNames.contains(provenance) {
            throw ValidationError("Unknown layer '\(provenance)': choose from \(ReferenceLayerCatalog.layerNames.joined(separator: ", ")).")
        }
    }

    func run() throws {
        try reportingErrors {
            if let provenance {
                let notes = ReferenceLayerCatalog.provenance(of: provenance)
                guard !notes.isEmpty else {
                    throw InputError(field: "--provenance", message: "no notes for layer \"\(provenance)\" (layers: \(ReferenceLayerCatalog.layerNames.joined(separator: ", ")))")
                }
                for note in notes { print("## \(note.name)\n\n\(note.text)") }
                return
            }
            var rows: [JSONValue] = []
            for layer in ReferenceLayerCatalog.layerNames {
                guard let features = try? ReferenceLayerCatalog.features(of: layer) else { continue }
                for feature in features {
                    var properties = feature.properties ?? JSONObject()
                    properties["layer"] = .string(layer)
                    rows.append(.object(properties))
                }
            }
            if json {
                print(JSONWriter(pretty: true).string(.array(rows)))
                return
            }
            let geography = try ReferenceGeography.load()
            let c = geography.coverage
            print("covered region: \(c.theatre.text) (zones are given only here); land data to \(c.landFrame.text)")
            print("accuracy: coastline \(Int(c.coastlineAccuracyMeters)) m, land borders \(Int(c.landBorderAccuracyMeters)) m, FIR lines per FIR (accuracy_sea_m, accuracy_land_m)")
            print("layers: \(geography.dataVersion)")
            print("")
            for row in rows {
                let get = { (key: String) in row[key]?.stringValue ?? "" }
                let id = [get("id"), get("state"), get("zone")].filter { !$0.isEmpty }.joined(separator: " ")
                print("\(get("layer").padding(toLength: 9, withPad: " ", startingAt: 0)) \(id.padding(toLength: 22, withPad: " ", startingAt: 0)) \(get("name").padding(toLength: 28, withPad: " ", startingAt: 0)) v\(get("version"))  \(get("source"))")
            }
        }
    }
}
