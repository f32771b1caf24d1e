import Foundation

/// The reference layers, loaded and indexed once, ready to be shared between threads: FIRs and
/// land with their GEOS-classified grids, and the coastlines in geodesic nearest-segment indexes.
public struct ReferenceGeography: Sendable {
    public let firs: [FlightInformationRegion]
    let firGrids: [PolygonGrid]
    /// Each FIR's boundary, tagged with the FIR's index, for "how near the FIR line is it".
    let firBoundaries: GeodesicSegmentIndex
    public let land: [LandArea]
    let landGrids: [PolygonGrid]
    /// Areas of internal waters (e.g. Lake Maracaibo), each with its state.
    public let internalWaters: [LandArea]
    let internalWaterGrids: [PolygonGrid]
    /// Venezuela's coast, without its land borders (tag: index into `land`).
    let venezuelaCoast: GeodesicSegmentIndex
    /// Every other state's coast, without land borders (tag: index into `land`).
    let otherCoasts: GeodesicSegmentIndex
    public let dataVersion: String

    /// The state whose coasts answer the `venezuela_coast` questions.
    public static let venezuela = "VEN"

    /// Loads and indexes every shipped layer. Without a land layer in the package, only the
    /// FIR answers are available (``hasLand`` is false) and surfaces are reported as unknown.
    public static func load() throws -> ReferenceGeography {
        let firs = try FlightInformationRegion.loadAll()
        let land = ReferenceLayerFilesProbe.hasLand ? try LandLayer.load() : nil
        let waters = ReferenceLayerFilesProbe.hasInternalWaters ? try LandLayer.load(internalWaters: true) : nil
        var version = "fir \(Set(firs.map(\.version)).sorted().joined(separator: ", "))"
        if let land { version += "; land \(land.version)" }
        return try ReferenceGeography(firs: firs, land: land?.areas ?? [], internalWaters: waters?.areas ?? [],
                                      dataVersion: version)
    }

    /// True when the land layer (and so coasts and maritime zones) is available.
    public var hasLand: Bool { !land.isEmpty }

    public init(firs: [FlightInformationRegion], land: [LandArea], internalWaters: [LandArea], dataVersion: String) throws {
        self.firs = firs
        self.land = land
        self.internalWaters = internalWaters
        self.dataVersion = dataVersion
        firGrids = try firs.map { (fir) throws(GeometryError) in
            try PolygonGrid(polygon: fir.geometry, prepared: PreparedGeometry(fir.geometry), levels: 6)
        }
        landGrids = try land.map { (area) throws(GeometryError) in
            // Fine grids only where there are many vertices: a small island needs few cells.
            let vertices = area.geometry.positions.count
            let levels = vertices > 20_000 ? 8 : vertices > 2_000 ? 7 : vertices > 200 ? 5 : 3
            return try PolygonGrid(polygon: area.geometry, prepared: PreparedGeometry(area.geometry), levels: levels)
        }
        internalWaterGrids = try internalWaters.map { (area) throws(GeometryError) in
            try PolygonGrid(polygon: area.geometry, prepared: PreparedGeometry(area.geometry), levels: 6)
        }
        firBoundaries = GeodesicSegmentIndex(lines: firs.enumerated().flatMap { i, fir in
            Geometry.rings(of: fir.geometry).map { ($0, Int32(i)) }
        })
        // Coasts only: land borders and the layer's clip frame are not coast.
        let coast = Coastline.segments(of: land)
        venezuelaCoast = GeodesicSegmentIndex(segments: coast.filter { land[Int($0.tag)].state == Self.venezuela })
        otherCoasts = GeodesicSegmentIndex(segments: coast.filter { land[Int($0.tag)].state != Self.venezuela })
    }
}

extension Geometry {
    /// The rings of a polygon or multipolygon (empty for other types).
    static func rings(of geometry: Geometry) -> [[Position]] {
        switch geometry {
        case .polygon(let rings): rings
        case .multiPolygon(let polygons): polygons.flatMap { $0 }
        case .geometryCollection(let members): members.flatMap { rings(of: $0) }
        default: []
        }
    }
}
