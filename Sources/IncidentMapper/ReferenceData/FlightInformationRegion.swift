import Foundation

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
    /// How far its lines at sea may be from the published ones, metres.
    public var seaLineAccuracyMeters: Double
    /// How far its lines over land may be from the real border, metres.
    public var landLineAccuracyMeters: Double

    public init(id: String, name: String, geometry: Geometry, version: String,
                seaLineAccuracyMeters: Double = 100, landLineAccuracyMeters: Double = 5_000) {
        self.id = id
        self.name = name
        self.geometry = geometry
        self.version = version
        self.seaLineAccuracyMeters = seaLineAccuracyMeters
        self.landLineAccuracyMeters = landLineAccuracyMeters
    }

    /// A FIR's identity without its geometry.
    public struct Summary: Hashable, Sendable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public var summary: Summary { Summary(id: id, name: name) }
}

/// Errors loading the reference layers.
public enum ReferenceDataError: Error, CustomStringConvertible {
    case missingLayer(String)
    case malformedLayer(String, String)
    /// The compiled form of the layers could not be built, written or read.
    case compiledLayers(String)

    public var description: String {
        switch self {
        case .missingLayer(let name): "reference layer \(name) is missing"
        case .malformedLayer(let name, let why): "reference layer \(name) is malformed: \(why)"
        case .compiledLayers(let why): "compiled reference layers: \(why)"
        }
    }
}

extension FlightInformationRegion {
    /// Loads the shipped FIR with ICAO id `icao`.
    /// - Throws: ``ReferenceDataError`` when it is not shipped or cannot be read.
    public static func load(_ icao: String, from source: ReferenceLayerSource? = nil) throws -> FlightInformationRegion {
        let source = try source ?? ReferenceLayerSource.shipped()
        guard let url = source.firFiles.first(where: { $0.deletingPathExtension().lastPathComponent == icao }) else {
            throw ReferenceDataError.missingLayer("fir/\(icao)")
        }
        return try load(from: url)
    }

    /// Loads every FIR of a folder of layers (the shipped ones by default).
    public static func loadAll(from source: ReferenceLayerSource? = nil) throws -> [FlightInformationRegion] {
        try (source ?? ReferenceLayerSource.shipped()).firFiles.map(load(from:))
    }

    /// Reads one FIR file: a FeatureCollection with one Feature (`id`, `name`, `version`,
    /// optional `accuracy_sea_m` and `accuracy_land_m`).
    public static func load(from url: URL) throws -> FlightInformationRegion {
        let name = url.lastPathComponent
        let document = try GeoJSONReader.read(try Data(contentsOf: url))
        guard case .featureCollection(let features) = document, let feature = features.first,
              let geometry = feature.geometry, let properties = feature.properties,
              let id = properties["id"]?.stringValue, let title = properties["name"]?.stringValue
        else { throw ReferenceDataError.malformedLayer(name, "expected one Feature with id and name") }
        return FlightInformationRegion(id: id, name: title, geometry: geometry,
                                       version: properties["version"]?.stringValue ?? "unknown",
                                       seaLineAccuracyMeters: properties["accuracy_sea_m"]?.doubleValue ?? 100,
                                       landLineAccuracyMeters: properties["accuracy_land_m"]?.doubleValue ?? 5_000)
    }
}
