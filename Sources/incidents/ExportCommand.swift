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
            memory stays flat however many incidents there are. Incidents come in the
            order they were stored (first logged or imported first), one Feature per
            line (--pretty indents them). --seq writes GeoJSON Text Sequences (RFC 8142)
            for tools that read one feature at a time.
            --format csv writes one row per incident (lat/lon and DMS for points, the
            geometry as WKT, sources and tags as JSON), kml a Google Earth file, gpkg a
            GeoPackage copy of the store with the --layers as extra tables; the format
            follows the -o file's extension unless given.

            Example:
              incidents export -o strikes.geojson --kind vessel-strike
              incidents export -o incidents.csv
              incidents export -o incidents.kml --since 2025-09-01
              incidents export -o share.gpkg --layers fir,maritime
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var filterOptions: FilterOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write.", valueName: "file"))
    var output: String?

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case geojson, csv, kml, gpkg
    }

    @Option(help: ArgumentHelp("geojson (default), csv (lat/lon, DMS and WKT columns), kml (Google Earth) or gpkg (a GeoPackage copy with the --layers as tables); by default from the -o file's extension.", valueName: "format"))
    var format: ExportFormat?

    @Option(help: ArgumentHelp("Export the incidents as they stood at this time (ISO 8601), from their history; no other filter applies.", valueName: "time"))
    var asOf: String?

    @Flag(help: "Write GeoJSON Text Sequences (RFC 8142: one Feature per record) instead of one FeatureCollection.")
    var seq = false

    @Flag(help: "Indent the GeoJSON, one member per line, for reading by eye (about 1.5 times the size).")
    var pretty = false

    @Option(help: ArgumentHelp("Also write these reference layers, comma-separated: fir, land, maritime (each feature has a \"layer\" property).", valueName: "layers"))
    var layers: String?

    func validate() throws {
        if asOf != nil && !filterOptions.isEmpty { throw ValidationError("--as-of exports every incident as it stood then; it takes no other filter.") }
        for name in layerNames where !ReferenceLayerCatalog.layerNames.contains(name) {
            throw ValidationError("Unknown layer '\(name)': choose from \(ReferenceLayerCatalog.layerNames.joined(separator: ", ")).")
        }
    }

    private var layerNames: [String] {
        (layers ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// The format asked for, or the one the output file's extension names.
    var chosenFormat: ExportFormat {
        if let format { return format }
        let ext = (output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() }) ?? ""
        return ExportFormat(rawValue: ext) ?? (ext == "json" ? .geojson : .geojson)
    }

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.openExisting()
            let filter = try filterOptions.filter()
            let format = chosenFormat
            if seq && format != .geojson { throw ValidationError("--seq is for GeoJSON output.") }
            if pretty && (format != .geojson || seq) { throw ValidationError("--pretty is for a GeoJSON FeatureCollection.") }
            if format == .gpkg {
                guard let output else { throw ValidationError("--format gpkg needs -o FILE.") }
                let count = try store.exportGeoPackage(to: output, matching: filter, referenceLayers: layerNames)
                printError("wrote \(count) incidents\(layerNames.isEmpty ? "" : " and the layers " + layerNames.joined(separator: ", ")) to \(output)")
                return
            }
            if format != .geojson && !layerNames.isEmpty { throw ValidationError("--layers goes with GeoJSON or GeoPackage output.") }
            let extra = try ReferenceLayerCatalog.taggedFeatures(of: layerNames)
            let out = try BatchOutput(path: output)
            let progress = Progress(totalBytes: nil, unit: "features")
            // The total is for the progress bar only: counting reads the whole table.
            let total = progress.enabled ? try store.count(matching: filter) : nil
            let asOfDate = try asOf.map { try Input.time($0, field: "--as-of", upperBound: true) }
            func each(_ body: (Incident) throws -> Void) throws {
                if let asOfDate {
                    try store.forEachIncident(asOf: asOfDate, body)
                } else {
                    try store.forEachIncident(matching: filter, order: .storage, body)
                }
            }
            do {
                var written = 0
                switch format {
                case .csv:
                    let writer = try IncidentCSVWriter(output: out)
                    try each { try writer.append($0); written += 1 }
                    try writer.finish()
                case .kml:
                    let writer = try KMLWriter(output: out)
                    try each { try writer.append($0); written += 1 }
                    try writer.finish()
                default:
                    let writer = FeatureStreamWriter(output: out, form: seq ? .textSequence : .featureCollection, pretty: pretty,
                                                     currentLayersVersion: IncidentText.currentLayersVersion())
                    if asOfDate != nil {
                        try each { incident in
                            try writer.append(incident)
                            written += 1
                            if written % 4096 == 0 { progress.update(written, total: total) }
                        }
                    } else {
                        // Rows go to the writer as bytes, formatted on every core while the next are read.
                        try store.forEachRowBatch(matching: filter, order: .storage, batchSize: 4_096) { batch in
                            try writer.append(rows: batch)
                            written += batch.count
                            progress.update(written, total: total)
                        }
                    }
                    for feature in extra { try writer.append(feature: feature) }
                    try writer.finish()
                }
                try out.finish()
                progress.finish(written)
                if let path = self.output { printError("wrote \(written) incidents to \(path)") }
            } catch {
                out.abandon()
                throw error
            }
        }
    }
}
