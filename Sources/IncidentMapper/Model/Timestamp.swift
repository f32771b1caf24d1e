import Foundation

/// Reading and writing times as ISO 8601 in UTC.
///
/// Accepts `2025-09-02`, `2025-09-02T14:30Z`, `2025-09-02T14:30:00Z`, `2025-09-02T14:30:00.250Z`
/// and offsets such as `-04:00`; a time without a zone is rejected, since it would be ambiguous.
/// Writes the GeoPackage form `2025-09-02T14:30:00.000Z` (UTC, milliseconds). Dates use the
/// proleptic Gregorian calendar both ways (`timegm`/`gmtime_r`), and only years 0001–9999 (in
/// UTC) are accepted, so every stored time reads back as the same instant.
public enum Timestamp {
    /// Parses an ISO 8601 date or date-time.
    /// - Throws: ``IncidentError/invalidField(_:_:)`` naming `field`.
    public static func parse(_ text: String, field: String = "time") throws(IncidentError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = parseStrict(trimmed) { return date }
        throw .invalidField(field, "\"\(text)\" is not an ISO 8601 date or date-time with a zone, years 0001–9999 in UTC (e.g. 2025-09-02 or 2025-09-02T14:30:00Z)")
    }

    /// True for a bare date (`2025-12-31`), which as an upper bound means the whole day.
    public static func isDateOnly(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespaces).wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil
    }

    /// Parses an upper bound: a bare date means the last millisecond of that day (UTC).
    public static func parseUpperBound(_ text: String, field: String) throws(IncidentError) -> Date {
        let date = try parse(text, field: field)
        return isDateOnly(text) ? date.addingTimeInterval(86_400 - 0.001) : date
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
        guard let m = text.wholeMatch(of: pattern),
              let year = Int(m.1), let month = Int(m.2), let day = Int(m.3),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        var offsetSeconds = 0
        if let hour = m.4, let minute = m.5, let zone = m.8 {
            guard let h = Int(hour), let mi = Int(minute), h < 24, mi < 60 else { return nil }
            parts.tm_hour = Int32(h)
            parts.tm_min = Int32(mi)
            if let second = m.6 {
                guard let s = Int(second), s < 60 else { return nil }
                parts.tm_sec = Int32(s)
            }
            if zone != "Z" && zone != "z" {
                let digits = zone.dropFirst().filter(\.isNumber)
                guard let oh = Int(digits.prefix(2)), let om = Int(digits.suffix(2)), oh < 24, om < 60 else { return nil }
                offsetSeconds = (oh * 3600 + om * 60) * (zone.first == "-" ? -1 : 1)
            }
        }
        var normalized = parts
        let seconds = timegm(&normalized)   // proleptic Gregorian, as gmtime_r in format(_:)
        guard normalized.tm_mday == parts.tm_mday, normalized.tm_mon == parts.tm_mon else { return nil } // 2025-02-30
        var result = Date(timeIntervalSince1970: TimeInterval(seconds - offsetSeconds))
        if let fraction = m.7 { result = result.addingTimeInterval(Double("0." + fraction) ?? 0) }
        result = truncatedToMilliseconds(result)
        guard (minimum...maximum).contains(result) else { return nil }
        return result
    }

    /// 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the range the stored form can hold.
    private static let minimum = Date(timeIntervalSince1970: -62_135_596_800)
    private static let maximum = Date(timeIntervalSince1970: 253_402_300_799.999)
}
