import Foundation
import IncidentMapper
import Testing

/// Contexts of whole geometries through the binary: every FIR and surface a track or zone
/// touches, with its share; stale contexts after the layers change, and `reclassify`.
struct ContextTests {
    static func features(_ r: CLI.Result) throws -> [JSONValue] { try JSONParser().parse(r.stdout).arrayValue ?? [] }

    /// A flight along 66.5°W from 14°N (inside Maiquetía) to 17°N (San Juan) crosses SVZM's
    /// northern limit, the geodesic 15°41'N 067°04'W – 15°00'N 065°00'W (Venezuela AIP ENR 2.1).
    @Test func aFlightFromSVZMIntoTJZSIsFoundByBothFIRs() throws {
        let dir = try CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("c.gpkg").path
        let log = try CLI.run(["log", "--store", store, "--kind", "flight", "--geometry", "LINESTRING (-66.5 14.0, -66.5 17.0)",
                               "--time", "2025-10-15T21:00:00Z", "--title", "Bombers north"])
        #expect(log.status == 0, "\(log.stderr)")
        let id = log.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for fir in ["SVZM", "TJZS"] {
            let listed = try CLI.run(["list", "--store", store, "--fir", fir])
            #expect(listed.stdout.contains(id), "list --fir \(fir): \(listed.stdout)")
        }
        #expect(!(try CLI.run(["list", "--store", store, "--fir", "TTZP"]).stdout.contains(id)))
        // The share inside SVZM is the geodesic length from 14°N to the limit, over the whole.
        let g = Geodesic.wgs84
        let a = Position(longitude: -(67 + 4.0 / 60), latitude: 15 + 41.0 / 60), b = Position(longitude: -65, latitude: 15)
        let leg = g.inverse(from: a, to: b)
        var lo = 0.0, hi = leg.distanceMeters   // bisect along the limit for 66.5°W
        while hi - lo > 0.01 {
            let mid = (lo + hi) / 2
            if g.destination(from: a, bearingDegrees: leg.initialBearingDegrees, distanceMeters: mid).longitude < -66.5 { lo = mid } else { hi = mid }
        }
        let crossing = g.destination(from: a, bearingDegrees: leg.initialBearingDegrees, distanceMeters: lo)
        let start = Position(longitude: -66.5, latitude: 14), end = Position(longitude: -66.5, latitude: 17)
        let expected = g.distanceMeters(from: start, to: crossing) / g.distanceMeters(from: start, to: end)
        let feature = try #require(try Self.features(try CLI.run(["list", "--store", store, "--json"])).first)
        let parts = feature["properties"]?["context_parts"]?.arrayValue ?? []
        let svzm = parts.first { $0["layer"]?.stringValue == "fir" && $0["value"]?.stringValue == "SVZM" }?["share"]?.doubleValue
        #expect(abs((svzm ?? 0) - expected) < 0.001, "SVZM share \(svzm ?? -1), expected \(expected)")
        let firShares = parts.filter { $0["layer"]?.stringValue == "fir" }.compactMap { $0["share"]?.doubleValue }
        #expect(abs(firShares.reduce(0, +) - 1) < 1e-6)
        #expect(feature["properties"]?["firs"]?.arrayValue?.compactMap(\.stringValue).sorted() == ["SVZM", "TJZS"])
        let shown = try CLI.run(["show", id, "--store", store]).stdout
        #expect(shown.contains("SVZM") && shown.contains("TJZS") && shown.contains("shares of its length"), "\(shown)")
    }

    /// A zone 9–15 nm off a straight stretch of Venezuela's coast (10.632°N, 66.53–66.59°W, two
    /// consecutive GSHHG vertices): the 12 nm line runs through it, so it lies in both the
    /// territorial sea and the contiguous zone; the shares of its area add up to 100 %.
    @Test func anExerciseZoneAcrossThe12nmLineListsBothZones() throws {
        let dir = try CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("z.gpkg").path
        let zone = "POLYGON ((-66.60 10.78, -66.52 10.78, -66.52 10.88, -66.60 10.88, -66.60 10.78))"
        let log = try CLI.run(["log", "--store", store, "--kind", "exercise-zone", "--geometry", zone,
                               "--time", "2025-10-26", "--end", "2025-10-30", "--title", "Exercise"])
        #expect(log.status == 0, "\(log.stderr)")
        let feature = try #require(try Self.features(try CLI.run(["list", "--store", store, "--json"])).first)
        let parts = feature["properties"]?["context_parts"]?.arrayValue ?? []
        let surfaces = parts.filter { $0["layer"]?.stringValue == "surface" }
        let names = surfaces.map { "\($0["value"]?.stringValue ?? "") \($0["state"]?.stringValue ?? "")" }
        #expect(names.contains("territorial-sea VEN") && names.contains("contiguous-zone VEN"), "\(names)")
        let total = surfaces.compactMap { $0["share"]?.doubleValue }.reduce(0, +)
        #expect(abs(total - 1) < 0.001, "surface shares add up to \(total)")
        #expect(feature["properties"]?["context_measure"]?.stringValue == "area")
        for zoneKind in ["territorial-sea", "contiguous-zone"] {
            #expect(try CLI.run(["list", "--store", store, "--zone", zoneKind, "--state", "VEN"]).stdout.contains("Exercise"))
        }
        #expect(!(try CLI.run(["list", "--store", store, "--zone", "eez"]).stdout.contains("Exercise")))
    }

