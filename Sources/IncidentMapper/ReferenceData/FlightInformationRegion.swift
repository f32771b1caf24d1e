import Foundation
import ReferenceLayers

/// A Flight Information Region: airspace in which an ICAO state provides flight information
/// and alerting services. Not sovereign airspace: that ends 12 nm from the coast.
public struct FlightInformationRegion: Hashable, Sendable {
    /// ICAO location indicator, e.g. `SVZM` (Maiquetía).
    public var id: String
    /// Name as published, e.g. `Maiquetía`.
    public var name: String
    /// The lateral limits, WGS84 lon/lat, great-circle edges already densified.
    public var geometry: Geometry
    /// The data set this limit comes from (see the `.md` beside the layer).
    public var version: String

    public init(id: String, name: String, geometry: Geometry, version: String) {
        self.id = id
        self.name = name
        self.geometry = geometry
        self.version = version
    }
}

/// Errors loading the shipped reference layers.
public enum ReferenceDataError: Error, CustomStringConvertible {
    case missingLayer(String)
    case malformedLayer(String, String)

    public var description: String {
        switch self {
        case .missingLayer(let name): "reference layer \(name) is not in the package's resources"
        case .malformedLayer(let name, let why): "reference layer \(name) is malformed: \(why)"
        }
    }
}

extension FlightInformationRegion {
    /// Loads the FIR with ICAO id `icao` from the package's `GeoData/fir` resources.
    /// - Throws: ``ReferenceDataError`` when it is not shipped or cannot be read.
    public static func load(_ icao: String) throws -> FlightInformationRegion {
        guard let url = ReferenceLayerFiles.fir(icao) else { throw ReferenceDataError.missingLayer("fir/\(icao)") }
        return try load(from: url)
    }

    /// Loads every FIR shipped in `GeoData/fir`.
    public static func loadAll() throws -> [FlightInformationRegion] {
        try ReferenceLayerFiles.firs.map(load(from:))
    }

    static func load(from url: URL) throws -> FlightInformationRegion {
        let name = url.lastPathComponent
        let document = try GeoJSONReader.read(try Data(contentsOf: url))
        guard case .featureCollection(let features) = document, let feature = features.first,
              let geometry = feature.geometry, let properties = feature.properties,
              let id = properties["id"]?.stringValue, let title = properties["name"]?.stringValue
        else { throw ReferenceDataError.malformedLayer(name, "expected one Feature with id and name") }
        return FlightInformationRegion(id: id, name: title, geometry: geometry,
                                       version: properties["version"]?.stringValue ?? "unknown")
    }
}
