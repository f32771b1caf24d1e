import Foundation

/// `/api`: the OpenAPI 3.0 description of the endpoints the service really has.
enum OpenAPIDocument {
    static func make(baseURL: String, layers: [String]) -> JSONValue {
        func o(_ pairs: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(pairs)) }
        func parameter(_ name: String, _ where_: String, _ description: String, _ schema: JSONValue, required: Bool = false) -> JSONValue {
            o([("name", .string(name)), ("in", .string(where_)), ("description", .string(description)),
               ("required", .bool(required)), ("schema", schema)])
        }
        let string = o([("type", "string")])
        func enumeration(_ values: [String]) -> JSONValue { o([("type", "string"), ("enum", .array(values.map(JSONValue.string)))]) }
        func response(_ description: String, _ type: String? = nil) -> JSONValue {
            guard let type else { return o([("description", .string(description))]) }
            return o([("description", .string(description)), ("content", o([(type, o([("schema", o([("type", "object")]))]))]))])
        }
        let problem = response("A problem: what was wrong (RFC 9457)", "application/problem+json")
        let f = parameter("f", "query", "json (default) or html", enumeration(["json", "html"]))
        let collectionID = parameter("collectionId", "path", "incidents, or a reference layer: \(layers.joined(separator: ", "))",
                                     enumeration(["incidents"] + layers), required: true)
        let featureID = parameter("featureId", "path", "A feature's id (an incident's UUID)", string, required: true)
        let itemsParameters: [JSONValue] = [
            collectionID, f,
            parameter("limit", "query", "Features per page (default 10; above 10000 means 10000)", o([("type", "integer"), ("minimum", 1), ("default", 10)])),
            parameter("offset", "query", "Features to skip (the next link carries it)", o([("type", "integer"), ("minimum", 0), ("default", 0)])),
            parameter("bbox", "query", "west,south,east,north in degrees (WGS84); features whose bounding box meets it", o([("type", "array"), ("items", o([("type", "number")])), ("minItems", 4), ("maxItems", 6)])),
            parameter("bbox-crs", "query", "Only \(ItemsQuery.crs84)", enumeration([ItemsQuery.crs84])),
            parameter("datetime", "query", "An instant or interval (RFC 3339; '..' for an open end); incidents whose time overlaps it", string),
            parameter("kind", "query", "incidents: only this kind", enumeration(IncidentKind.allCases.map(\.rawValue))),
            parameter("confidence", "query", "incidents: only these confidences, comma-separated", string),
            parameter("fir", "query", "incidents: any part in this FIR (ICAO id)", string),
            parameter("zone", "query", "incidents: any part on this surface", enumeration(SurfaceKind.allCases.map(\.rawValue))),
            parameter("state", "query", "incidents: any part on this state's land or waters (ISO 3166-1 alpha-3)", string),
            parameter("q", "query", "incidents: every word in the title, description, tags or sources", string),
            parameter("near", "query", "incidents: a position LAT,LON (any notation the tool reads); with within, nearest first, each with distance_nm", string),
            parameter("within", "query", "incidents: a geodesic distance for near: 50nm, 92.6km, 500m", string),
        ]
        let bearer = [o([("bearerAuth", .array([]))])]
        let featureBody = o([("required", .bool(true)), ("content", o([
            ("application/geo+json", o([("schema", o([("type", "object")]))])),
            ("application/json", o([("schema", o([("type", "object")]))])),
        ]))])
        let writeResponses = o([("200", response("The stored Feature", "application/geo+json")), ("400", problem),
                                ("401", problem), ("404", problem), ("413", problem), ("415", problem)])
        let paths = o([
            ("/", o([("get", o([("summary", "Landing page (JSON), or the live map (HTML)"), ("parameters", .array([f])),
                                ("responses", o([("200", response("The landing page", "application/json"))]))]))])),
            ("/conformance", o([("get", o([("summary", "Conformance classes"), ("parameters", .array([f])),
                                           ("responses", o([("200", response("The classes", "application/json"))]))]))])),
            ("/api", o([("get", o([("summary", "This document"),
                                   ("responses", o([("200", response("OpenAPI 3.0", "application/vnd.oai.openapi+json;version=3.0"))]))]))])),
            ("/collections", o([("get", o([("summary", "The collections"), ("parameters", .array([f])),
                                           ("responses", o([("200", response("The collections", "application/json"))]))]))])),
            ("/collections/{collectionId}", o([("get", o([("summary", "One collection, with its extent"), ("parameters", .array([collectionID, f])),
                                                          ("responses", o([("200", response("The collection", "application/json")), ("404", problem)]))]))])),
            ("/collections/{collectionId}/queryables", o([("get", o([("summary", "What the items can be filtered by"), ("parameters", .array([collectionID])),
                                                                     ("responses", o([("200", response("A JSON Schema", "application/schema+json")), ("404", problem)]))]))])),
            ("/collections/{collectionId}/items", o([
                ("get", o([("summary", "The features, a page at a time"), ("parameters", .array(itemsParameters)),
                           ("responses", o([("200", response("A FeatureCollection with numberMatched, numberReturned and next/prev links", "application/geo+json")),
                                            ("400", problem), ("404", problem)]))])),
                ("post", o([("summary", "incidents: log an incident (a GeoJSON Feature; a bearer token)"), ("parameters", .array([collectionID])),
                            ("security", .array(bearer)), ("requestBody", featureBody),
                            ("responses", o([("201", response("The stored Feature (Location: its URL)", "application/geo+json")), ("400", problem),
                                             ("401", problem), ("409", problem), ("413", problem), ("415", problem)]))])),
            ])),
            ("/collections/{collectionId}/items/{featureId}", o([
                ("get", o([("summary", "One feature"), ("parameters", .array([collectionID, featureID, f])),
                           ("responses", o([("200", response("The Feature", "application/geo+json")), ("404", problem)]))])),
                ("put", o([("summary", "incidents: replace an incident"), ("parameters", .array([collectionID, featureID])),
                           ("security", .array(bearer)), ("requestBody", featureBody), ("responses", writeResponses)])),
                ("patch", o([("summary", "incidents: change some fields (JSON merge patch of the Feature)"), ("parameters", .array([collectionID, featureID])),
                             ("security", .array(bearer)),
                             ("requestBody", o([("required", .bool(true)), ("content", o([("application/merge-patch+json", o([("schema", o([("type", "object")]))]))]))])),
                             ("responses", writeResponses)])),
                ("delete", o([("summary", "incidents: delete an incident (softly: its history stays)"), ("parameters", .array([collectionID, featureID])),
                              ("security", .array(bearer)),
                              ("responses", o([("204", response("Deleted")), ("401", problem), ("404", problem)]))])),
            ])),
        ])
        return o([
            ("openapi", "3.0.3"),
            ("info", o([("title", "incident mapper: OGC API - Features"), ("version", "1.0.0"),
                        ("description", "Incidents and the reference layers they are read against.")])),
            ("servers", .array([o([("url", .string(baseURL))])])),
            ("paths", paths),
            ("components", o([("securitySchemes", o([("bearerAuth", o([("type", "http"), ("scheme", "bearer")]))]))])),
        ])
    }
}
