/// Geometry objects and their coordinate arrays (RFC 7946 §3.1).
extension GeoJSONReader {
    /// Reads one Geometry object (any of the seven geometry types, GeometryCollections recursively).
    public static func readGeometry(_ value: JSONValue) throws(GeoJSONError) -> Geometry {
        let object = try requireObject(value, what: "a geometry object", section: "3.1")
        let type = try typeName(of: object, allowed: geometryTypes, expected: "a geometry type")
        try rejectMembers(["features", "geometry", "properties"], in: object, of: "a geometry")
        try checkBBox(in: object)

        if type == "GeometryCollection" {
            try rejectMembers(["coordinates"], in: object, of: "a GeometryCollection")
            guard let membersValue = object["geometries"] else {
                throw GeoJSONError(.missingMember, "GeometryCollection has no \"geometries\" member", section: "3.1.8")
            }
            guard case .array(let elements) = membersValue else {
                throw GeoJSONError(.invalidMember, "\"geometries\" must be an array, found \(membersValue.kindName)",
                                   section: "3.1.8", path: JSONPath([.key("geometries")]))
            }
            var members: [Geometry] = []
            members.reserveCapacity(elements.count)
            for (i, element) in elements.enumerated() {
                do {
                    members.append(try readGeometry(element))
                } catch {
                    throw error.within(.index(i)).within(.key("geometries"))
                }
            }
            return .geometryCollection(members)
        }

        try rejectMembers(["geometries"], in: object, of: "a \(type)")
        guard let coordinates = object["coordinates"] else {
            throw GeoJSONError(.missingMember, "\(type) has no \"coordinates\" member", section: "3.1")
        }
        do {
            return try readCoordinates(coordinates, type: type)
        } catch {
            throw error.within(.key("coordinates"))
        }
    }

    /// The geometry of `type` from its `coordinates` value; errors have paths relative to `coordinates`.
    static func readCoordinates(_ value: JSONValue, type: String) throws(GeoJSONError) -> Geometry {
        let section = Self.section(of: type)
        guard case .array(let elements) = value else {
            throw GeoJSONError(.invalidCoordinates, "\(type) \"coordinates\" must be an array, found \(value.kindName)",
                               section: section)
        }
        if elements.isEmpty {
            // An empty geometry (RFC 7946 §3.1). Geometry.point needs a position: an empty point is an
            // empty MultiPoint.
            switch type {
            case "Point", "MultiPoint": return .multiPoint([])
            case "LineString": return .lineString([])
            case "MultiLineString": return .multiLineString([])
            case "Polygon": return .polygon([])
            default: return .multiPolygon([])
            }
        }
        switch type {
        case "Point":
            return .point(try position(value, section: section))
        case "MultiPoint":
            return .multiPoint(try positions(elements, section: section))
        case "LineString":
            return .lineString(try lineString(elements, section: section))
        case "MultiLineString":
            return .multiLineString(try each(elements, section: section, what: "a LineString coordinate array") {
                (line) throws(GeoJSONError) in try lineString(line, section: section)
            })
        case "Polygon":
            return .polygon(try rings(elements, section: section))
        default:
            return .multiPolygon(try each(elements, section: section, what: "a Polygon coordinate array") {
                (polygon) throws(GeoJSONError) in
                guard !polygon.isEmpty else {
                    throw GeoJSONError(.invalidCoordinates, "a polygon of a MultiPolygon needs at least one linear ring",
                                       section: section)
                }
                return try rings(polygon, section: section)
            })
        }
    }

    static func section(of type: String) -> String {
        switch type {
        case "Point": "3.1.2"
        case "MultiPoint": "3.1.3"
        case "LineString": "3.1.4"
        case "MultiLineString": "3.1.5"
        case "Polygon": "3.1.6"
        case "MultiPolygon": "3.1.7"
        default: "3.1.8"
        }
    }

