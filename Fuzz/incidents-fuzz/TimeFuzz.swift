import Foundation
import IncidentMapper

/// The ISO 8601 time parser. Properties: an accepted time is written in the stored form and that
/// form reads back as the same instant (to the millisecond); an upper bound is never before the
/// time itself.
enum TimeFuzz {
    static let target = FuzzTarget(name: "time") { bytes in
        guard let input = text(bytes, limit: 256), let date = try? Timestamp.parse(input) else { return }
        let stored = Timestamp.format(date)
        guard let again = try? Timestamp.parse(stored) else { violated("\(stored), from \(input.debugDescription), is refused") }
        guard again == Timestamp.truncatedToMilliseconds(date) || abs(again.timeIntervalSince(date)) < 0.0005 else {
            violated("\(input.debugDescription) → \(stored) → \(again.timeIntervalSince1970), not \(date.timeIntervalSince1970)")
        }
        guard Timestamp.format(again) == stored else { violated("\(stored) is written back as \(Timestamp.format(again))") }
        guard let upper = try? Timestamp.parseUpperBound(input, field: "end"), upper >= date else {
            violated("the upper bound of \(input.debugDescription) is refused or before its start")
        }
    }
}
