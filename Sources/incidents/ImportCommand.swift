import ArgumentParser
import Foundation
import IncidentMapper

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import incidents from a GeoJSON Feature or FeatureCollection (all or nothing).",
        discussion: """
            The file must be valid RFC 7946 GeoJSON with positions in WGS84 range and
            valid geometries; properties named as in 'export' become incident fields
            (missing ones get defaults: kind other, confidence reported). Any error
            names the feature's index and the reason, and nothing is written. --dry-run
            checks without writing. '-' reads stdin.

            Example:
              incidents import reports.geojson --dry-run
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The GeoJSON file ('-' for standard input).", valueName: "file"))
    var file: String

    @Flag(help: "Check the file and report what would be imported; write nothing.")
    var dryRun = false

    func run() throws {
        try reportingErrors {
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
                    throw MissingFile(path: file, reason: "no such file")
                }
                guard !isDirectory.boolValue else { throw MissingFile(path: file, reason: "is a directory") }
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            }
            let document = try GeoJSONReader.read(data)
            var notes: [String] = []
            // A dry run checks the data; the context (FIR, zone, distance) is computed on the real import.
            let incidents = try IncidentImport.incidents(from: document, withContext: !dryRun, notes: &notes)
            for note in notes { printError("note: \(note)") }
            // Ids the store holds already are bad input too, found before anything is written.
            let store = dryRun ? try? storeOptions.openExisting() : try storeOptions.open()
            if let store {
                let taken = try store.existingIDs(incidents.map(\.id))
                if let index = incidents.firstIndex(where: { taken.contains($0.id) }) {
                    throw InputError(field: "feature \(index): id",
                                     message: "\(incidents[index].id.uuidString.lowercased()) is in the store already")
                }
            }
            if dryRun {
                print("would import \(incidents.count) incidents (dry run, nothing written)")
                return
            }
            try (store ?? storeOptions.open()).insert(contentsOf: incidents)
            print("imported \(incidents.count) incidents")
        }
    }
}

/// Turning a GeoJSON document into incidents, feature by feature, failing on the first bad one.
enum IncidentImport {
    static func incidents(from document: GeoJSONDocument, withContext: Bool, notes: inout [String]) throws -> [Incident] {
        let features: [GeoJSONFeature]
        switch document {
        case .geometry(let g): features = [GeoJSONFeature(geometry: g, properties: nil)]
        case .feature(let f): features = [f]
        case .featureCollection(let fs): features = fs
        }
        let now = Timestamp.truncatedToMilliseconds(Date())
        let contexts = IncidentContexts()
        var result: [Incident] = []
        var seen = Set<UUID>()
        for (index, feature) in features.enumerated() {
            do {
                if let g = feature.geometry, !g.isEmpty { try Input.checkGeometry(g, field: "geometry") }
                var incident = try IncidentFeature.incident(from: feature, index: index, now: now, notes: &notes)
                if incident.geometry?.isEmpty == true { incident.geometry = nil }   // empty = no position
                if withContext { incident.context = try contexts.context(for: incident.geometry) }
                guard seen.insert(incident.id).inserted else {
                    throw InputError(field: "id", message: "\(incident.id.uuidString.lowercased()) appears twice in the file")
                }
                result.append(incident)
            } catch let error as InputError {
                throw InputError(field: "feature \(index): \(error.field)", message: error.message)
            } catch let error as IncidentError {
                throw InputError(field: "feature \(index): \(error.field)", message: error.problem)
            }
        }
        return result
    }
}
