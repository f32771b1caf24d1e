import Foundation

/// Reading and writing times as ISO 8601 in UTC.
///
/// Accepts `2025-09-02`, `2025-09-02T14:30Z`, `2025-09-02T14:30:00Z`, `2025-09-02T14:30:00.250Z`
/// and offsets such as `-04:00`; a time without a zone is rejected, since it would be ambiguous.
/// Writes the GeoPackage form `2025-09-02T14:30:00.000Z` (UTC, milliseconds).
public enum Timestamp {
    /// Parses an ISO 8601 date or date-time.
    /// - Throws: ``IncidentError/invalidField(_:_:)`` naming `field`.
    public static func parse(_ text: String, field: String = "time") throws(IncidentError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = parseStrict(trimmed) { return date }
        throw .invalidField(field, "\"\(text)\" is not an ISO 8601 date or UTC date-time (e.g. 2025-09-02 or 2025-09-02T14:30:00Z)")
    }

    /// The GeoPackage/GeoJSON form: `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public static func format(_ date: Date) -> String {
        // Round to whole milliseconds so that writing and reading back give the same instant.
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = Int64((millis / 1000).rounded(.down))
        let fraction = Int(millis - Double(seconds) * 1000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                      Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), fraction)
    }

    /// Rounds a date to whole milliseconds, the precision the store keeps.
    public static func truncatedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    private static func parseStrict(_ text: String) -> Date? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2}))?$/
        guard let m = text.wholeMatch(of: pattern) else { return nil }
        guard let year = Int(m.1), let month = Int(m.2), let day = Int(m.3),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var components = DateComponents()
        components.year = year; components.month = month; components.day = day
        components.hour = 0; components.minute = 0; components.second = 0
        var offsetSeconds = 0
        if let hour = m.4, let minute = m.5, let zone = m.8 {
            guard let h = Int(hour), let mi = Int(minute), h < 24, mi < 60 else { return nil }
            components.hour = h; components.minute = mi
            if let second = m.6 {
                guard let s = Int(second), s < 60 else { return nil }
                components.second = s
            }
            if zone != "Z" && zone != "z" {
                let digits = zone.dropFirst().filter(\.isNumber)
                guard let oh = Int(digits.prefix(2)), let om = Int(digits.suffix(2)), oh < 24, om < 60 else { return nil }
                offsetSeconds = (oh * 3600 + om * 60) * (zone.first == "-" ? -1 : 1)
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }  // rejects 2025-02-30
        var result = date.addingTimeInterval(TimeInterval(-offsetSeconds))
        if let fraction = m.7 {
            result = result.addingTimeInterval((Double("0." + fraction) ?? 0))
        }
        return truncatedToMilliseconds(result)
    }
}
