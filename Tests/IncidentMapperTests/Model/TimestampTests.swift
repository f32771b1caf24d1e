import Foundation
import Testing
@testable import IncidentMapper

/// ISO 8601 in, GeoPackage DATETIME out, the same instant both ways.
struct TimestampTests {
    @Test(arguments: [
        ("2025-09-02", "2025-09-02T00:00:00.000Z"),
        ("2025-09-02T14:30Z", "2025-09-02T14:30:00.000Z"),
        ("2025-09-02T14:30:00.250Z", "2025-09-02T14:30:00.250Z"),
        ("2025-09-02T10:30:00-04:00", "2025-09-02T14:30:00.000Z"),   // Caracas time, UTC-4
        ("2025-09-02 14:30:00+0000", "2025-09-02T14:30:00.000Z"),
        ("1500-03-01", "1500-03-01T00:00:00.000Z"),                   // proleptic Gregorian, no Julian drift
        ("0001-01-01", "0001-01-01T00:00:00.000Z"),
        ("2024-02-29", "2024-02-29T00:00:00.000Z"),
    ])
    func parsesAndFormatsTheSameInstant(input: String, stored: String) throws {
        let date = try Timestamp.parse(input)
        #expect(Timestamp.format(date) == stored)
        #expect(try Timestamp.parse(stored) == date)
    }

    @Test(arguments: [
        "yesterday", "2025-13-01", "2025-02-30", "2025-02-29", "2025-09-02T14:30:00",   // no zone: ambiguous
        "9999-12-31T23:00:00-05:00",   // would be year 10000 in UTC
        "0001-01-01T00:30:00+01:00",   // would be year 0 in UTC
        "2025-09-02T24:00:00Z", "", "1900-02-29", "2025-09-02T14:30:00.1234567891Z", "2025-09-02T14:30:00.Z",
        "2025-9-02", "2025-09-02T14:30:00ZZ", "2025-09-02T14:30:00+5", "2025-09-02X14:30Z",
    ])
    func rejectsWhatCannotBeStoredFaithfully(input: String) {
        #expect(throws: IncidentError.self) { try Timestamp.parse(input, field: "time_start") }
    }

    @Test func bareDateAsUpperBoundCoversTheWholeDay() throws {
        let end = try Timestamp.parseUpperBound("2025-12-31", field: "--until")
        #expect(Timestamp.format(end) == "2025-12-31T23:59:59.999Z")
        #expect(try Timestamp.parseUpperBound("2025-12-31T12:00:00Z", field: "--until")
                == Timestamp.parse("2025-12-31T12:00:00Z"))
    }

    /// The calendar arithmetic checked against the C library's `timegm`/`gmtime_r` (independent
    /// code) at 5,000 seeded instants over years 0001–9999, and the leap day of 2000 accepted.
    @Test func agreesWithTheCLibraryOnSeededInstants() throws {
        var generator = SeededGenerator(seed: 20261201)
        for _ in 0..<5_000 {
            let seconds = Int.random(in: -62_135_596_800...253_402_300_799, using: &generator)
            let millis = Int.random(in: 0...999, using: &generator)
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                              Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
            let date = try Timestamp.parse(text)
            #expect(Int((date.timeIntervalSince1970 * 1000).rounded()) == seconds * 1000 + millis, "\(text)")
            #expect(Timestamp.format(date) == text)
        }
        #expect(Timestamp.format(try Timestamp.parse("2000-02-29T23:59:59.999+00:00")) == "2000-02-29T23:59:59.999Z")
    }
}

/// A time is kept at the precision it is given: a bare date is that day.
struct IncidentTimePrecisionTests {
    @Test func aBareDateIsTheWholeDayAndABareEndItsLastMillisecond() throws {
        let day = try IncidentTime(parsing: "2025-09-03", end: nil)
        #expect(Timestamp.format(day.start) == "2025-09-03T00:00:00.000Z" && day.end.map(Timestamp.format) == "2025-09-03T23:59:59.999Z")
        let exact = try IncidentTime(parsing: "2025-09-03T14:30:00Z", end: nil)
        #expect(exact.end == nil)
        let span = try IncidentTime(parsing: "2025-10-26", end: "2025-10-30")
        #expect(span.end.map(Timestamp.format) == "2025-10-30T23:59:59.999Z")
        let exactEnd = try IncidentTime(parsing: "2025-10-26", end: "2025-10-30T06:00:00Z")
        #expect(exactEnd.end.map(Timestamp.format) == "2025-10-30T06:00:00.000Z")
        #expect(throws: IncidentError.self) { try IncidentTime(parsing: "2025-09-03", end: "2025-09-02") }
        #expect(day.overlaps(since: try Timestamp.parse("2025-09-03T15:00:00Z"), until: try Timestamp.parse("2025-09-03T16:00:00Z")))
        // The same reading for another tool's GeoJSON.
        var notes: [String] = []
        let incident = try IncidentFeature.incident(from: GeoJSONFeature(geometry: .point(Position(longitude: -66, latitude: 10)),
                                                                         properties: ["time": "2025-09-03", "title": "t"]),
                                                    index: 0, notes: &notes)
        #expect(incident.time == day)
    }
}
