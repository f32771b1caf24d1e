import Foundation

/// A strict GeoJSON (RFC 7946) reader: every MUST of the RFC is enforced, with a reason and a JSON path.
///
/// Rejected: text that is not JSON or has duplicate member names (I-JSON); a root that is not an object
/// with a case-sensitive GeoJSON `type`; Features without `geometry` or `properties` members (`null` is
/// fine), `id`s that are not a string or number; FeatureCollections without a `features` array of
/// Features; geometries without `coordinates` (`geometries` for a GeometryCollection), positions with
/// fewer than two numbers, coordinate arrays nested too deep or too shallow, LineStrings with one
/// position, linear rings that are open or have fewer than four positions; bboxes that are not 2*n
/// numbers; members that change an object's meaning (§7.1: `coordinates` on a Feature, `geometry` on a
/// FeatureCollection, `features` on a geometry, ...); positions outside WGS84 longitude/latitude range.
///
/// Accepted (SHOULD-level only): rings in either winding order (kept as given; ``GeoJSONWriter``
/// orients them), nested or single-part GeometryCollections, any number of decimals, 3D and
/// antimeridian bboxes, foreign members (ignored), positions with more than three numbers (extra values
/// ignored). An empty `coordinates` array is an empty geometry; an empty Point reads as an empty
/// MultiPoint, since ``Geometry/point(_:)`` always holds a position.
///
/// ```swift
/// switch try GeoJSONReader.read(data) {
/// case .featureCollection(let features): ...
/// case .feature(let feature): ...
/// case .geometry(let geometry): ...
/// }
/// ```
public enum GeoJSONReader {
    /// The seven geometry type names.
    static let geometryTypes: Set<String> = [
        "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
    ]
    /// The nine GeoJSON type names.
    static let allTypes: Set<String> = geometryTypes.union(["Feature", "FeatureCollection"])

    /// Reads a GeoJSON text (UTF-8).
    public static func read(_ data: Data) throws(GeoJSONError) -> GeoJSONDocument {
        try read(bytes: [UInt8](data))
    }

    /// Reads a GeoJSON text (UTF-8 bytes).
    public static func read(bytes: [UInt8]) throws(GeoJSONError) -> GeoJSONDocument {
        let value: JSONValue
        do {
            value = try JSONParser(rejectsDuplicateKeys: true).parse(bytes)
        } catch {
            throw jsonError(error)
        }
        return try read(json: value)
    }

    /// Reads a GeoJSON text.
    public static func read(_ text: String) throws(GeoJSONError) -> GeoJSONDocument {
        try read(bytes: Array(text.utf8))
    }

    /// Reads a GeoJSON document from an already parsed JSON value (duplicate member names can no longer
    /// be detected here: parse with ``JSONParser`` and its default `rejectsDuplicateKeys`).
    public static func read(json value: JSONValue) throws(GeoJSONError) -> GeoJSONDocument {
        let object = try requireObject(value, what: "a GeoJSON object", section: "2")
        switch try typeName(of: object, allowed: allTypes, expected: "a GeoJSON type") {
        case "Feature": return .feature(try readFeature(object))
        case "FeatureCollection": return .featureCollection(try readFeatureCollection(object))
        default: return .geometry(try readGeometry(value))
        }
    }

    /// Reads one Feature object.
    public static func readFeature(_ value: JSONValue) throws(GeoJSONError) -> GeoJSONFeature {
        let object = try requireObject(value, what: "a Feature object", section: "3.2")
        _ = try typeName(of: object, allowed: ["Feature"], expected: "Feature")
        return try readFeature(object)
    }

    // MARK: Feature and FeatureCollection

    static func readFeatureCollection(_ object: JSONObject) throws(GeoJSONError) -> [GeoJSONFeature] {
        try rejectMembers(["coordinates", "geometries", "geometry", "properties"], in: object, of: "a FeatureCollection")
        try checkBBox(in: object)
        guard let featuresValue = object["features"] else {
            throw GeoJSONError(.missingMember, "FeatureCollection has no \"features\" member", section: "3.3")
        }
        guard case .array(let elements) = featuresValue else {
            throw GeoJSONError(.invalidMember, "\"features\" must be an array, found \(featuresValue.kindName)",
                               section: "3.3", path: JSONPath([.key("features")]))
        }
        var features: [GeoJSONFeature] = []
        features.reserveCapacity(elements.count)
        for (i, element) in elements.enumerated() {
            do {
                features.append(try readFeature(element))
            } catch {
                var located = error.within(.index(i)).within(.key("features"))
                located.featureIndex = i
                throw located
            }
        }
        return features
    }

