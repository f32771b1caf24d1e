import Foundation

/// Writes incidents as an RFC 7946 FeatureCollection: longitude first, WGS84, no `crs`, rings
/// oriented (exterior counter-clockwise), coordinates rounded to 7 decimals (about 1 cm) unless
/// rounding would make a valid geometry invalid (a ring collapsing, two track points merging),
/// in which case that geometry keeps full precision.
public enum IncidentExporter {
    /// Decimal places kept in exported coordinates.
    public static let decimals = 7

    /// The FeatureCollection as JSON bytes; `extraFeatures` (e.g. reference layers) follow the incidents.
    public static func featureCollection(_ incidents: [Incident], extraFeatures: [GeoJSONFeature] = [],
                                         pretty: Bool = true, currentLayersVersion: String? = nil) throws(GeometryError) -> Data {
        var features: [JSONValue] = []
        features.reserveCapacity(incidents.count + extraFeatures.count)
        for incident in incidents {
            features.append(try featureValue(incident, currentLayersVersion: currentLayersVersion))
        }
        for feature in extraFeatures {
            features.append(GeoJSONWriter.featureValue(feature, decimals: try safeDecimals(for: feature.geometry)))
        }
        let collection: JSONValue = .object(["type": "FeatureCollection", "features": .array(features)])
        return GeoJSONWriter.data(collection, pretty: pretty)
    }

    /// One incident as a GeoJSON Feature value.
    public static func featureValue(_ incident: Incident, currentLayersVersion: String? = nil) throws(GeometryError) -> JSONValue {
        let feature = IncidentFeature.feature(incident, currentLayersVersion: currentLayersVersion)
        return GeoJSONWriter.featureValue(feature, decimals: try safeDecimals(for: incident.geometry))
    }

    /// The Feature of an incident found near a position, with its distance as a `distance_nm`
    /// property (nautical miles, 3 decimals): what `near --json` and the server's `near=` give.
    public static func featureValue(_ incident: Incident, distanceMeters: Double,
                                    currentLayersVersion: String? = nil) throws(GeometryError) -> JSONValue {
        guard case .object(var object) = try featureValue(incident, currentLayersVersion: currentLayersVersion),
              case .object(var properties)? = object["properties"] else { return .null }
        properties["distance_nm"] = .number((distanceMeters / 1852 * 1000).rounded() / 1000)
        object["properties"] = .object(properties)
        return .object(object)
    }

    /// 7 decimals, or nil (full precision) when rounding would break a valid geometry.
    static func safeDecimals(for geometry: Geometry?) throws(GeometryError) -> Int? {
        guard let geometry else { return decimals }
        if case .point = geometry { return decimals }
        let rounded = geometry.rounded(decimals: decimals)
        if rounded == geometry || rounded.keepsItsShape(validIfOriginalIs: geometry) { return decimals }
        return nil
    }
}

extension Geometry {
    /// True unless rounding broke something the original had: validity (GEOS), or distinct
    /// consecutive positions in a line (GEOS would refuse a two-point track collapsed to one).
    func keepsItsShape(validIfOriginalIs original: Geometry) -> Bool {
        let lines: [[Position]] = switch self {
        case .lineString(let ps): [ps]
        case .multiLineString(let ls): ls
        default: []
        }
        for line in lines where line.count >= 2 && Set(line.map { [$0.longitude, $0.latitude] }).count < 2 {
            return false
        }
        guard let roundedValidity = try? validity() else { return false }
        if roundedValidity.isValid { return true }
        return (try? original.validity().isValid) != true   // invalid before: rounding broke nothing
    }

    /// The geometry with every coordinate rounded to `decimals` places.
    func rounded(decimals: Int) -> Geometry {
        let scale = pow(10, Double(decimals))
        func round(_ v: Double) -> Double { (v * scale).rounded() / scale }
        return mapPositions { Position(longitude: round($0.longitude), latitude: round($0.latitude),
                                       altitude: $0.altitude.map(round)) }
    }
}
