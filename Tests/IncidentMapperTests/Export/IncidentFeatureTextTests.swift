import Foundation
import Testing
@testable import IncidentMapper

/// The direct feature writer (used by export, list --json and --seq) gives the very bytes of the
/// general path (the Feature built as a JSONValue by IncidentFeature and GeoJSONWriter, then
/// written by JSONWriter), over seeded incidents that vary every field: every geometry type,
/// altitudes, rings to orient, no geometry, text that needs escapes, casualty ranges, contexts
/// with parts, stale or not.
struct IncidentFeatureTextTests {
    static func incident(_ r: inout SeededGenerator) throws -> Incident {
        func position() -> Position {
            Position(longitude: Double.random(in: -180...180, using: &r), latitude: Double.random(in: -90...90, using: &r),
                     altitude: Bool.random(using: &r) && Bool.random(using: &r) ? Double.random(in: -10...12_000, using: &r).rounded() : nil)
        }
        func ring(clockwise: Bool) -> [Position] {
            let c = Position(longitude: Double.random(in: -170...170, using: &r), latitude: Double.random(in: -80...80, using: &r))
            var ps = [Position(longitude: c.longitude - 1, latitude: c.latitude - 1), Position(longitude: c.longitude + 1, latitude: c.latitude - 1),
                      Position(longitude: c.longitude + 1, latitude: c.latitude + 1), Position(longitude: c.longitude - 1, latitude: c.latitude + 1)]
            if clockwise { ps.reverse() }
            return ps + [ps[0]]
        }
        let geometries: [Geometry?] = [
            .point(position()), .point(Position(longitude: -66.12345678951, latitude: 10.5)), nil,
            .lineString([position(), position(), position()]),
            .polygon([ring(clockwise: Bool.random(using: &r))]),
            .multiPoint([position(), position()]),
            .multiLineString([[position(), position()], [position(), position()]]),
            .multiPolygon([[ring(clockwise: true)], [ring(clockwise: false)]]),
            .geometryCollection([.point(position()), .lineString([position(), position()])]),
        ]
        let texts = ["Strike north of Paria", "quote \" backslash \\ tab\t newline\n", "día — ñ 東京 🚢", "\u{2028}line\u{2029}sep\u{7F}\u{01}", ""]
        func text() -> String { texts.randomElement(using: &r)! }
        func count() -> Int? { Bool.random(using: &r) ? Int.random(in: 0...500, using: &r) : nil }
        var casualties = Casualties(killed: count(), injured: count(), missing: count())
        if let k = casualties.killed, Bool.random(using: &r) { casualties.killedMax = k + Int.random(in: 1...9, using: &r) }
        if let m = casualties.missing, Bool.random(using: &r) { casualties.missingMax = m + 1 }
        let start = Date(timeIntervalSince1970: Double(Int.random(in: 1_700_000_000_000...1_800_000_000_000, using: &r)) / 1000)
        var context: IncidentContext?
        if Bool.random(using: &r) {
            let parts: [IncidentContext.Part]? = Bool.random(using: &r) ? nil : [
                .init(layer: .fir, value: "SVZM", share: 0.6213456789), .init(layer: .fir, value: "TTZP", share: 0.3786543211),
                .init(layer: .surface, value: "territorial-sea", state: "VEN", share: 0.25), .init(layer: .surface, value: "high-seas", share: 0.75)]
            context = IncidentContext(firID: Bool.random(using: &r) ? "SVZM" : nil, surfaceKind: .territorialSea,
                                      surfaceState: Bool.random(using: &r) ? "VEN" : nil,
                                      venezuelaCoastNauticalMiles: Bool.random(using: &r) ? Double.random(in: 0...900, using: &r) : nil,
                                      closestApproach: Bool.random(using: &r) ? position() : nil,
                                      measure: parts == nil ? .points : .length, parts: parts,
                                      layersVersion: Bool.random(using: &r) ? "v1" : "v2", dataVersion: "d")
        }
        return Incident(
            kind: IncidentKind.allCases.randomElement(using: &r)!, geometry: geometries.randomElement(using: &r)!,
            time: Bool.random(using: &r) ? try IncidentTime(start: start, end: Bool.random(using: &r) ? start.addingTimeInterval(3_600) : nil) : nil,
            title: text(), description: Bool.random(using: &r) ? text() : nil, casualties: casualties,
            sources: (0..<Int.random(in: 0...3, using: &r)).map { i in
                Source(url: "https://example.org/\(i)?q=\(text())", publisher: Bool.random(using: &r) ? text() : nil,
                       date: Bool.random(using: &r) ? "2025-09-0\(i + 1)" : nil)
            },
            confidence: Confidence.allCases.randomElement(using: &r)!,
            tags: (0..<Int.random(in: 0...3, using: &r)).map { _ in text() }, context: context,
            createdAt: start, updatedAt: start.addingTimeInterval(60),
            positionUncertaintyMeters: Bool.random(using: &r) ? [0, 1500, 2_500.5, 1e-3].randomElement(using: &r)! : nil)
    }

