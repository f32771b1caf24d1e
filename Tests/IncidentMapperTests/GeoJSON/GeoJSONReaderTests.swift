import Foundation
import Testing
@testable import IncidentMapper

/// RFC 7946 examples (appendix A and §1.5), written inline, and MUST-level rejections.
@Suite("GeoJSON reader")
struct GeoJSONReaderTests {
    private func read(_ text: String) throws(GeoJSONError) -> GeoJSONDocument {
        try GeoJSONReader.read(Data(text.utf8))
    }

    private func rejection(_ text: String) -> GeoJSONError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    private func p(_ lon: Double, _ lat: Double, _ alt: Double? = nil) -> Position {
        Position(longitude: lon, latitude: lat, altitude: alt)
    }

    // MARK: RFC 7946 appendix A

    @Test("A.1 Point")
    func pointExample() throws {
        let doc = try read(#"{"type": "Point", "coordinates": [100.0, 0.0]}"#)
        #expect(doc == .geometry(.point(p(100, 0))))
    }

    @Test("A.2 LineString")
    func lineStringExample() throws {
        let doc = try read(#"{"type": "LineString", "coordinates": [[100.0, 0.0], [101.0, 1.0]]}"#)
        #expect(doc == .geometry(.lineString([p(100, 0), p(101, 1)])))
    }

    @Test("A.3 Polygon without and with holes")
    func polygonExamples() throws {
        let noHoles = try read("""
            {"type": "Polygon", "coordinates": [
              [[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]]
            ]}
            """)
        #expect(noHoles == .geometry(.polygon([[p(100, 0), p(101, 0), p(101, 1), p(100, 1), p(100, 0)]])))

        let withHole = try read("""
            {"type": "Polygon", "coordinates": [
              [[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]],
              [[100.8, 0.8], [100.8, 0.2], [100.2, 0.2], [100.2, 0.8], [100.8, 0.8]]
            ]}
            """)
        guard case .geometry(.polygon(let rings)) = withHole else {
            Issue.record("expected a polygon, got \(withHole)")
            return
        }
        #expect(rings.count == 2)
        #expect(rings[1] == [p(100.8, 0.8), p(100.8, 0.2), p(100.2, 0.2), p(100.2, 0.8), p(100.8, 0.8)])
    }

    @Test("A.4 MultiPoint")
    func multiPointExample() throws {
        let doc = try read(#"{"type": "MultiPoint", "coordinates": [[100.0, 0.0], [101.0, 1.0]]}"#)
        #expect(doc == .geometry(.multiPoint([p(100, 0), p(101, 1)])))
    }

    @Test("A.5 MultiLineString")
    func multiLineStringExample() throws {
        let doc = try read("""
            {"type": "MultiLineString", "coordinates": [
              [[100.0, 0.0], [101.0, 1.0]], [[102.0, 2.0], [103.0, 3.0]]
            ]}
            """)
        #expect(doc == .geometry(.multiLineString([[p(100, 0), p(101, 1)], [p(102, 2), p(103, 3)]])))
    }

    @Test("A.6 MultiPolygon")
    func multiPolygonExample() throws {
        let doc = try read("""
            {"type": "MultiPolygon", "coordinates": [
              [[[102.0, 2.0], [103.0, 2.0], [103.0, 3.0], [102.0, 3.0], [102.0, 2.0]]],
              [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]],
               [[100.2, 0.2], [100.2, 0.8], [100.8, 0.8], [100.8, 0.2], [100.2, 0.2]]]
            ]}
            """)
        guard case .geometry(.multiPolygon(let polygons)) = doc else {
            Issue.record("expected a multipolygon, got \(doc)")
            return
        }
        #expect(polygons.map(\.count) == [1, 2])
        #expect(polygons[0][0].first == p(102, 2))
    }

    @Test("A.7 GeometryCollection")
    func geometryCollectionExample() throws {
        let doc = try read("""
            {"type": "GeometryCollection", "geometries": [
              {"type": "Point", "coordinates": [100.0, 0.0]},
              {"type": "LineString", "coordinates": [[101.0, 0.0], [102.0, 1.0]]}
            ]}
            """)
        #expect(doc == .geometry(.geometryCollection([.point(p(100, 0)), .lineString([p(101, 0), p(102, 1)])])))
    }

    @Test("§1.5 FeatureCollection with properties in document order")
    func featureCollectionExample() throws {
        let doc = try read(Self.rfcFeatureCollection)
        guard case .featureCollection(let features) = doc else {
            Issue.record("expected a FeatureCollection, got \(doc)")
            return
        }
        #expect(features.count == 3)
        #expect(features[0].geometry == .point(p(102, 0.5)))
        #expect(features[1].properties?.keys == ["prop0", "prop1"])
        #expect(features[1].properties?["prop1"] == .number(0))
        #expect(features[2].properties?["prop1"]?["this"]?.stringValue == "that")
        #expect(features.allSatisfy { $0.id == nil && $0.bbox == nil })
    }

    static let rfcFeatureCollection = """
        { "type": "FeatureCollection",
          "features": [
            { "type": "Feature",
              "geometry": {"type": "Point", "coordinates": [102.0, 0.5]},
              "properties": {"prop0": "value0"} },
            { "type": "Feature",
              "geometry": { "type": "LineString",
                "coordinates": [[102.0, 0.0], [103.0, 1.0], [104.0, 0.0], [105.0, 1.0]] },
              "properties": { "prop0": "value0", "prop1": 0.0 } },
            { "type": "Feature",
              "geometry": { "type": "Polygon",
                "coordinates": [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]]] },
              "properties": { "prop0": "value0", "prop1": {"this": "that"} } }
          ]
        }
        """

    // MARK: Accepted SHOULD-level issues

    @Test("Feature with id, bbox, null geometry and foreign members")
    func featureMembers() throws {
        let doc = try read("""
            {"type": "Feature", "id": 7, "bbox": [-10.0, -10.0, 10.0, 10.0], "title": "foreign",
             "geometry": null, "properties": null}
            """)
        #expect(doc == .feature(GeoJSONFeature(id: 7, geometry: nil, properties: nil, bbox: [-10, -10, 10, 10])))
        let stringID = try read(#"{"type": "Feature", "id": "f1", "geometry": null, "properties": {}}"#)
        #expect(stringID.features.first?.id == "f1")
    }

    @Test("Accepted: wrong winding kept as given, 4-value positions, empty geometries, 3D and antimeridian bboxes")
    func shouldLevelIssuesAreAccepted() throws {
        let clockwise = [p(0, 0), p(0, 1), p(1, 1), p(1, 0), p(0, 0)]
        let wrongWinding = try read(#"{"type": "Polygon", "coordinates": [[[0,0],[0,1],[1,1],[1,0],[0,0]]]}"#)
        #expect(wrongWinding == .geometry(.polygon([clockwise])))

        #expect(try read(#"{"type": "Point", "coordinates": [2, 4, 6, 8]}"#) == .geometry(.point(p(2, 4, 6))))
        #expect(try read(#"{"type": "Polygon", "coordinates": []}"#) == .geometry(.polygon([])))
        #expect(try read(#"{"type": "Point", "coordinates": []}"#) == .geometry(.multiPoint([])))
        _ = try read(#"{"type": "Point", "coordinates": [1, 2, 3], "bbox": [1, 2, 3, 1, 2, 3]}"#)
        _ = try read("""
            {"type": "Feature", "bbox": [177.0, -20.0, -178.0, -16.0], "properties": null,
             "geometry": {"type": "GeometryCollection", "geometries": [
               {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [179.5, -18.0]}]}]}}
            """)
        _ = try read(#"{"type": "Point", "coordinates": [-66.903612345678912, 10.480612345678912]}"#)
    }

    // MARK: Rejections

    struct RejectCase: Sendable, CustomTestStringConvertible {
        var json: String
        var path: String
        var reason: String
        var section: String
        var testDescription: String { "\(section): \(reason)" }
    }

    static let rejectCases: [RejectCase] = [
        .init(json: "null", path: "$", reason: "expected a GeoJSON object", section: "2"),
        .init(json: #"{"type": "Point", "coordinates": [1, 2]} x"#, path: "$", reason: "not valid JSON", section: "2"),
        .init(json: #"{"type": "Point", "type": "Point", "coordinates": [1, 2]}"#, path: "type",
              reason: "duplicate member", section: "2"),
        .init(json: #"{"coordinates": [1, 2]}"#, path: "$", reason: "no \"type\"", section: "3"),
        .init(json: #"{"type": "point", "coordinates": [1, 2]}"#, path: "type", reason: "case-sensitive", section: "1.4"),
        .init(json: #"{"type": {"name": "Point"}, "coordinates": [1, 2]}"#, path: "type", reason: "must be a string", section: "3"),
        .init(json: #"{"type": "Feature", "properties": {}}"#, path: "$", reason: "no \"geometry\"", section: "3.2"),
        .init(json: #"{"type": "Feature", "geometry": null}"#, path: "$", reason: "no \"properties\"", section: "3.2"),
        .init(json: #"{"type": "Feature", "geometry": null, "properties": []}"#, path: "properties",
              reason: "object or null", section: "3.2"),
        .init(json: #"{"type": "Feature", "id": true, "geometry": null, "properties": null}"#, path: "id",
              reason: "string or a number", section: "3.2"),
        .init(json: #"{"type": "Feature", "geometry": {"type": "Feature", "geometry": null, "properties": null}, "properties": null}"#,
              path: "geometry.type", reason: "expected a geometry type", section: "1.4"),
        .init(json: #"{"type": "FeatureCollection"}"#, path: "$", reason: "no \"features\"", section: "3.3"),
        .init(json: #"{"type": "FeatureCollection", "features": {}}"#, path: "features", reason: "must be an array", section: "3.3"),
        .init(json: #"{"type": "FeatureCollection", "features": [null]}"#, path: "features[0]",
              reason: "expected a Feature object", section: "3.2"),
        .init(json: #"{"type": "Feature", "geometry": null, "properties": null, "coordinates": [1, 2]}"#,
              path: "coordinates", reason: "must not have", section: "7.1"),
        .init(json: #"{"type": "FeatureCollection", "features": [], "properties": {}}"#,
              path: "properties", reason: "must not have", section: "7.1"),
        .init(json: #"{"type": "Point", "coordinates": [1, 2], "properties": {}}"#,
              path: "properties", reason: "must not have", section: "7.1"),
        .init(json: #"{"type": "Point"}"#, path: "$", reason: "no \"coordinates\"", section: "3.1"),
        .init(json: #"{"type": "GeometryCollection"}"#, path: "$", reason: "no \"geometries\"", section: "3.1.8"),
        .init(json: #"{"type": "GeometryCollection", "geometries": [false]}"#, path: "geometries[0]",
              reason: "expected a geometry object", section: "3.1"),
        .init(json: #"{"type": "Point", "coordinates": [1]}"#, path: "coordinates", reason: "two or more numbers", section: "3.1.1"),
        .init(json: #"{"type": "Point", "coordinates": [1, "2"]}"#, path: "coordinates[1]", reason: "must be numbers", section: "3.1.1"),
        .init(json: #"{"type": "MultiPoint", "coordinates": [[[0, 0]]]}"#, path: "coordinates[0][0]",
              reason: "nested too deep", section: "3.1.1"),
        .init(json: #"{"type": "MultiPoint", "coordinates": [0, 0]}"#, path: "coordinates[0]",
              reason: "nested too shallow", section: "3.1.1"),
        .init(json: #"{"type": "LineString", "coordinates": [[0, 0]]}"#, path: "coordinates",
              reason: "two or more positions", section: "3.1.4"),
        .init(json: #"{"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[2, 2]]]}"#, path: "coordinates[1]",
              reason: "two or more positions", section: "3.1.5"),
        .init(json: #"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1]]]}"#, path: "coordinates[0]",
              reason: "four or more positions", section: "3.1.6"),
        .init(json: #"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}"#, path: "coordinates[0][3]",
              reason: "not closed", section: "3.1.6"),
        .init(json: #"{"type": "Polygon", "coordinates": [[[0, 0, 1], [1, 0], [1, 1], [0, 0, 2]]]}"#, path: "coordinates[0][3]",
              reason: "not closed", section: "3.1.6"),
        .init(json: #"{"type": "MultiPolygon", "coordinates": [[[1, 2]]]}"#, path: "coordinates[0][0][0]",
              reason: "nested too shallow", section: "3.1.1"),
        .init(json: #"{"type": "Point", "coordinates": [1, 2], "bbox": [1, 2, 3]}"#, path: "bbox", reason: "2*n", section: "5"),
        .init(json: #"{"type": "Point", "coordinates": [1, 2], "bbox": [1, 2]}"#, path: "bbox", reason: "2*n", section: "5"),
        .init(json: #"{"type": "Point", "coordinates": [1, 2], "bbox": "1,2,3,4"}"#, path: "bbox", reason: "array", section: "5"),
        .init(json: #"{"type": "Point", "coordinates": [1, 2], "bbox": [1, 2, "3", 4]}"#, path: "bbox[2]", reason: "numbers", section: "5"),
        .init(json: #"{"type": "Point", "coordinates": [-259.6, -109.2]}"#, path: "coordinates",
              reason: "outside WGS84 range", section: "4"),
        .init(json: #"{"type": "Point", "coordinates": [10.5, 91]}"#, path: "coordinates", reason: "outside WGS84 range", section: "4"),
    ]

    @Test("MUST violations are rejected with a path, a reason and the RFC section", arguments: rejectCases)
    func rejects(_ c: RejectCase) {
        guard let error = rejection(c.json) else {
            Issue.record("accepted \(c.json)")
            return
        }
        #expect(error.path.description == c.path, "\(error)")
        #expect(error.message.contains(c.reason), "\(error)")
        #expect(error.rfcSection == c.section, "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test("Errors inside a FeatureCollection carry the feature index and the full path")
    func featureIndexAndPath() throws {
        let ring = "[[0,0],[1,0],[1,1],[0,1],[0,0]]"
        let open = "[[0,0],[1,0],[1,1],[0,1],[0,0.5]]"
        var features = (0..<3).map { _ in
            #"{"type": "Feature", "properties": null, "geometry": {"type": "Polygon", "coordinates": [\#(ring)]}}"#
        }
        features.append(#"{"type": "Feature", "properties": null, "geometry": {"type": "Polygon", "coordinates": [\#(ring), \#(open)]}}"#)
        let error = try #require(rejection(#"{"type": "FeatureCollection", "features": [\#(features.joined(separator: ","))]}"#))
        #expect(error.featureIndex == 3)
        #expect(error.path.description == "features[3].geometry.coordinates[1][4]")
        #expect(error.kind == .invalidCoordinates)
        #expect(error.description.hasPrefix("features[3].geometry.coordinates[1][4]: linear ring is not closed"))
        #expect(error.description.hasSuffix("(RFC 7946 §3.1.6)"))
    }

    @Test("Duplicate members deep inside a feature are reported with their path")
    func duplicateMemberPath() throws {
        let error = try #require(rejection("""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": null, "properties": {"name": "a", "name": "b"}}]}
            """))
        #expect(error.kind == .duplicateMember)
        #expect(error.path.description == "features[0].properties.name")
        #expect(error.featureIndex == 0)
        #expect(error.jsonError?.line == 2)
    }

    @Test("readGeometry reads a parsed value and rejects non-geometries")
    func readGeometryFromValue() throws {
        let value: JSONValue = ["type": "LineString", "coordinates": [[-66.9, 10.5], [-66.5, 11]]]
        #expect(try GeoJSONReader.readGeometry(value) == .lineString([p(-66.9, 10.5), p(-66.5, 11)]))
        #expect(throws: GeoJSONError.self) {
            try GeoJSONReader.readGeometry(["type": "Feature", "geometry": nil, "properties": nil])
        }
    }
}