    /// Reference layers made for this test: one square FIR and one island, with a version that
    /// the test then changes (FIR renamed, island moved).
    static func writeLayers(_ dir: URL, fir: String, islandWest: Double) throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("fir"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("land"), withIntermediateDirectories: true)
        try Data("""
            {"theatre": {"west": -70, "east": -60, "south": 5, "north": 15},
             "land_frame": {"west": -75, "east": -55, "south": 0, "north": 20},
             "accuracy_m": {"coastline": 500, "land_border": 2000}}
            """.utf8).write(to: dir.appendingPathComponent("coverage.json"))
        try Data("""
            {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "\(fir)", "name": "Test \(fir)",
              "version": "\(fir)-v"}, "geometry": {"type": "Polygon", "coordinates": [[[-75, 0], [-55, 0], [-55, 20], [-75, 20], [-75, 0]]]}}]}
            """.utf8).write(to: dir.appendingPathComponent("fir/\(fir).geojson"))
        let (w, e) = (islandWest, islandWest + 1)
        try Data("""
            {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "VEN", "name": "Island",
              "version": "\(islandWest)"}, "geometry": {"type": "Polygon", "coordinates": [[[\(w), 9], [\(e), 9], [\(e), 10], [\(w), 10], [\(w), 9]]]}}]}
            """.utf8).write(to: dir.appendingPathComponent("land/land.geojson"))
    }

    @Test func aLayerChangeMakesContextsStaleAndReclassifyUpdatesThem() throws {
        let dir = try CLI.temporaryDirectory()
        let layers = dir.appendingPathComponent("geodata")
        let store = dir.appendingPathComponent("s.gpkg").path
        let env = ["INCIDENTS_GEODATA": layers.path, "INCIDENTS_CACHE_DIR": dir.appendingPathComponent("cache").path]
        try Self.writeLayers(layers, fir: "AAAA", islandWest: -65)
        let log = try CLI.run(["log", "--store", store, "--kind", "other", "--at", "9.5 -64.5", "--time", "2025-09-02",
                               "--title", "On the island"], environment: env)
        #expect(log.status == 0, "\(log.stderr)")
        let id = log.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let before = try CLI.run(["list", "--store", store], environment: env)
        #expect(before.stdout.contains("AAAA") && before.stdout.contains("land of VEN") && !before.stdout.contains("STALE"),
                "\(before.stdout)")

        // New version of the layers: the FIR is renamed, the island moved away from the point.
        try FileManager.default.removeItem(at: layers.appendingPathComponent("fir/AAAA.geojson"))
        try Self.writeLayers(layers, fir: "BBBB", islandWest: -64.35)
        let stale = try CLI.run(["list", "--store", store], environment: env)
        #expect(stale.stdout.contains("STALE") && stale.stderr.contains("reclassify"), "\(stale.stdout)\(stale.stderr)")
        #expect(try CLI.run(["show", id, "--store", store], environment: env).stdout.contains("STALE"))
        #expect(try CLI.run(["list", "--store", store, "--stale"], environment: env).stdout.contains(id))
        let json = try Self.features(try CLI.run(["list", "--store", store, "--json"], environment: env))
        #expect(json.first?["properties"]?["context_stale"]?.boolValue == true)

        let reclassify = try CLI.run(["reclassify", "--store", store], environment: env)
        #expect(reclassify.status == 0 && reclassify.stdout.contains("reclassified 1"), "\(reclassify.stdout)\(reclassify.stderr)")
        let after = try CLI.run(["list", "--store", store], environment: env)
        #expect(after.stdout.contains("BBBB") && after.stdout.contains("territorial-sea of VEN") && !after.stdout.contains("STALE"),
                "\(after.stdout)")
        #expect(!(try CLI.run(["list", "--store", store, "--stale"], environment: env).stdout.contains(id)))
        #expect(try CLI.run(["reclassify", "--store", store], environment: env).stdout.contains("up to date"))
    }
}
