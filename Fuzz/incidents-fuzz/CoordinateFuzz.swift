import Foundation
import IncidentMapper

/// The coordinate parser (decimal, DMS, ICAO/NOTAM, pasted text). Properties: an accepted
/// position is finite, its latitude within ±90 and its longitude within ±180; written back as
/// decimal degrees and as DMS, it parses again to the same position (to the precision written).
enum CoordinateFuzz {
    static let target = FuzzTarget(name: "coordinates") { bytes in
        guard let input = text(bytes), let c = try? CoordinateParser.parse(input) else { return }
        guard c.latitude.isFinite && c.longitude.isFinite else { violated("non-finite position from \(input.debugDescription)") }
        guard abs(c.latitude) <= 90 else { violated("latitude \(c.latitude) from \(input.debugDescription)") }
        guard abs(c.longitude) <= 180 else { violated("longitude \(c.longitude) from \(input.debugDescription)") }
        let decimal = String(format: "%.9f %.9f", c.latitude, c.longitude)
        guard let again = try? CoordinateParser.parse(decimal) else { violated("\(decimal), from \(input.debugDescription), is refused") }
        guard abs(again.latitude - c.latitude) < 1e-8, abs(again.longitude - c.longitude) < 1e-8 else {
            violated("\(decimal) reads as \(again), not \(c)")
        }
        let dms = DMSFormat.latitude(c.latitude) + " " + DMSFormat.longitude(c.longitude)
        guard let fromDMS = try? CoordinateParser.parse(dms) else { violated("\(dms), from \(input.debugDescription), is refused") }
        guard abs(fromDMS.latitude - c.latitude) < 1e-3, abs(fromDMS.longitude - c.longitude) < 1e-3 else {
            violated("\(dms) reads as \(fromDMS), not \(c)")
        }
    }
}
