import Foundation
import Testing
@testable import IncidentMapper

@Suite("GeoJSON writer")
struct GeoJSONWriterTests {
    private func p(_ lon: Double, _ lat: Double, _ alt: Double? = nil) -> Position {
        Position(longitude: lon, latitude: lat, altitude: alt)
    }

    private func text(_ value: JSONValue) -> String {
        String(decoding: GeoJSONWriter.data(value, pretty: false), as: UTF8.self)
    }

    /// Twice the signed shoelace area of a written ring (positive = counter-clockwise).
    private func signedArea(_ ring: JSONValue?) -> Double {
        let points = (ring?.arrayValue ?? []).map { ($0[0]?.doubleValue ?? .nan, $0[1]?.doubleValue ?? .nan) }
        var sum = 0.0
        for k in 0..<max(points.count - 1, 0) {
            sum += points[k].0 * points[k + 1].1 - points[k + 1].0 * points[k].1
        }
        return sum
    }

    @Test("Exterior rings are written counter-clockwise and holes clockwise")
    func windingIsFixed() {
        let clockwiseShell = [p(-66.9, 10.4), p(-66.9, 10.6), p(-66.7, 10.6), p(-66.7, 10.4), p(-66.9, 10.4)]
        let counterClockwiseHole = [p(-66.85, 10.45), p(-66.75, 10.45), p(-66.75, 10.55), p(-66.85, 10.55), p(-66.85, 10.45)]
        let polygon = Geometry.polygon([clockwiseShell, counterClockwiseHole])

        let value = GeoJSONWriter.geometryValue(polygon)
        let rings = value["coordinates"]
        #expect(signedArea(rings?[0]) > 0)
        #expect(signedArea(rings?[1]) < 0)
        #expect(rings?[0]?[0] == [-66.9, 10.4])  // starts where it started, only reversed
        #expect(rings?[0]?.arrayValue?.count == 5)

        let multi = GeoJSONWriter.geometryValue(.multiPolygon([[clockwiseShell, counterClockwiseHole], [clockwiseShell]]))
        #expect(signedArea(multi["coordinates"]?[0]?[0]) > 0)
        #expect(signedArea(multi["coordinates"]?[0]?[1]) < 0)
        #expect(signedArea(multi["coordinates"]?[1]?[0]) > 0)

        // Already correct rings are left alone.
        let correct = Geometry.polygon([clockwiseShell.reversed(), counterClockwiseHole.reversed()])
        let again = GeoJSONWriter.geometryValue(correct)
        #expect(again["coordinates"]?[0]?[1] == [-66.7, 10.4])
    }

    @Test("Coordinates are rounded to 7 decimals by default, or as asked")
    func rounding() {
        let line = Geometry.lineString([p(-66.91234567891, 10.48061234567, 920.123456789), p(-66.5, 11.5000000001)])
        #expect(text(GeoJSONWriter.geometryValue(line))
            == #"{"type":"LineString","coordinates":[[-66.9123457,10.4806123,920.1234568],[-66.5,11.5]]}"#)
        #expect(text(GeoJSONWriter.geometryValue(line, decimals: 2))
            == #"{"type":"LineString","coordinates":[[-66.91,10.48,920.12],[-66.5,11.5]]}"#)
        #expect(GeoJSONWriter.geometryValue(line, decimals: nil)["coordinates"]?[0]?[0] == .number(-66.91234567891))
        // A rounded -0 is written as 0.
        #expect(text(GeoJSONWriter.geometryValue(.point(p(-0.00000001, 0)))) == #"{"type":"Point","coordinates":[0,0]}"#)
    }

    @Test("Features: member order type, id, geometry, properties, bbox; integers stay integers")
    func featureOutput() {
        let feature = GeoJSONFeature(id: 12, geometry: .point(p(100, 0)),
                                     properties: ["casualties": 3, "depth_m": 1.25, "name": "Dam"],
                                     bbox: [100, 0, 100, 0])
        #expect(text(GeoJSONWriter.featureValue(feature, decimals: 7)) == #"""
            {"type":"Feature","id":12,"geometry":{"type":"Point","coordinates":[100,0]},"properties":{"casualties":3,"depth_m":1.25,"name":"Dam"},"bbox":[100,0,100,0]}
            """#)
        let unlocated = GeoJSONFeature(geometry: nil, properties: nil)
        #expect(text(GeoJSONWriter.featureValue(unlocated, decimals: 7))
            == #"{"type":"Feature","geometry":null,"properties":null}"#)
    }

    @Test("FeatureCollections never carry a crs; other foreign members are kept")
    func noCRS() {
        let crs: JSONValue = ["type": "name", "properties": ["name": "urn:ogc:def:crs:EPSG::4326"]]
        let value = GeoJSONWriter.featureCollection(
            [GeoJSONFeature(geometry: .point(p(1, 2)))], decimals: 7,
            foreignMembers: ["crs": crs, "title": "Incidents", "features": [], "type": "Feature"])
        let out = text(value)
        #expect(!out.contains("crs"))
        #expect(out.hasPrefix(#"{"type":"FeatureCollection","title":"Incidents","features":[{"type":"Feature""#))
        #expect(value.objectValue?.keys == ["type", "title", "features"])
    }

    @Test("Written documents read back to the same features, and pretty output is indented by two spaces")
    func roundTrip() throws {
        let features = [
            GeoJSONFeature(id: "a", geometry: .polygon([[p(0, 0), p(1, 0), p(1, 1), p(0, 1), p(0, 0)]]),
                           properties: ["casualties": 0, "tags": ["flood", "road"]]),
            GeoJSONFeature(id: 2.5, geometry: .geometryCollection([.point(p(5, 5, 12)), .lineString([p(0, 0), p(1, 1)])]),
                           properties: nil),
            GeoJSONFeature(geometry: nil, properties: [:]),
        ]
        let data = GeoJSONWriter.data(GeoJSONWriter.featureCollection(features, decimals: 7), pretty: true)
        let pretty = String(decoding: data, as: UTF8.self)
        #expect(pretty.hasPrefix("{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n    {\n"))
        #expect(pretty.contains("\"coordinates\": [5, 5, 12]"))
        #expect(pretty.hasSuffix("}\n"))
        #expect(try GeoJSONReader.read(data) == .featureCollection(features))
    }
}