    @Test func directTextEqualsTheGeneralPath() throws {
        var r = SeededGenerator(seed: 20261201)
        for n in 0..<600 {
            let incident = try Self.incident(&r)
            for version in [nil, "v1"] as [String?] {
                let value = try IncidentExporter.featureValue(incident, currentLayersVersion: version)
                for (pretty, level) in [(true, 0), (true, 1), (true, 2), (false, 0)] {
                    var text = JSONText(pretty: pretty)
                    try IncidentFeatureText.append(incident, currentLayersVersion: version, indent: level, to: &text)
                    let expected = JSONWriter(pretty: pretty).string(value, indentLevel: level)
                    #expect(text.text == expected, "incident \(n), pretty \(pretty), level \(level)")
                    if text.text != expected { return }
                }
            }
        }
    }

    /// The streaming writer, batch by batch in the background, writes the document the
    /// one-shot exporter writes for all incidents at once, in every form.
    @Test func streamedDocumentsEqualTheOneShotOnes() throws {
        var r = SeededGenerator(seed: 7)
        let incidents = try (0..<300).map { _ in try Self.incident(&r) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fst-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func streamed(_ form: FeatureStreamWriter.Form, _ items: [Incident], batchSize: Int, pretty: Bool = true) throws -> String {
            let path = dir.appendingPathComponent("\(UUID().uuidString).json").path
            let output = try BatchOutput(path: path)
            let writer = FeatureStreamWriter(output: output, form: form, pretty: pretty, currentLayersVersion: "v1", batchSize: batchSize)
            for incident in items { try writer.append(incident) }
            try writer.finish()
            try output.finish()
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        let values = try incidents.map { try IncidentExporter.featureValue($0, currentLayersVersion: "v1") }
        let collection = String(decoding: try IncidentExporter.featureCollection(incidents, currentLayersVersion: "v1"), as: UTF8.self)
        for batchSize in [1, 7, 1_024] {
            #expect(try streamed(.featureCollection, incidents, batchSize: batchSize) == collection, "batch \(batchSize)")
            #expect(try streamed(.array, incidents, batchSize: batchSize) == JSONWriter(pretty: true).string(.array(values)) + "\n")
            #expect(try streamed(.lines, incidents, batchSize: batchSize) == values.map { JSONWriter().string($0) + "\n" }.joined())
            #expect(try streamed(.textSequence, incidents, batchSize: batchSize) == values.map { "\u{1E}" + JSONWriter().string($0) + "\n" }.joined())
            // Compact: one Feature per line between the opening and closing lines.
            #expect(try streamed(.featureCollection, incidents, batchSize: batchSize, pretty: false)
                == "{\"type\":\"FeatureCollection\",\"features\":[\n" + values.map { JSONWriter().string($0) }.joined(separator: ",\n") + "\n]}\n")
            #expect(try streamed(.array, incidents, batchSize: batchSize, pretty: false)
                == "[\n" + values.map { JSONWriter().string($0) }.joined(separator: ",\n") + "\n]\n")
        }
        #expect(try streamed(.featureCollection, [], batchSize: 7, pretty: false) == "{\"type\":\"FeatureCollection\",\"features\":[]}\n")
        #expect(try streamed(.featureCollection, [], batchSize: 7) == String(decoding: try IncidentExporter.featureCollection([]), as: UTF8.self))
        #expect(try streamed(.array, [], batchSize: 7) == "[]\n")
    }

    /// The byte writer spells strings and numbers as RFC 8259 and this tool's rules say
    /// (expected texts written by hand).
    @Test func stringsAndNumbersAreSpelledAsJSON() {
        let cases: [(JSONValue, String)] = [
            (.string("a\"b\\c\n\r\t\u{08}\u{0C}"), #""a\"b\\c\n\r\t\b\f""#),
            (.string("\u{01}\u{1F}\u{7F}"), #""\u0001\u001F\u007F""#),
            (.string("x\u{2028}y\u{2029}z — ✓"), "\"x\\u2028y\\u2029z — ✓\""),
            (.number(-0.0), "0"), (.number(3), "3"), (.number(-180), "-180"), (.number(1e-7), "1e-07"),
            (.number(0.1234567), "0.1234567"), (.number(9_007_199_254_740_993), "9007199254740992.0"),
            (.number(-9_007_199_254_740_991), "-9007199254740991"), (.number(.nan), "null"),
            (.array([.number(1), .string("a")]), #"[1,"a"]"#),
        ]
        for (value, expected) in cases {
            #expect(JSONWriter().string(value) == expected)
        }
        #expect(JSONWriter(pretty: true).string(["a": [1, 2], "b": ["x"]]) == "{\n  \"a\": [1, 2],\n  \"b\": [\n    \"x\"\n  ]\n}")
    }
}
