import Foundation

/// Writes geometries and features as RFC 7946 GeoJSON.
///
/// Output follows the producer rules of RFC 7946: positions longitude first; polygon rings follow the
/// right-hand rule (exterior counter-clockwise, holes clockwise, by the sign of the shoelace area in
/// longitude/latitude, computed after rounding; degenerate zero-area rings are left as they are); no
/// `crs` member; coordinates rounded to `decimals` places (half away from zero; nil keeps full
/// precision). Members are written in the order `type`, `id`, `geometry`, `properties`, `bbox`.
///
/// The writer does not check ranges: positions from ``GeoJSONReader`` are within WGS84 range, other
/// callers must keep them there.
///
/// ```swift
/// let value = GeoJSONWriter.featureCollection(features, decimals: 7)
/// let data = GeoJSONWriter.data(value, pretty: true)
/// ```
public enum GeoJSONWriter {
    /// Member names the writer owns, never copied from foreign members.
    static let reservedMembers: Set<String> = [
        "type", "features", "crs", "coordinates", "geometries", "geometry", "properties", "id",
    ]

    /// The Geometry object of `geometry`: rings oriented, coordinates rounded to `decimals` places.
    public static func geometryValue(_ geometry: Geometry, decimals: Int? = 7) -> JSONValue {
        let rounding = Rounding(decimals: decimals)
        var object = JSONObject()
        object["type"] = .string(geometry.typeName)
        switch geometry {
        case .geometryCollection(let members):
            object["geometries"] = .array(members.map { geometryValue($0, decimals: decimals) })
        default:
            object["coordinates"] = coordinatesValue(geometry, rounding: rounding)
        }
        return .object(object)
    }

    /// The Feature object of `feature`: `type`, `id` (when present), `geometry` (null when none),
    /// `properties` (null when none), `bbox` (when present, rounded outwards).
    public static func featureValue(_ feature: GeoJSONFeature, decimals: Int? = 7) -> JSONValue {
        var object = JSONObject()
        object["type"] = "Feature"
        if let id = feature.id { object["id"] = id }
        object["geometry"] = feature.geometry.map { geometryValue($0, decimals: decimals) } ?? .null
        object["properties"] = feature.properties.map(JSONValue.object) ?? .null
        if let bbox = feature.bbox, bbox.count >= 4, bbox.count % 2 == 0 {
            object["bbox"] = bboxValue(bbox, rounding: Rounding(decimals: decimals))
        }
        return .object(object)
    }

    /// A FeatureCollection object: `type`, then the foreign members (in their order, without the
    /// members GeoJSON defines: `type`, `features`, `crs`, `coordinates`, `geometries`, `geometry`,
    /// `properties`, `id`; a `bbox` is kept only when it is 2*n numbers), then `features`.
    public static func featureCollection(_ features: [GeoJSONFeature], decimals: Int? = 7,
                                         foreignMembers: JSONObject? = nil) -> JSONValue {
        var object = JSONObject()
        object["type"] = "FeatureCollection"
        for member in foreignMembers ?? [:] where !reservedMembers.contains(member.key) {
            if member.key == "bbox" {
                guard let values = member.value.arrayValue, values.count >= 4, values.count % 2 == 0,
                      values.allSatisfy({ $0.doubleValue != nil }) else { continue }
            }
            object[member.key] = member.value
        }
        object["features"] = .array(features.map { featureValue($0, decimals: decimals) })
        return .object(object)
    }

    /// The GeoJSON object of a whole document.
    public static func documentValue(_ document: GeoJSONDocument, decimals: Int? = 7) -> JSONValue {
        switch document {
        case .geometry(let g): geometryValue(g, decimals: decimals)
        case .feature(let f): featureValue(f, decimals: decimals)
        case .featureCollection(let fs): featureCollection(fs, decimals: decimals)
        }
    }

    /// The UTF-8 text of a value (compact, or pretty with two-space indentation and a final newline).
    public static func data(_ value: JSONValue, pretty: Bool) -> Data {
        JSONWriter(pretty: pretty).data(value)
    }

    // MARK: Coordinates

    static func coordinatesValue(_ geometry: Geometry, rounding: Rounding) -> JSONValue {
        switch geometry {
        case .point(let p):
            return positionValue(rounding.apply(p))
        case .multiPoint(let ps), .lineString(let ps):
            return .array(ps.map { positionValue(rounding.apply($0)) })
        case .multiLineString(let lines):
            return .array(lines.map { line in .array(line.map { positionValue(rounding.apply($0)) }) })
        case .polygon(let rings):
            return polygonValue(rings, rounding: rounding)
        case .multiPolygon(let polygons):
            return .array(polygons.map { polygonValue($0, rounding: rounding) })
        case .geometryCollection:
            return .array([])  // not reached: collections are written with "geometries"
        }
    }

    static func polygonValue(_ rings: [[Position]], rounding: Rounding) -> JSONValue {
        .array(rings.enumerated().map { index, ring in
            let rounded = ring.map(rounding.apply)
            let oriented = oriented(rounded, counterClockwise: index == 0)
            return .array(oriented.map(positionValue))
        })
    }

    /// The ring in the wanted orientation; a ring with zero area is returned unchanged.
    static func oriented(_ ring: [Position], counterClockwise: Bool) -> [Position] {
        let area = signedArea(ring)
        if area == 0 || (area > 0) == counterClockwise { return ring }
        return ring.reversed()
    }

    /// Twice the signed shoelace area in degrees² (positive = counter-clockwise). Only the sign is used:
    /// it is an orientation test, not an area on the ellipsoid.
    static func signedArea(_ ring: [Position]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        for k in 0..<(ring.count - 1) {
            sum += ring[k].longitude * ring[k + 1].latitude - ring[k + 1].longitude * ring[k].latitude
        }
        // Close the ring when the caller's ring is open (the reader's rings are always closed).
        if let first = ring.first, let last = ring.last, first != last {
            sum += last.longitude * first.latitude - first.longitude * last.latitude
        }
        return sum
    }

    static func positionValue(_ p: Position) -> JSONValue {
        if let altitude = p.altitude {
            return [.number(p.longitude), .number(p.latitude), .number(altitude)]
        }
        return [.number(p.longitude), .number(p.latitude)]
    }

    /// A bbox rounded outwards: the first half (minima) down, the second half (maxima) up.
    static func bboxValue(_ bbox: [Double], rounding: Rounding) -> JSONValue {
        let half = bbox.count / 2
        return .array(bbox.enumerated().map { i, x in
            .number(rounding.apply(x, rule: i < half ? .down : .up))
        })
    }

    /// Rounding to a number of decimal places.
    struct Rounding {
        let scale: Double?

        init(decimals: Int?) {
            if let decimals, decimals >= 0, decimals <= 15 {
                var s = 1.0
                for _ in 0..<decimals { s *= 10 }
                scale = s
            } else {
                scale = nil
            }
        }

        func apply(_ x: Double, rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Double {
            guard let scale, x.isFinite else { return x }
            let scaled = x * scale
            guard abs(scaled) < 9_007_199_254_740_992 else { return x }
            let result = scaled.rounded(rule) / scale
            return result == 0 ? 0 : result  // no -0
        }

        func apply(_ p: Position) -> Position {
            Position(longitude: apply(p.longitude), latitude: apply(p.latitude), altitude: p.altitude.map { apply($0) })
        }
    }
}
