import Foundation

/// Reading and writing times as ISO 8601 in UTC.
///
/// Accepts `2025-09-02`, `2025-09-02T14:30Z`, `2025-09-02T14:30:00Z`, `2025-09-02T14:30:00.250Z`
/// and offsets such as `-04:00`; a time without a zone is rejected, since it would be ambiguous.
/// Writes the GeoPackage form `2025-09-02T14:30:00.000Z` (UTC, milliseconds). Dates use the
/// proleptic Gregorian calendar both ways (computed, not through `timegm`), and only years 0001–9999 (in
/// UTC) are accepted, so every stored time reads back as the same instant.
public enum Timestamp {
    /// Parses an ISO 8601 date or date-time.
    /// - Throws: ``IncidentError/invalidField(_:_:)`` naming `field`.
    public static func parse(_ text: String, field: String = "time") throws(IncidentError) -> Date {
        if let date = parseStrict(trimmedSpaces(text)) { return date }
        throw .invalidField(field, "\"\(text.clippedForMessage())\" is not an ISO 8601 date or date-time with a zone, years 0001–9999 in UTC (e.g. 2025-09-02 or 2025-09-02T14:30:00Z)")
    }

    /// True for a bare date (`2025-12-31`), which as an upper bound means the whole day.
    public static func isDateOnly(_ text: String) -> Bool {
        let bytes = Array(trimmedSpaces(text).utf8)
        return bytes.count == 10 && parseFields(bytes)?.hasTime == false
    }

    /// Parses an upper bound: a bare date means the last millisecond of that day (UTC).
    public static func parseUpperBound(_ text: String, field: String) throws(IncidentError) -> Date {
        let date = try parse(text, field: field)
        return isDateOnly(text) ? date.addingTimeInterval(86_400 - 0.001) : date
    }

    /// The GeoPackage/GeoJSON form: `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public static func format(_ date: Date) -> String {
        // Round to whole milliseconds so that writing and reading back give the same instant.
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let inDay = Int(millis - days * 86_400_000)
        let (year, month, day) = civilDate(fromDaysSinceEpoch: days)
        var out = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, _ digits: Int, at offset: Int) {
            var v = value
            for i in stride(from: offset + digits - 1, through: offset, by: -1) { out[i] = UInt8(48 + v % 10); v /= 10 }
        }
        put(Int(year), 4, at: 0); out[4] = 45; put(month, 2, at: 5); out[7] = 45; put(day, 2, at: 8)
        out[10] = 84; put(inDay / 3_600_000, 2, at: 11); out[13] = 58; put(inDay / 60_000 % 60, 2, at: 14)
        out[16] = 58; put(inDay / 1000 % 60, 2, at: 17); out[19] = 46; put(inDay % 1000, 3, at: 20); out[23] = 90
        return String(decoding: out, as: UTF8.self)
    }

    /// Rounds a date to whole milliseconds, the precision the store keeps.
    public static func truncatedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// The fields of `YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]](Z|z|±HH[:]MM)]`, read byte by byte
    /// (a regex here cost most of the time of `list`). Nil when the text has another shape or a
    /// field out of range (month 13, 2025-02-30, hour 24).
    private struct Fields {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var fractionNanos = 0
        var offsetSeconds = 0
        var hasTime = false
    }

    private static func parseFields(_ b: [UInt8]) -> Fields? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<i + n {
                let d = Int(b[k]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        var f = Fields()
        guard let y = digits(4), expect(45), let m = digits(2), expect(45), let d = digits(2) else { return nil }
        (f.year, f.month, f.day) = (y, m, d)
        guard (1...12).contains(m), d >= 1, d <= daysInMonth(year: y, month: m) else { return nil }
        if i == b.count { return f }
        guard b[i] == 84 || b[i] == 32 else { return nil }    // 'T' or ' '
        i += 1
        guard let h = digits(2), expect(58), let mi = digits(2), h < 24, mi < 60 else { return nil }
        (f.hour, f.minute, f.hasTime) = (h, mi, true)
        if expect(58) {
            guard let s = digits(2), s < 60 else { return nil }
            f.second = s
            if expect(46) {
                var count = 0, nanos = 0
                while i < b.count, b[i] >= 48, b[i] <= 57, count < 9 { nanos = nanos * 10 + Int(b[i] - 48); i += 1; count += 1 }
                guard count >= 1 else { return nil }
                for _ in count..<9 { nanos *= 10 }
                f.fractionNanos = nanos
            }
        }
        guard i < b.count else { return nil }                 // a time needs its zone
        if b[i] == 90 || b[i] == 122 {                        // 'Z' or 'z'
            i += 1
        } else if b[i] == 43 || b[i] == 45 {                  // '+' or '-'
            let sign = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2) else { return nil }
            _ = expect(58)
            guard let om = digits(2), oh < 24, om < 60 else { return nil }
            f.offsetSeconds = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        return i == b.count ? f : nil
    }

    private static func parseStrict(_ text: Substring) -> Date? {
        guard let f = parseFields(Array(text.utf8)) else { return nil }
        let days = daysSinceEpoch(year: f.year, month: f.month, day: f.day)
        let seconds = days * 86_400 + Int64(f.hour * 3600 + f.minute * 60 + f.second - f.offsetSeconds)
        let millis = Double(seconds) * 1000 + (Double(f.fractionNanos) / 1_000_000).rounded()
        let result = Date(timeIntervalSince1970: millis / 1000)
        guard (minimum...maximum).contains(result) else { return nil }
        return result
    }

    /// The text without leading or trailing spaces and tabs (Foundation's trimming was a tenth
    /// of an import's time).
    private static func trimmedSpaces(_ text: String) -> Substring {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last, first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else {
            return text[...]
        }
        return text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed().reduce(into: "") { $0.append($1) }[...]
    }

    private static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day counted from 1970-01-01 (Hinnant's `civil_from_days`).
    static func civilDate(fromDaysSinceEpoch days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the range the stored form can hold.
    private static let minimum = Date(timeIntervalSince1970: -62_135_596_800)
    private static let maximum = Date(timeIntervalSince1970: 253_402_300_799.999)
}
