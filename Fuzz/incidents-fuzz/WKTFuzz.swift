import Foundation
import IncidentMapper

/// The WKT reader (GEOS) and the WKB codec. Properties: whatever GEOS reads, its WKB decodes to
/// exactly the same geometry; a geometry the store would accept (``Geometry/validateForStorage(field:)``)
/// written as WKT reads back with the same type and the same positions.
enum WKTFuzz {
    static let target = FuzzTarget(name: "wkt") { bytes in
        guard let input = text(bytes), let geometry = try? Geometry(wkt: input) else { return }
        let decoded: Geometry
        do { decoded = try WKBCodec.decode(WKBCodec.encode(geometry)) } catch { violated("its own WKB is refused (\(error)): \(input.prefix(200))") }
        guard decoded == geometry || geometry.positions.contains(where: { $0.longitude.isNaN || $0.latitude.isNaN }) else {
            violated("WKB changed the geometry: \(input.prefix(200))")
        }
        guard (try? geometry.validateForStorage(field: "geometry")) != nil else { return }
        guard let written = try? GEOSGeometry(geometry).wkt(), let again = try? Geometry(wkt: written) else {
            violated("its own WKT is refused: \(input.prefix(200))")
        }
        guard again.typeName == geometry.typeName, again.positions.count == geometry.positions.count,
              zip(again.positions, geometry.positions).allSatisfy({
                  (close($0.longitude, $1.longitude, relative: 1e-15) || $0.longitude.isNaN && $1.longitude.isNaN) &&
                  (close($0.latitude, $1.latitude, relative: 1e-15) || $0.latitude.isNaN && $1.latitude.isNaN)
              }) else {
            violated("WKT changed the geometry: \(input.prefix(200)) → \(written.prefix(200))")
        }
    }
}
