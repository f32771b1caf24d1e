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

    func run() throws {
        try reportingErrors {
            let incidents = try storeOptions.openExisting().incidents(matching: try filterOptions.filter())
            let data = try IncidentExporter.featureCollection(incidents)
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
