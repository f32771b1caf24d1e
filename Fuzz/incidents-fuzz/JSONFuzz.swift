import Foundation
import IncidentMapper

/// The JSON reader, and the GeoJSON reader and writer. Properties: accepted JSON written back
/// parses to the same value; an accepted GeoJSON document, written by the strict writer (which
/// orients rings by the right-hand rule), is accepted again as the same type with the same
/// features and positions, and writing it again changes nothing (the writer's form is a fixed point).
enum JSONFuzz {
    static let target = FuzzTarget(name: "json") { bytes in
        guard bytes.count <= 1 << 16 else { return }
        guard let value = try? JSONParser().parse(Array(bytes)) else { return }
        let written = JSONWriter(pretty: false).string(value)
        guard let again = try? JSONParser().parse(written) else { violated("the writer's JSON is refused: \(written.prefix(200))") }
        guard again == value else { violated("JSON changed in a round trip: \(written.prefix(200))") }
        guard let document = try? GeoJSONReader.read(json: value) else { return }
        let strict = GeoJSONWriter.documentValue(document, decimals: nil)
        guard let reread = try? GeoJSONReader.read(json: strict) else {
            violated("the writer's GeoJSON is refused: \(JSONWriter(pretty: false).string(strict).prefix(300))")
        }
        func sortedPositions(_ g: Geometry?) -> [Position] {
            (g?.positions ?? []).sorted { ($0.longitude, $0.latitude) < ($1.longitude, $1.latitude) }
        }
        guard reread.typeName == document.typeName, reread.features.count == document.features.count,
              zip(reread.features, document.features).allSatisfy({
                  $0.geometry?.typeName == $1.geometry?.typeName && sortedPositions($0.geometry) == sortedPositions($1.geometry)
              }) else {
            violated("GeoJSON changed in a round trip: \(JSONWriter(pretty: false).string(strict).prefix(300))")
        }
        guard GeoJSONWriter.documentValue(reread, decimals: nil) == strict else {
            violated("the strict writer's form is not a fixed point: \(JSONWriter(pretty: false).string(strict).prefix(300))")
        }
    }
}
