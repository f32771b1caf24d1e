import Foundation

/// The reference layers as a map draws them: the FIRs, land, the derived maritime zones and
/// Venezuela's coast, simplified for display. Every answer the tool gives comes from the full
/// layers; these are only pictures of them, and the map says so.
public struct MapLayers: Sendable {
    /// The default drawing tolerance: no vertex moves by more than 0.005° (about 550 m at the
    /// equator), well under a pixel below zoom 8 and a tenth of the 12 nm line's width in metres
    /// at zoom 6.
    public static let defaultToleranceDegrees = 0.005

    /// The zone kinds drawn, outer limits in order: 12 nm, 24 nm and 200 nm.
    public static let zoneKinds = ["territorial-sea", "contiguous-zone", "eez"]

    /// Flight information regions, with `id` (ICAO code) and `name`.
    public var firs: [GeoJSONFeature]
    /// Land areas, with `id` (ISO 3166-1 alpha-3) and `name`.
    public var land: [GeoJSONFeature]
    /// The derived territorial seas, contiguous zones and EEZs (`kind`, `state`, `name`), and
    /// the internal waters (`kind` `internal-waters`).
    public var zones: [GeoJSONFeature]
    /// Venezuela's coast, the line its distances are measured from (land borders and the data's
    /// clip frame left out), as merged lines.
    public var venezuelaCoast: [GeoJSONFeature]
    /// The tolerance the layers were simplified with, in degrees.
    public var toleranceDegrees: Double
    /// The reference layers' version (the newest `version` among them).
    public var version: String

    /// Reads `source` (the current layers by default) and simplifies each layer for drawing.
    /// - Throws: ``ReferenceDataError`` for a missing layer, ``GeometryError`` from GEOS.
    public static func load(from source: ReferenceLayerSource? = nil,
                            toleranceDegrees tolerance: Double = defaultToleranceDegrees) throws -> MapLayers {
        let source = try source ?? ReferenceLayerSource.current()
        let context = try GEOSContext()
        var versions: [String] = []
        func simplified(_ features: [GeoJSONFeature], keeping keys: [String],
                        where include: (JSONObject) -> Bool = { _ in true }) throws -> [GeoJSONFeature] {
            try features.compactMap { feature in
                guard let geometry = feature.geometry, let properties = feature.properties, include(properties) else { return nil }
                if let version = properties["version"]?.stringValue { versions.append(version) }
                let drawn = try GEOSGeometry(geometry, in: context).simplifiedPreservingTopology(tolerance: tolerance).value()
                var kept = JSONObject()
                for key in keys { if let value = properties[key] { kept[key] = value } }
                return GeoJSONFeature(geometry: drawn, properties: kept)
            }
        }
        let firs = try simplified(try source.firFiles.flatMap { try GeoJSONReader.read(try Data(contentsOf: $0)).features },
                                  keeping: ["id", "name"])
        guard let landFile = source.landFile else { throw ReferenceDataError.missingLayer("land") }
        let landFeatures = try GeoJSONReader.read(try Data(contentsOf: landFile)).features
        let land = try simplified(landFeatures, keeping: ["id", "name"])
        var zoneFeatures: [GeoJSONFeature] = []
        for url in [source.internalWatersFile, source.maritimeFile].compactMap({ $0 }) {
            zoneFeatures += try GeoJSONReader.read(try Data(contentsOf: url)).features
        }
        let zones = try simplified(zoneFeatures, keeping: ["kind", "state", "name"]) { properties in
            guard let kind = properties["kind"]?.stringValue else { return false }
            return zoneKinds.contains(kind) || kind == "internal-waters"
        }
        let coast = try venezuelanCoast(land: try LandLayer.load(from: landFile).areas,
                                        frame: try source.coverageFile.map { try Coverage.read(from: $0).landFrame },
                                        tolerance: tolerance, context: context)
        return MapLayers(firs: firs, land: land, zones: zones, venezuelaCoast: coast, toleranceDegrees: tolerance,
                         version: versions.max() ?? "unknown")
    }

    /// Venezuela's coast edges (as ``Coastline`` sorts them) joined into lines and simplified.
    private static func venezuelanCoast(land: [LandArea], frame: Coverage.Box?, tolerance: Double,
                                        context: GEOSContext) throws -> [GeoJSONFeature] {
        let coast = Coastline.segments(of: land, frame: frame).filter { land[Int($0.tag)].state == ReferenceGeography.venezuela }
        guard !coast.isEmpty else { return [] }
        let edges = Geometry.multiLineString(coast.map { [$0.start, $0.end] })
        let merged = try GEOSGeometry(edges, in: context).lineMerged()
        let drawn = try merged.simplifiedPreservingTopology(tolerance: tolerance).value()
        return [GeoJSONFeature(geometry: drawn, properties: JSONObject([
            ("id", .string("VEN-coast")), ("name", .string("Venezuela's coast (distances are measured from it)")),
        ]))]
    }

    /// The layers as one JSON object (`firs`, `land`, `zones`, `venezuela_coast`: each a
    /// FeatureCollection; `tolerance_degrees`, `version`), coordinates to 4 decimals (~11 m,
    /// finer than the simplification).
    public func json() -> JSONValue {
        func collection(_ features: [GeoJSONFeature]) -> JSONValue {
            GeoJSONWriter.featureCollection(features, decimals: 4)
        }
        return .object(JSONObject([
            ("firs", collection(firs)), ("land", collection(land)), ("zones", collection(zones)),
            ("venezuela_coast", collection(venezuelaCoast)),
            ("tolerance_degrees", .number(toleranceDegrees)), ("version", .string(version)),
        ]))
    }
}
