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
            is replaced atomically).

            Example:
              incidents export -o strikes.geojson --kind vessel-strike
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var filterOptions: FilterOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write.", valueName: "file"))
    var output: String?

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
            let incidents = try storeOptions.openExisting().incidents(matching: try filterOptions.filter())
            let extra = try ReferenceLayerCatalog.taggedFeatures(of: layerNames)
            let current = incidents.contains { $0.context != nil } ? IncidentText.currentLayersVersion() : nil
            let data = try IncidentExporter.featureCollection(incidents, extraFeatures: extra, currentLayersVersion: current)
            if let output {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
                printError("wrote \(incidents.count) incidents to \(output)")
            } else {
                FileHandle.standardOutput.write(data)
                FileHandle.standardOutput.write(Data("\n".utf8))
            }
        }
    }
}
