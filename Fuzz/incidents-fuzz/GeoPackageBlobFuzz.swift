import Foundation
import IncidentMapper

/// The GeoPackage geometry blob decoder, as fed by a hostile `.gpkg` file. Properties: a
/// decoded geometry encodes and decodes to the same geometry; reading the envelope alone never
/// crashes whatever the header claims.
enum GeoPackageBlobFuzz {
    static let target = FuzzTarget(name: "gpkg-blob") { bytes in
        guard bytes.count <= 1 << 16 else { return }
        let data = Data(bytes)
        _ = try? GeoPackageGeometry.envelope(of: data)
        guard let geometry = try? GeoPackageGeometry.decode(data) else { return }
        let encoded: Data
        do { encoded = try GeoPackageGeometry.encode(geometry) } catch { violated("a decoded geometry cannot be encoded: \(error)") }
        guard let again = try? GeoPackageGeometry.decode(encoded) else { violated("the encoder's blob is refused") }
        guard again == geometry || geometry.positions.contains(where: { $0.longitude.isNaN || $0.latitude.isNaN }) else {
            violated("a blob changed in a round trip: \(geometry.typeName)")
        }
    }
}
