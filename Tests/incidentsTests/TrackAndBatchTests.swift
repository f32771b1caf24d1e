import Foundation
import Testing
@testable import IncidentMapper

/// `track` and `check --input` through the binary.
struct TrackAndBatchTests {
    /// SVZM's limit with San Juan FIR runs along the geodesic from 15°41'N 067°04'W to
    /// 15°00'N 065°00'W (AIP ENR 2.1). A point X lies on it when the bearing from its start to X
    /// equals the edge's own initial bearing; bisection on that gives the crossing of any
    /// geodesic leg with the edge, without using the tool's FIR polygon.
    static let edgeStart = Position(longitude: -(67 + 4.0 / 60), latitude: 15 + 41.0 / 60)
    static let edgeEnd = Position(longitude: -65, latitude: 15)

    static func crossing(from a: Position, to b: Position) -> Position {
        let g = Geodesic.wgs84
        let edge = g.inverse(from: edgeStart, to: edgeEnd).initialBearingDegrees
        let leg = g.inverse(from: a, to: b)
        func side(_ s: Double) -> Double {
            let x = g.destination(from: a, bearingDegrees: leg.initialBearingDegrees, distanceMeters: s)
            var d = g.inverse(from: edgeStart, to: x).initialBearingDegrees - edge
            d = (d + 540).truncatingRemainder(dividingBy: 360) - 180
            return d
        }
        var lo = 0.0, hi = leg.distanceMeters
        let sideAtStart = side(lo) > 0
        for _ in 0..<80 {
            let mid = (lo + hi) / 2
            if (side(mid) > 0) == sideAtStart { lo = mid } else { hi = mid }
        }
        return g.destination(from: a, bearingDegrees: leg.initialBearingDegrees, distanceMeters: lo)
    }

    @Test func flightIntoSVZMAndOutAgainCrossesWhereTheGeodesicsMeet() throws {
        let fixes = [(16.5, -66.0, "2025-10-15T21:00:00Z"), (13.0, -66.0, "2025-10-15T22:00:00Z"),
                     (16.5, -65.5, "2025-10-15T23:00:00Z")]
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("flight.csv")
        try Data(("time,lat,lon\n" + fixes.map { "\($0.2),\($0.0),\($0.1)" }.joined(separator: "\n") + "\n").utf8).write(to: file)
        let r = try CLI.run(["track", file.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONParser().parse(r.stdout)
        let svzm = (report["crossings"]?.arrayValue ?? []).filter { $0["area"]?.stringValue == "SVZM" }
        #expect(svzm.map { $0["direction"]?.stringValue } == ["enter", "exit"])
        let legs = [(fixes[0], fixes[1]), (fixes[1], fixes[2])]
        for (crossing, leg) in zip(svzm, legs) {
            let expected = Self.crossing(from: Position(longitude: leg.0.1, latitude: leg.0.0),
                                         to: Position(longitude: leg.1.1, latitude: leg.1.0))
            let got = Position(longitude: crossing["lon"]?.doubleValue ?? 0, latitude: crossing["lat"]?.doubleValue ?? 0)
            let miss = Geodesic.wgs84.distanceMeters(from: got, to: expected)
            #expect(miss < 0.1 * 1852, "crossing \(got) is \(miss) m from \(expected)")
        }
    }

    @Test func batchStreamsEveryRowAndReportsBadOnes() throws {
        let r = try CLI.run(["check", "--input", "-"], stdin: "name,lat,lon\nCaracas,10.6031,-66.9906\n\"Hato, Curaçao\",12.1889,-68.9598\nbroken,95,1\n")
        #expect(r.status == 65)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("name,lat,lon,fir_id,fir_name,fir_either,surface_kind,surface_state,surface_certain"))
        #expect(lines[1].hasPrefix("Caracas,10.6031,-66.9906,SVZM,Maiquetía,"))
        #expect(lines[2].hasPrefix("\"Hato, Curaçao\",12.1889,-68.9598,TNCF,"))
        #expect(r.stderr.contains("line 4") && r.stderr.contains("1 of 3 rows"))
        let json = try CLI.run(["check", "--input", "-", "--format", "json"], stdin: "lat,lon\n10.6031,-66.9906\n")
        let parsed = try JSONParser().parse(json.stdout)
        #expect(parsed[0]?["fir"]?["id"]?.stringValue == "SVZM")
    }

    @Test func exportCanCarryTheFIRLayer() throws {
        let dir = try CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("l.gpkg").path
        #expect(try CLI.run(["log", "--store", store, "--kind", "other", "--at", "11 -64", "--time", "2025-09-02", "--title", "t"]).status == 0)
        let r = try CLI.run(["export", "--store", store, "--layers", "fir"])
        #expect(r.status == 0, "\(r.stderr)")
        let features = try JSONParser().parse(r.stdout)["features"]?.arrayValue ?? []
        #expect(features.filter { $0["properties"]?["layer"]?.stringValue == "fir" }.count >= 14)
        #expect(try CLI.run(["export", "--store", store, "--layers", "seabed"]).status == 64)
    }

    @Test func zonesListsTheShippedLayers() throws {
        let r = try CLI.run(["zones", "--json"])
        #expect(r.status == 0)
        let rows = try JSONParser().parse(r.stdout).arrayValue ?? []
        #expect(rows.contains { $0["id"]?.stringValue == "SVZM" && $0["layer"]?.stringValue == "fir" })
        #expect(try CLI.run(["zones", "--provenance", "fir"]).stdout.contains("SVZM"))
        // An unknown layer is the same mistake in every verb: usage, 64, with the layers named.
        let zones = try CLI.run(["zones", "--provenance", "nope"])
        let export = try CLI.run(["export", "--layers", "nope", "-o", FileManager.default.temporaryDirectory.appendingPathComponent("never.geojson").path])
        #expect(zones.status == 64 && export.status == 64)
        #expect(zones.stderr.contains("Unknown layer 'nope': choose from fir, land, maritime"))
        #expect(export.stderr.contains("Unknown layer 'nope': choose from fir, land, maritime"))
    }
}