    /// Applies `body` to each element, which must be an array; errors get the element's index.
    static func each<T>(_ elements: [JSONValue], section: String, what: String,
                        _ body: ([JSONValue]) throws(GeoJSONError) -> T) throws(GeoJSONError) -> [T] {
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (i, element) in elements.enumerated() {
            guard case .array(let inner) = element else {
                throw GeoJSONError(.invalidCoordinates,
                                   "expected \(what), found \(element.kindName) (coordinates nested too shallow)",
                                   section: section, path: JSONPath([.index(i)]))
            }
            do {
                result.append(try body(inner))
            } catch {
                throw error.within(.index(i))
            }
        }
        return result
    }

    static func rings(_ elements: [JSONValue], section: String) throws(GeoJSONError) -> [[Position]] {
        try each(elements, section: section, what: "a linear ring") { (ring) throws(GeoJSONError) in
            try linearRing(ring, section: section)
        }
    }

    static func lineString(_ elements: [JSONValue], section: String) throws(GeoJSONError) -> [Position] {
        guard elements.count >= 2 else {
            throw GeoJSONError(.invalidCoordinates,
                               "a LineString needs two or more positions, found \(elements.count)", section: section)
        }
        return try positions(elements, section: section)
    }

    /// A closed ring of four or more positions; the first and last must hold identical values.
    static func linearRing(_ elements: [JSONValue], section: String) throws(GeoJSONError) -> [Position] {
        let ring = try positions(elements, section: section)
        guard ring.count >= 4 else {
            throw GeoJSONError(.invalidCoordinates,
                               "a linear ring needs four or more positions, found \(ring.count)", section: "3.1.6")
        }
        guard elements.first == elements.last else {
            throw GeoJSONError(.invalidCoordinates,
                               "linear ring is not closed: the last position must be identical to the first",
                               section: "3.1.6", path: JSONPath([.index(elements.count - 1)]))
        }
        return ring
    }

    static func positions(_ elements: [JSONValue], section: String) throws(GeoJSONError) -> [Position] {
        var result: [Position] = []
        result.reserveCapacity(elements.count)
        for (i, element) in elements.enumerated() {
            do {
                result.append(try position(element, section: section))
            } catch {
                throw error.within(.index(i))
            }
        }
        return result
    }

    /// A position: an array of two or more numbers, longitude and latitude in WGS84 range, an optional
    /// altitude; further numbers are allowed and ignored.
    static func position(_ value: JSONValue, section: String) throws(GeoJSONError) -> Position {
        guard case .array(let elements) = value else {
            throw GeoJSONError(.invalidCoordinates,
                               "expected a position (an array of two or more numbers), found \(value.kindName)"
                                   + (value.doubleValue != nil ? " (coordinates nested too shallow)" : ""),
                               section: "3.1.1")
        }
        var numbers: [Double] = []
        numbers.reserveCapacity(elements.count)
        for (i, element) in elements.enumerated() {
            guard case .number(let x) = element else {
                throw GeoJSONError(.invalidCoordinates,
                                   "position values must be numbers, found \(element.kindName)"
                                       + (element.arrayValue != nil ? " (coordinates nested too deep)" : ""),
                                   section: "3.1.1", path: JSONPath([.index(i)]))
            }
            numbers.append(x)
        }
        guard numbers.count >= 2 else {
            throw GeoJSONError(.invalidCoordinates,
                               "a position needs two or more numbers (longitude, latitude), found \(numbers.count)",
                               section: "3.1.1")
        }
        let p = Position(longitude: numbers[0], latitude: numbers[1], altitude: numbers.count > 2 ? numbers[2] : nil)
        guard p.isInWGS84Range else {
            throw GeoJSONError(.outOfRange,
                               "position [\(JSONWriter.format(number: p.longitude)), \(JSONWriter.format(number: p.latitude))]"
                                   + " is outside WGS84 range (longitude -180...180, latitude -90...90)",
                               section: "4")
        }
        return p
    }
}
