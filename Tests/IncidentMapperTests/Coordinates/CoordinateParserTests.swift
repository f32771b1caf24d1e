import Testing

@testable import IncidentMapper

// Cases borrowed from public test suites (inputs and expected values re-typed here; no files are read):
// - geo-coordinates-parser, src/tests/testformats.js and failFormats.js
//   (https://github.com/ianengelbrecht/geo-coordinates-parser, MIT)
// - @mapbox/sexagesimal, test/pair.js (https://github.com/mapbox/sexagesimal, BSD-2-Clause)
// - QSimPlanner, src/Tests/UnitTest/AviationTools/Coordinates/*.cs
//   (https://github.com/JetStream96/QSimPlanner, MIT)
// - avwx-engine, tests/current/data/notam/*.json, NOTAM coordinate strings only; the expected values are
//   computed here as DDMM / DDMMSS (https://github.com/avwx-rest/avwx-engine, MIT)
// The Venezuelan / Caribbean cases are written for this project.

/// Input, expected latitude, expected longitude (decimal degrees).
private let acceptCases: [(String, Double, Double)] = [
    // Decimal degrees
    ("10.6, -66.99", 10.6, -66.99),
    ("10.6 -66.99", 10.6, -66.99),
    ("  10.4806 -66.9036\t", 10.4806, -66.9036),  // Caracas, surrounding whitespace
    ("40.123°,-74.123°", 40.123, -74.123),  // geo-coordinates-parser
    ("66 32", 66, 32),  // sexagesimal
    ("-66, -32", -66, -32),  // sexagesimal
    ("40.123N 74.123W", 40.123, -74.123),  // geo-coordinates-parser
    ("N66 W32", 66, -32),  // sexagesimal
    ("S 66, W 32", -66, -32),  // sexagesimal
    ("66 S 32 W", -66, -32),  // sexagesimal
    ("10.432342S 10.6345345E", -10.432342, 10.6345345),  // geo-coordinates-parser
    ("40.123° N 74.123° W", 40.123, -74.123),  // geo-coordinates-parser
    ("1.23456, 18.33453", 1.23456, 18.33453),  // geo-coordinates-parser
    ("90, 180", 90, 180),
    ("−10.5 66.9", -10.5, 66.9),  // Unicode minus sign
    // Longitude first: the letters decide
    ("W32, S66", -66, -32),
    ("32 w 66 s", -66, -32),  // sexagesimal
    ("e 32, n 66", 66, 32),  // sexagesimal
    ("W 66.9036 N 10.4806", 10.4806, -66.9036),
    // Degrees, minutes, seconds
    (#"10°36'00"N 66°59'24"W"#, 10.6, -66.99),
    ("10°36.0'N 66°59.4'W", 10.6, -66.99),
    (#"15°40'24"N 63°37'00"W"#, 15 + 40.0 / 60 + 24.0 / 3600, -(63 + 37.0 / 60)),  // Isla de Aves
    ("18°24S 22°45E", -18.4, 22.75),  // geo-coordinates-parser, minutes without a mark
    (#"40° 7´ 22.8" N 74° 7´ 22.8" W"#, 40.123, -74.123),  // geo-coordinates-parser
    ("N40°7’22.8’’, W74°7’22.8’’", 40.123, -74.123),  // geo-coordinates-parser, ’’ = seconds
    (#"40°7’23" -74°7’23""#, 40 + 7.0 / 60 + 23.0 / 3600, -(74 + 7.0 / 60 + 23.0 / 3600)),
    ("40° 26.7717 -79° 56.93172", 40.446195, -79.948862),  // geo-coordinates-parser
    ("40 7 22.8, -74 7 22.8", 40.123, -74.123),  // geo-coordinates-parser
    ("40° 7.38’ , -74° 7.38’", 40.123, -74.123),  // geo-coordinates-parser
    ("40°26′47″N 79°58′36″W", 40 + 26.0 / 60 + 47.0 / 3600, -(79 + 58.0 / 60 + 36.0 / 3600)),
    ("40:7:22.8N 74:7:22.8W", 40.123, -74.123),  // geo-coordinates-parser
    ("27deg 15min 45.2sec S 18deg 32min 53.7sec E", -27.262555555555554, 18.54825),  // geo-coordinates-parser
    ("10°30' norte, 66°55' oeste", 10.5, -(66 + 55.0 / 60)),  // Caracas, Spanish hemisphere words
    ("S 5°30' W 36°", -5.5, -36),
    // Decimal commas, when the text reads no other way
    ("40,446195° 79,948862°", 40.446195, 79.948862),  // geo-coordinates-parser
    ("27,71372° S 23,07771° E", -27.71372, 23.07771),  // geo-coordinates-parser
    // ICAO / NOTAM packed forms
    ("1036N06659W", 10.6, -(66 + 59.0 / 60)),
    ("103600N0665924W", 10.6, -66.99),
    ("1030N 06655W", 10.5, -(66 + 55.0 / 60)),  // near Caracas
    ("1130N 06615W", 11.5, -66.25),  // off La Orchila
    ("24.99372015823515,9.1545929720554e-05", 24.99372015823515, 9.1545929720554e-05),  // as programs print small numbers
    ("-9.7841937049584E-05 138.3857117773458", -9.7841937049584e-05, 138.3857117773458),
    ("1217N06858W", 12 + 17.0 / 60, -(68 + 58.0 / 60)),  // Curaçao
    ("36N170W", 36, -170),  // QSimPlanner
    ("57S113E", -57, 113),  // QSimPlanner
    ("2100S13530E", -21, 135.5),  // QSimPlanner
    ("2100N03530W", 21, -35.5),  // QSimPlanner
    ("4007.38N7407.38W", 40.123, -74.123),  // geo-coordinates-parser, 4-digit longitude
    ("400722.8N740722.8W", 40.123, -74.123),  // geo-coordinates-parser, 6-digit longitude
    ("2119N15755W", 21 + 19.0 / 60, -(157 + 55.0 / 60)),  // avwx-engine NOTAM
    ("512107N 0003608W", 51 + 21.0 / 60 + 7.0 / 3600, -(36.0 / 60 + 8.0 / 3600)),  // avwx-engine NOTAM
    ("513029N0000549W", 51 + 30.0 / 60 + 29.0 / 3600, -(5.0 / 60 + 49.0 / 3600)),  // avwx-engine NOTAM
]

/// Input and a substring the error message must contain.
private let rejectCases: [(String, String)] = [
    ("", "empty coordinate"),
    ("   \t ", "empty coordinate"),
    ("10,5,66,5", "4 values found"),  // 10.5/66.5 or 10°05'/66°05'? ambiguous: rejected
    ("90.07, 10", "latitude 90.07 is beyond ±90"),
    (#"90°4'17.698"south, 23°4'17.698"east"#, "beyond ±90"),  // geo-coordinates-parser
    (#"89°4'17.698"south, 183°4'17.698"east"#, "longitude 183.071583 is beyond ±180"),  // geo-coordinates-parser
    ("-254.4602, 31.53681", "latitude -254.4602 is beyond ±90"),  // geo-coordinates-parser
    ("1234.524234234, 1241.1541241234", "beyond ±90"),  // geo-coordinates-parser
    ("2100S53530E", "longitude 535.5 is beyond ±180"),  // QSimPlanner
    ("37N200E", "longitude 200 is beyond ±180"),  // QSimPlanner
    ("8°83S 35°67E ", "minutes 83 must be below 60"),  // geo-coordinates-parser
    (#"10°30'75"N 66°55'W"#, "seconds 75 must be below 60"),
    (#"66° 30′ 360″, -66° 30′ 720""#, "seconds 360 must be below 60"),  // sexagesimal (it accepts these)
    ("1060N 06655W", "minutes 60 must be below 60"),
    ("40° -7', 10", "must not be negative"),
    ("40.5° 30', 10", "decimal degrees cannot be followed by minutes"),
    ("23°45'12.2''S 18.33'56.7''E", "minutes 18.33 without degrees"),  // geo-coordinates-parser
    ("S 27.45.34 S 23.23.23", "two latitude hemispheres (S … S)"),  // geo-coordinates-parser
    ("27.45.34 S S 23.23.23", "two latitude hemispheres"),  // geo-coordinates-parser
    ("37S155S", "two latitude hemispheres (S … S)"),  // QSimPlanner
    ("10N 20W 30E", "two longitude hemispheres (W … E)"),
    ("-10.5N 66E", "sign '-' contradicts hemisphere N"),
    ("+10.5S 66E", "sign '+' contradicts hemisphere S"),
    ("37S155", "missing longitude hemisphere"),  // QSimPlanner
    ("10.5N, -66.9", "missing longitude hemisphere"),
    ("10.5", "missing longitude"),
    ("10.5,", "missing longitude"),
    ("35sa", "unexpected text 'sa'"),  // QSimPlanner
    ("37U055E", "unexpected text 'U'"),  // QSimPlanner
    ("37S15AW", "unexpected text 'AW'"),  // QSimPlanner
    ("W32, S66 cruft", "unexpected text 'cruft'"),  // sexagesimal
    ("cruft W32, S66", "unexpected text 'cruft'"),  // sexagesimal
    ("500 johnson st 11310", "unexpected text 'johnson'"),  // sexagesimal
    ("500 5th", "unexpected text 'th'"),  // sexagesimal
    ("500 5th st nw", "unexpected text"),  // sexagesimal
    ("nan, 10", "'nan' is not a finite number"),
    ("10, inf", "'inf' is not a finite number"),
    ("10, 20, 30", "3 values found"),
    ("40 7 22.8 74 7 22.8", "separate latitude and longitude with a comma"),
    ("N40 74W", "hemisphere 'W' is misplaced"),
    ("12345N 06655W", "not a packed latitude"),
    ("27.45.34 S 23.23.23 E", "malformed number '27.45.34'"),
]

@Test("accepts the forms people copy", arguments: acceptCases)
func accepts(_ input: String, _ latitude: Double, _ longitude: Double) throws {
    let coordinate = try CoordinateParser.parse(input)
    #expect(abs(coordinate.latitude - latitude) < 1e-9, "latitude of \(input)")
    #expect(abs(coordinate.longitude - longitude) < 1e-9, "longitude of \(input)")
}

@Test("rejects with an actionable message", arguments: rejectCases)
func rejects(_ input: String, _ message: String) {
    do {
        let coordinate = try CoordinateParser.parse(input)
        Issue.record("accepted \(input.debugDescription) as \(coordinate.latitude), \(coordinate.longitude)")
    } catch {
        #expect(error.description.contains(message), "\(input.debugDescription): \(error.description)")
    }
}

@Test func errorsAreTypedAndComparable() {
    #expect(throws: CoordinateParseError.componentTooLarge(.minutes, 83)) {
        try CoordinateParser.parse("8°83S 35°67E")
    }
    #expect(throws: CoordinateParseError.repeatedHemisphere(.latitude, "S", "S")) {
        try CoordinateParser.parse("37S155S")
    }
    #expect(throws: CoordinateParseError.empty) { try CoordinateParser.parse(" ") }
}

@Test func positionIsLongitudeFirst() throws {
    let position = try CoordinateParser.parse("1130N 06615W").position
    #expect(position.longitude == -66.25)
    #expect(position.latitude == 11.5)
}