    static func readFeature(_ object: JSONObject) throws(GeoJSONError) -> GeoJSONFeature {
        try rejectMembers(["coordinates", "geometries", "features"], in: object, of: "a Feature")
        var feature = GeoJSONFeature(geometry: nil, properties: nil)
        if let id = object["id"] {
            switch id {
            case .string, .number: feature.id = id
            default:
                throw GeoJSONError(.invalidMember, "Feature \"id\" must be a string or a number, found \(id.kindName)",
                                   section: "3.2", path: JSONPath([.key("id")]))
            }
        }
        guard let geometry = object["geometry"] else {
            throw GeoJSONError(.missingMember, "Feature has no \"geometry\" member (use \"geometry\": null for none)",
                               section: "3.2")
        }
        if !geometry.isNull {
            do {
                feature.geometry = try readGeometry(geometry)
            } catch {
                throw error.within(.key("geometry"))
            }
        }
        guard let properties = object["properties"] else {
            throw GeoJSONError(.missingMember, "Feature has no \"properties\" member (use \"properties\": null for none)",
                               section: "3.2")
        }
        switch properties {
        case .null: break
        case .object(let members): feature.properties = members
        default:
            throw GeoJSONError(.invalidMember, "Feature \"properties\" must be an object or null, found \(properties.kindName)",
                               section: "3.2", path: JSONPath([.key("properties")]))
        }
        feature.bbox = try checkBBox(in: object)
        return feature
    }

    // MARK: Shared checks

    static func requireObject(_ value: JSONValue, what: String, section: String) throws(GeoJSONError) -> JSONObject {
        guard case .object(let object) = value else {
            throw GeoJSONError(.invalidType, "expected \(what), found \(value.kindName)", section: section)
        }
        return object
    }

    /// The `type` member, which must be a string in `allowed` (case-sensitive).
    static func typeName(of object: JSONObject, allowed: Set<String>, expected: String) throws(GeoJSONError) -> String {
        guard let typeValue = object["type"] else {
            throw GeoJSONError(.invalidType, "object has no \"type\" member", section: "3")
        }
        let path = JSONPath([.key("type")])
        guard case .string(let name) = typeValue else {
            throw GeoJSONError(.invalidType, "\"type\" must be a string, found \(typeValue.kindName)", section: "3", path: path)
        }
        guard allowed.contains(name) else {
            var message = "type \(JSONWriter.quoted(name)) is not allowed here, expected \(expected)"
            if !allTypes.contains(name) {
                message = "unknown type \(JSONWriter.quoted(name)), expected \(expected)"
                if let match = allTypes.first(where: { $0.lowercased() == name.lowercased() }) {
                    message += " (type names are case-sensitive: \(match))"
                }
            }
            throw GeoJSONError(.invalidType, message, section: "1.4", path: path)
        }
        return name
    }

    /// Rejects members that would change the meaning of the object (RFC 7946 §7.1).
    static func rejectMembers(_ names: [String], in object: JSONObject, of what: String) throws(GeoJSONError) {
        for name in names where object.contains(key: name) {
            throw GeoJSONError(.changedSemantics, "\(what) must not have a \(JSONWriter.quoted(name)) member",
                               section: "7.1", path: JSONPath([.key(name)]))
        }
    }

    /// Validates the `bbox` member when present: an array of 2*n numbers, n >= 2. Returns its values.
    @discardableResult
    static func checkBBox(in object: JSONObject) throws(GeoJSONError) -> [Double]? {
        guard let value = object["bbox"] else { return nil }
        let path = JSONPath([.key("bbox")])
        guard case .array(let elements) = value else {
            throw GeoJSONError(.invalidBBox, "\"bbox\" must be an array of numbers, found \(value.kindName)", section: "5", path: path)
        }
        var numbers: [Double] = []
        for (i, element) in elements.enumerated() {
            guard case .number(let x) = element else {
                throw GeoJSONError(.invalidBBox, "\"bbox\" values must be numbers, found \(element.kindName)",
                                   section: "5", path: path.appending(.index(i)))
            }
            numbers.append(x)
        }
        guard numbers.count >= 4, numbers.count % 2 == 0 else {
            throw GeoJSONError(.invalidBBox, "\"bbox\" has \(numbers.count) values; it needs 2*n values (n >= 2 dimensions)",
                               section: "5", path: path)
        }
        return numbers
    }

    static func jsonError(_ error: JSONParseError) -> GeoJSONError {
        let isDuplicate: Bool
        if case .duplicateKey = error.kind { isDuplicate = true } else { isDuplicate = false }
        var featureIndex: Int?
        if error.path.components.count >= 2, error.path.components[0] == .key("features"),
           case .index(let i) = error.path.components[1] {
            featureIndex = i
        }
        let message = isDuplicate
            ? "\(error.message) (I-JSON, RFC 7493 §2.3) at line \(error.line), column \(error.column)"
            : "not valid JSON: \(error.message) at line \(error.line), column \(error.column)"
        return GeoJSONError(isDuplicate ? .duplicateMember : .invalidJSON, message, section: "2",
                            path: error.path, featureIndex: featureIndex, jsonError: error)
    }
}
