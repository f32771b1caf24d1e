import Testing

/// `incidents parse`, `distance` and `check` as scripts use them: stdout, stderr, exit codes.
struct ParseAndDistanceTests {
    @Test(arguments: [
        ("1130N 06615W", "11.5 -66.25"),
        ("10°36'00\"N 66°59'24\"W", "10.6 -66.99"),
        ("10.6, -66.99", "10.6 -66.99"),
        ("103600N0665924W", "10.6 -66.99"),
    ])
    func parsePrintsLatitudeThenLongitude(input: String, expected: String) throws {
        let r = try CLI.run(["parse", input])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    @Test(arguments: ["95 10", "10°61'N 66°W", "S 10 S 20", "500 5th st nw", ""])
    func badCoordinateExits65WithOneLine(input: String) throws {
        let r = try CLI.run(["parse", input])
        #expect(r.status == 65)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("coordinate"))
    }

    /// Maiquetía (SVMI) to Piarco (TTPP). Reference: pyproj 3.7.2 `Geod(ellps="WGS84").inv(-66.9906, 10.6031,
    /// -61.3372, 10.5954)` = 618,657.918754 m, azimuth 89.558465° (GeographicLib's algorithm, run independently).
    @Test func distanceIsGeodesicInTheAskedUnit() throws {
        let km = try CLI.run(["distance", "10.6031 -66.9906", "10.5954 -61.3372", "--unit", "km"])
        #expect(km.status == 0)
        #expect(abs((Double(km.stdout.split(separator: " ")[0]) ?? 0) - 618.657918754) < 1e-6)
        let nm = try CLI.run(["distance", "10.6031 -66.9906", "10.5954 -61.3372"])
        #expect(abs((Double(nm.stdout.split(separator: " ")[0]) ?? 0) - 618657.918754254 / 1852) < 1e-6)
        #expect(nm.stdout.contains("nm (initial bearing 89.56°)"))
    }

    @Test func negativeCoordinatesAreNotTakenForOptions() throws {
        let r = try CLI.run(["distance", "-10.5,-66.9", "-10.5,-66.8", "--unit", "m"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try CLI.run(["parse", "-66, -32"]).stdout == "-66 -32\n")
    }

    @Test func checkJSONHasTheFieldsScriptsUse() throws {
        let inside = try CLI.run(["check", "10.6031 -66.9906", "--json"])
        #expect(inside.status == 0)
        #expect(inside.stdout.contains("\"fir\":{\"id\":\"SVZM\""))
        #expect(inside.stdout.contains("\"lat\":10.6031"))
        let curacao = try CLI.run(["check", "12.1889 -68.9598", "--json"])   // Hato airport, Curaçao FIR
        #expect(curacao.stdout.contains("\"fir\":{\"id\":\"TNCF\""))
        let madrid = try CLI.run(["check", "40.4169 -3.7035", "--json"])     // Madrid: no FIR of the theatre
        #expect(madrid.stdout.contains("\"fir\":null"))
        // 5°S 105°W: inside the covered region, in the Eastern Pacific airspace ICAO assigns to
        // no state ("NO FIR"; VATSpy has no polygon there either).
        let noFIR = try CLI.run(["check", "-5 -105"])
        #expect(noFIR.stdout.contains("no FIR (airspace assigned to no state)"), "\(noFIR.stdout)")
    }

    @Test func usageErrorsExit64() throws {
        #expect(try CLI.run(["distance", "10 10"]).status == 64)
        #expect(try CLI.run(["log", "--kind", "flight"]).status == 64)
    }
}
