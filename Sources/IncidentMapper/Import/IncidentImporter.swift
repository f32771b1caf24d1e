import Foundation

/// The rules of `import`: a GeoJSON document becomes incidents feature by feature, each checked
/// as the store will check it, the first bad one failing the whole import with its index and
/// field; ids must be new (in the file and in the store); contexts are computed for each.
///
/// ```swift
/// let document = try IncidentImporter.read(path: "reports.geojson")
/// let result = try IncidentImporter.incidents(from: document, contexts: IncidentContextComputer())
/// try IncidentImporter.checkNew(result.incidents, in: store)
/// try store.insert(contentsOf: result.incidents)
/// ```
public enum IncidentImporter {
    /// What an import would store, and what it noticed (e.g. ids replaced).
    public struct Result: Sendable {
        public var incidents: [Incident]
        public var notes: [String]
    }

    /// Reads a GeoJSON document from a file, or standard input for `-`.
    /// - Throws: ``BatchError/cannotRead(_:)`` when the file is missing, ``GeoJSONError`` when
    ///   it is not GeoJSON.
    public static func read(path: String) throws -> GeoJSONDocument {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let contents = FileManager.default.contents(atPath: path) else { throw BatchError.cannotRead(path) }
            data = contents
        }
        return try GeoJSONReader.read(data)
    }

    /// The incidents of `document`, each checked, with its context when `contexts` is given
    /// (a dry run may leave it out).
    /// - Throws: ``IncidentError`` whose field names the feature (`feature 2: time_start`).
    public static func incidents(from document: GeoJSONDocument, contexts: IncidentContextComputer?,
                                 now: Date = Date()) throws -> Result {
        let features: [GeoJSONFeature]
        switch document {
        case .geometry(let g): features = [GeoJSONFeature(geometry: g, properties: nil)]
        case .feature(let f): features = [f]
        case .featureCollection(let fs): features = fs
        }
        let now = Timestamp.truncatedToMilliseconds(now)
        var notes: [String] = []
        var result: [Incident] = []
        var seen = Set<UUID>()
        for (index, feature) in features.enumerated() {
            do {
                var incident = try IncidentFeature.incident(from: feature, index: index, now: now, notes: &notes)
                if incident.geometry?.isEmpty == true { incident.geometry = nil }   // empty = no position
                try incident.validateForStorage()
                guard seen.insert(incident.id).inserted else {
                    throw IncidentError.invalidField("id", "\(incident.id.uuidString.lowercased()) appears twice in the file")
                }
                if let contexts { incident.context = try contexts.context(for: incident.geometry) }
                result.append(incident)
            } catch let error as IncidentError {
                throw IncidentError.invalidField("feature \(index): \(error.field)", error.problem)
            }
        }
        return Result(incidents: result, notes: notes)
    }

    /// Checks that no incident's id is in the store already.
    /// - Throws: ``IncidentError`` naming the first feature whose id is taken.
    public static func checkNew(_ incidents: [Incident], in store: IncidentStore) throws {
        let taken = try store.existingIDs(incidents.map(\.id))
        if let index = incidents.firstIndex(where: { taken.contains($0.id) }) {
            throw IncidentError.invalidField("feature \(index): id",
                                             "\(incidents[index].id.uuidString.lowercased()) is in the store already")
        }
    }
}
