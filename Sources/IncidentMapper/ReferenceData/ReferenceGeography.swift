import Foundation

/// The reference layers, compiled and ready to be shared between threads: FIRs, land and
/// internal waters as ``TiledPolygon``s, coastlines, land borders and FIR lines in geodesic
/// nearest-segment indexes, the derived maritime zones, the caveats and the coverage.
///
/// Loading maps a compiled file into memory (``LayerCache``): it is built once from the GeoJSON
/// layers, checked against their content hash, and rebuilt when they change; afterwards opening
/// it costs about a millisecond, and only the pages a query touches are read.
///
/// ```swift
/// let geography = try ReferenceGeography.load()
/// let classifier = try PositionClassifier(geography)
/// ```
public struct ReferenceGeography: Sendable {
    /// A FIR as the classifier needs it: identity, accuracy and its tiled polygon.
    public struct FIR: Sendable {
        public var summary: FlightInformationRegion.Summary
        public var version: String
        public var seaLineAccuracyMeters: Double
        public var landLineAccuracyMeters: Double
        public var tiles: TiledPolygon
        /// The whole polygon as WKB (for overlays), in the compiled file.
        var wkb: UnsafeRawBufferPointer { tiles.wholeWKB }
    }

    /// An area of land or internal waters with its state.
    public struct Area: Sendable {
        /// ISO 3166-1 alpha-3.
        public var state: String
        public var name: String
        public var tiles: TiledPolygon
        /// The whole polygon as WKB (for overlays), in the compiled file.
        var wkb: UnsafeRawBufferPointer { tiles.wholeWKB }
    }

    /// One derived maritime zone of one state (a display polygon, used for area shares).
    /// `@unchecked Sendable`: `wkb` points into the immutable ``storage``.
    struct MaritimeZone: @unchecked Sendable {
        var state: String
        var kind: SurfaceKind
        var envelope: Envelope
        /// WKB, in the compiled file.
        var wkb: UnsafeRawBufferPointer
    }

    /// A caveat and where it applies (`GeoData/caveats/caveats.geojson`).
    public struct Caveat: Sendable {
        public var id: String
        public var text: String
        /// The surface kinds it applies to (nil: any).
        public var kinds: Set<SurfaceKind>?
        /// The states it applies to (nil: any).
        public var states: Set<String>?
        /// Only this close to Venezuela's coast, nautical miles.
        public var venezuelaCoastWithinNauticalMiles: Double?
        /// Only inside this region.
        public var region: TiledPolygon?
    }

    public let firs: [FIR]
    /// FIR indexes, smallest envelope first (a nested FIR wins over the one around it).
    let firOrder: [Int]
    public let land: [Area]
    public let internalWaters: [Area]
    let maritimeZones: [MaritimeZone]
    public let caveats: [Caveat]
    public let coverage: Coverage
    /// Venezuela's coast, without its land borders (tag: index into `land`).
    let venezuelaCoast: GeodesicSegmentIndex
    /// Every other state's coast, without land borders (tag: index into `land`).
    let otherCoasts: GeodesicSegmentIndex
    /// Land borders between states (tag: index into `land`; each border appears once per side).
    let landBorders: GeodesicSegmentIndex
    /// Each FIR's boundary (tag: index into `firs`).
    let firLines: GeodesicSegmentIndex
    /// The layers' versions, for people (`fir 2026-11-30; land ...; layers 1a2b3c4d5e6f`).
    public let dataVersion: String
    /// SHA-256 of the layer files: what stored contexts compare with to know they are stale.
    public let layersVersion: String
    /// The bytes everything above reads from.
    let storage: LayerStorage

    /// The state whose coasts answer the `venezuela_coast` questions.
    public static let venezuela = "VEN"

    /// True when a land layer is present (and so coasts and maritime zones).
    public var hasLand: Bool { !land.isEmpty }

    /// The compiled layers of `source` (the shipped ones, or `INCIDENTS_GEODATA`'s, by default),
    /// from the cache, building it first when missing or out of date.
    /// - Throws: ``ReferenceDataError`` when a layer is missing or malformed, or the compiled
    ///   file cannot be read.
    public static func load(from source: ReferenceLayerSource? = nil) throws -> ReferenceGeography {
        let source = try source ?? ReferenceLayerSource.current()
        return try CompiledLayers.open(LayerCache.storage(for: source))
    }

    init(firs: [FIR], land: [Area], internalWaters: [Area], maritimeZones: [MaritimeZone], caveats: [Caveat],
         coverage: Coverage, venezuelaCoast: GeodesicSegmentIndex, otherCoasts: GeodesicSegmentIndex,
         landBorders: GeodesicSegmentIndex, firLines: GeodesicSegmentIndex, dataVersion: String,
         layersVersion: String, storage: LayerStorage) {
        self.firs = firs
        self.land = land
        self.internalWaters = internalWaters
        self.maritimeZones = maritimeZones
        self.caveats = caveats
        self.coverage = coverage
        self.venezuelaCoast = venezuelaCoast
        self.otherCoasts = otherCoasts
        self.landBorders = landBorders
        self.firLines = firLines
        self.dataVersion = dataVersion
        self.layersVersion = layersVersion
        self.storage = storage
        firOrder = firs.indices.sorted {
            let a = firs[$0].tiles.envelope, b = firs[$1].tiles.envelope
            return (a.maxLongitude - a.minLongitude) * (a.maxLatitude - a.minLatitude)
                < (b.maxLongitude - b.minLongitude) * (b.maxLatitude - b.minLatitude)
        }
    }
}
