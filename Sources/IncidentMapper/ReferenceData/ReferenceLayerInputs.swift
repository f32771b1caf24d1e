import Foundation

/// The reference layers as values, before they are compiled: read from a folder of GeoJSON
/// (``read(from:)``), or made in code (tests with synthetic coasts and FIRs).
///
/// ```swift
/// let inputs = ReferenceLayerInputs(firs: [fir], land: LandLayer(areas: [island], version: "test"),
///                                   coverage: .init(...))
/// let geography = try ReferenceGeography.compile(inputs)
/// ```
public struct ReferenceLayerInputs: Sendable {
    /// One derived maritime zone of one state (a display polygon).
    public struct MaritimeZone: Sendable {
        public var state: String
        public var kind: SurfaceKind
        public var geometry: Geometry

        public init(state: String, kind: SurfaceKind, geometry: Geometry) {
            self.state = state
            self.kind = kind
            self.geometry = geometry
        }
    }

    /// A caveat rule (see `GeoData/caveats/caveats.md`).
    public struct Caveat: Sendable {
        public var id: String
        public var text: String
        public var kinds: [SurfaceKind]?
        public var states: [String]?
        public var venezuelaCoastWithinNauticalMiles: Double?
        public var region: Geometry?

        public init(id: String, text: String, kinds: [SurfaceKind]? = nil, states: [String]? = nil,
                    venezuelaCoastWithinNauticalMiles: Double? = nil, region: Geometry? = nil) {
            self.id = id
            self.text = text
            self.kinds = kinds
            self.states = states
            self.venezuelaCoastWithinNauticalMiles = venezuelaCoastWithinNauticalMiles
            self.region = region
        }
    }

    public var firs: [FlightInformationRegion]
    public var land: LandLayer?
    public var internalWaters: LandLayer?
    public var maritimeZones: [MaritimeZone]
    public var maritimeVersion: String?
    public var caveats: [Caveat]
    public var caveatsVersion: String?
    public var coverage: Coverage

    public init(firs: [FlightInformationRegion], land: LandLayer? = nil, internalWaters: LandLayer? = nil,
                maritimeZones: [MaritimeZone] = [], maritimeVersion: String? = nil,
                caveats: [Caveat] = [], caveatsVersion: String? = nil, coverage: Coverage) {
        self.firs = firs
        self.land = land
        self.internalWaters = internalWaters
        self.maritimeZones = maritimeZones
        self.maritimeVersion = maritimeVersion
        self.caveats = caveats
        self.caveatsVersion = caveatsVersion
        self.coverage = coverage
    }

    /// Reads every layer of a folder shaped like `GeoData/`.
    /// - Throws: ``ReferenceDataError`` when a layer is missing or malformed.
    public static func read(from source: ReferenceLayerSource) throws -> ReferenceLayerInputs {
        guard let coverageFile = source.coverageFile else { throw ReferenceDataError.missingLayer("coverage.json") }
        var inputs = ReferenceLayerInputs(
            firs: try source.firFiles.map(FlightInformationRegion.load(from:)),
            land: try source.landFile.map(LandLayer.load(from:)),
            internalWaters: try source.internalWatersFile.map(LandLayer.load(from:)),
            coverage: try Coverage.read(from: coverageFile))
        if let url = source.maritimeFile {
            for feature in try GeoJSONReader.read(try Data(contentsOf: url)).features {
                guard let geometry = feature.geometry, let p = feature.properties, let state = p["state"]?.stringValue,
                      let kind = (p["zone"] ?? p["kind"])?.stringValue.flatMap(SurfaceKind.init(rawValue:)) else {
                    throw ReferenceDataError.malformedLayer("maritime", "every feature needs a geometry, a state and a zone")
                }
                inputs.maritimeVersion = p["version"]?.stringValue ?? inputs.maritimeVersion
                inputs.maritimeZones.append(MaritimeZone(state: state, kind: kind, geometry: geometry))
            }
        }
        if let url = source.caveatsFile {
            for feature in try GeoJSONReader.read(try Data(contentsOf: url)).features {
                guard let p = feature.properties, let id = p["id"]?.stringValue, let text = p["text"]?.stringValue else {
                    throw ReferenceDataError.malformedLayer("caveats", "every feature needs an id and a text")
                }
                inputs.caveatsVersion = p["version"]?.stringValue ?? inputs.caveatsVersion
                var kinds: [SurfaceKind]?
                if let names = p["kinds"]?.arrayValue {
                    kinds = try names.map { name in
                        guard let kind = name.stringValue.flatMap(SurfaceKind.init(rawValue:)) else {
                            throw ReferenceDataError.malformedLayer("caveats", "\(id): unknown surface kind \(JSONWriter().string(name))")
                        }
                        return kind
                    }
                }
                inputs.caveats.append(Caveat(id: id, text: text, kinds: kinds, states: p["states"]?.arrayValue?.compactMap(\.stringValue),
                                             venezuelaCoastWithinNauticalMiles: p["venezuela_coast_within_nm"]?.doubleValue,
                                             region: feature.geometry))
            }
        }
        return inputs
    }
}

extension ReferenceGeography {
    /// Compiles layers made in code, in memory (no cache): for synthetic layers in tests.
    /// - Throws: ``ReferenceDataError`` or ``GeometryError`` when a layer cannot be compiled.
    public static func compile(_ inputs: ReferenceLayerInputs, version: String = "in-memory") throws -> ReferenceGeography {
        try CompiledLayers.open(LayerStorage(copying: CompiledLayers.build(inputs, contentHash: version)))
    }
}
