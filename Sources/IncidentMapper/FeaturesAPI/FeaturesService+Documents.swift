import Foundation

/// The documents that describe the service: landing page, conformance, collections, queryables.
extension FeaturesService {
    static let conformanceClasses = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    ]

    static func link(_ href: String, _ rel: String, _ type: String, _ title: String? = nil) -> JSONValue {
        var object = JSONObject([("href", .string(href)), ("rel", .string(rel)), ("type", .string(type))])
        if let title { object["title"] = .string(title) }
        return .object(object)
    }

    func landing(_ base: String) -> JSONValue {
        .object(JSONObject([
            ("title", .string(configuration.title)),
            ("description", .string("Military and security incidents with their geometries, and the reference layers they are read against (FIRs, land, derived maritime zones), as OGC API - Features.")),
            ("links", .array([
                Self.link("\(base)/?f=json", "self", "application/json", "This document"),
                Self.link("\(base)/?f=html", "alternate", "text/html", "The live map"),
                Self.link("\(base)/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition (OpenAPI 3.0)"),
                Self.link("\(base)/conformance", "conformance", "application/json", "Conformance classes"),
                Self.link("\(base)/collections", "data", "application/json", "The collections"),
            ])),
        ]))
    }

    func conformance() -> JSONValue {
        .object(JSONObject([("conformsTo", .array(Self.conformanceClasses.map(JSONValue.string)))]))
    }

    func collections(_ base: String) throws -> JSONValue {
        var list = [try collection(Self.incidents, base)]
        for name in ReferenceCollections.names { list.append(try collection(name, base)) }
        return .object(JSONObject([
            ("links", .array([Self.link("\(base)/collections", "self", "application/json")])),
            ("collections", .array(list)),
        ]))
    }

    /// The description of one collection, with its extent.
    /// - Throws: 404 for an unknown collection.
    func collection(_ id: String, _ base: String) throws -> JSONValue {
        let href = "\(base)/collections/\(id)"
        var links = [
            Self.link(href, "self", "application/json"),
            Self.link("\(href)/items", "items", "application/geo+json", "The features (GeoJSON)"),
            Self.link("\(href)/items?f=html", "items", "text/html", "The features (HTML)"),
            Self.link("\(href)/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json"),
        ]
        var object = JSONObject()
        object["id"] = .string(id)
        if id == Self.incidents {
            let (extent, revision) = try pool.with { store in (try store.extent(), try store.revision()) }
            object["title"] = "Incidents"
            object["description"] = "Incidents as logged, with their stored context (FIR, surface, distance to Venezuela's coast). Filters: kind, confidence, fir, zone, state, q (full text), near=LAT,LON with within=50nm."
            var spatial = JSONObject()
            if let box = extent.boundingBox {
                spatial["bbox"] = .array([.array([box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude].map { .number($0) })])
            } else {
                spatial["bbox"] = .array([.array([-180, -90, 180, 90].map { .number($0) })])
            }
            spatial["crs"] = .string(ItemsQuery.crs84)
            var temporal = JSONObject()
            temporal["interval"] = .array([.array([extent.firstTime.map(JSONValue.string) ?? .null, extent.lastTime.map(JSONValue.string) ?? .null])])
            temporal["trs"] = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
            object["extent"] = .object(JSONObject([("spatial", .object(spatial)), ("temporal", .object(temporal))]))
            // Changes with every write: the live map reads the items again when it does.
            object["revision"] = .number(Double(revision))
        } else {
            guard let layer = layers.layer(id) else {
                throw APIFailure.notFound("no collection '\(id)' (collections: \(([Self.incidents] + ReferenceCollections.names).joined(separator: ", ")))")
            }
            object["title"] = .string(layer.title)
            object["description"] = .string(layer.description)
            let box = layer.extent
            object["extent"] = .object(JSONObject([("spatial", .object(JSONObject([
                ("bbox", .array([.array([box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude].map { .number($0) })])),
                ("crs", .string(ItemsQuery.crs84)),
            ])))]))
            object["version"] = .string(layer.version)
        }
        object["itemType"] = "feature"
        object["crs"] = .array([.string(ItemsQuery.crs84)])
        object["links"] = .array(links)
        return .object(object)
    }

    func queryables(_ id: String, _ base: String, properties: JSONObject) -> JSONValue {
        .object(JSONObject([
            ("$schema", "https://json-schema.org/draft/2019-09/schema"),
            ("$id", .string("\(base)/collections/\(id)/queryables")),
            ("type", "object"), ("title", .string(id)),
            ("properties", .object(properties)),
            ("additionalProperties", .bool(false)),
        ]))
    }

    func incidentQueryables(_ base: String) -> JSONValue {
        func enumeration(_ title: String, _ values: [String]) -> JSONValue {
            .object(JSONObject([("title", .string(title)), ("type", "string"), ("enum", .array(values.map(JSONValue.string)))]))
        }
        func text(_ title: String, _ pattern: String? = nil) -> JSONValue {
            var o = JSONObject([("title", .string(title)), ("type", "string")])
            if let pattern { o["pattern"] = .string(pattern) }
            return .object(o)
        }
        return queryables(Self.incidents, base, properties: JSONObject([
            ("kind", enumeration("Kind of incident", IncidentKind.allCases.map(\.rawValue))),
            ("confidence", enumeration("Confidence (comma-separated for several)", Confidence.allCases.map(\.rawValue))),
            ("fir", text("A FIR any part of the incident is in (ICAO id)", "^[A-Za-z]{4}$")),
            ("zone", enumeration("A surface any part of the incident is on", SurfaceKind.allCases.map(\.rawValue))),
            ("state", text("A state on whose land or waters any part is (ISO 3166-1 alpha-3)", "^[A-Za-z]{3}$")),
            ("q", text("Words all found in the title, description, tags or sources (word* for a prefix)")),
            ("geometry", .object(JSONObject([("$ref", "https://geojson.org/schema/Geometry.json")]))),
            ("datetime", .object(JSONObject([("title", "The incident's time (instant or interval)"), ("type", "string"), ("format", "date-time")]))),
        ]))
    }
}
