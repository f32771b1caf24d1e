import ArgumentParser
import Foundation
import IncidentMapper

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write incidents as a GeoJSON FeatureCollection (RFC 7946) for QGIS, geojson.io or uMap.",
        discussion: """
            Longitude first, WGS84, no crs member, polygon exteriors counter-clockwise,
            coordinates rounded to 7 decimals (~1 cm), times in ISO 8601 UTC, every
            field as a property. Writes to standard output unless -o is given (the file
            is written under FILE.partial and moved into place when complete). Streams:
            memory stays flat however many incidents there are. --seq writes GeoJSON
            Text Sequences (RFC 8142) for tools that read one feature at a time.

            Example:
              incidents export -o strikes.geojson --kind vessel-strike
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var filterOptions: FilterOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write.", valueName: "file"))
    var output: String?

    @Flag(help: "Write GeoJSON Text Sequences (RFC 8142: one Feature per record) instead of one FeatureCollection.")
    var seq = false

    @Option(help: ArgumentHelp("Also write these reference layers, comma-separated: fir, land, maritime (each feature has a \"layer\" property).", valueName: "layers"))
    var layers: String?

    func validate() throws {
        for name in layerNames where !ReferenceLayerCatalog.layerNames.contains(name) {
            throw ValidationError("Unknown layer '\(name)': choose from \(ReferenceLayerCatalog.layerNames.joined(separator: ", ")).")
        }
    }

    private var layerNames: [String] {
        (layers ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.openExisting()
            let filter = try filterOptions.filter()
            let extra = try ReferenceLayerCatalog.taggedFeatures(of: layerNames)
            let output = try BatchOutput(path: output)
            let progress = Progress(totalBytes: nil, unit: "features")
            let total = try store.count(matching: filter)
            let writer = FeatureStreamWriter(output: output, form: seq ? .textSequence : .featureCollection,
                                             currentLayersVersion: total > 0 ? IncidentText.currentLayersVersion() : nil)
            do {
                try store.forEachIncident(matching: filter) { incident in
                    try writer.append(incident)
                    if writer.count % 4096 == 0 { progress.update(writer.count, total: total) }
                }
                let incidents = writer.count
                for feature in extra { try writer.append(feature: feature) }
                try writer.finish()
                try output.finish()
                progress.finish(incidents)
                if let path = self.output { printError("wrote \(incidents) incidents to \(path)") }
            } catch {
                output.abandon()
                throw error
            }
        }
    }
}
