import Foundation
import Testing
@testable import IncidentMapper

/// Which FIR a point is in, for places whose answer is known from outside this project.
///
/// Airport positions are the published aerodrome reference points (AIP AD 2 of each state, as
/// carried by the `airportsdata` package, MIT). The FIR an aerodrome lies in is that of its state,
/// since the FIR follows the land border there. Sea points are placed relative to the AIP's
/// SVZM limit points (Venezuela AIP ENR 2.1).
struct FIRLocatorTests {
    struct Place: Sendable, CustomStringConvertible {
        var name: String, latitude: Double, longitude: Double, inSVZM: Bool, source: String
        var description: String { name }
    }

    static let places = [
        Place(name: "Caracas, Maiquetía airport SVMI", latitude: 10.6031, longitude: -66.9906, inSVZM: true,
              source: "AIP Venezuela AD 2 SVMI ARP"),
        Place(name: "Caracas city centre", latitude: 10.4806, longitude: -66.9036, inSVZM: true,
              source: "capital of Venezuela, Plaza Bolívar"),
        Place(name: "Maracaibo La Chinita SVMC", latitude: 10.5582, longitude: -71.7279, inSVZM: true,
              source: "AIP Venezuela AD 2 SVMC ARP"),
        Place(name: "Santa Elena de Uairén SVSE", latitude: 4.5549, longitude: -61.1500, inSVZM: true,
              source: "AIP Venezuela AD 2 SVSE ARP"),
        Place(name: "Porlamar, Margarita SVMG", latitude: 10.9126, longitude: -63.9666, inSVZM: true,
              source: "AIP Venezuela AD 2 SVMG ARP"),
        Place(name: "Open sea north of Margarita", latitude: 12.5, longitude: -64.0, inSVZM: true,
              source: "south of the SVZM limit 15°00'N 065°00'W – 11°00'N 062°30'W (AIP ENR 2.1)"),
        Place(name: "Port of Spain, Piarco TTPP", latitude: 10.5954, longitude: -61.3372, inSVZM: false,
              source: "AIP Trinidad and Tobago AD 2 TTPP ARP (Piarco FIR)"),
        Place(name: "Port of Spain city", latitude: 10.6549, longitude: -61.5019, inSVZM: false,
              source: "capital of Trinidad and Tobago"),
        Place(name: "Willemstad, Hato TNCC", latitude: 12.1889, longitude: -68.9598, inSVZM: false,
              source: "AIP Curaçao AD 2 TNCC ARP (Curaçao FIR)"),
        Place(name: "Bogotá, El Dorado SKBO", latitude: 4.7016, longitude: -74.1469, inSVZM: false,
              source: "AIP Colombia AD 2 SKBO ARP (Bogotá FIR)"),
        Place(name: "Georgetown, Cheddi Jagan SYCJ", latitude: 6.4985, longitude: -58.2541, inSVZM: false,
              source: "AIP Guyana AD 2 SYCJ ARP (Georgetown FIR)"),
        Place(name: "Cúcuta SKCC", latitude: 7.9276, longitude: -72.5115, inSVZM: false,
              source: "AIP Colombia AD 2 SKCC ARP"),
        Place(name: "Boa Vista SBBV", latitude: 2.8414, longitude: -60.6922, inSVZM: false,
              source: "AIP Brasil AD 2 SBBV ARP (Amazónica FIR)"),
        Place(name: "Isla de Aves", latitude: 15 + 40.0 / 60 + 23.7 / 3600, longitude: -(63 + 36.0 / 60 + 59.9 / 3600),
              inSVZM: false,
              source: "published position 15°40'23.7\"N 63°36'59.9\"W lies north of the SVZM limit 15°00'N 065°00'W – 11°00'N 062°30'W"),
    ]

    @Test(arguments: places)
    func knownPlaceIsOnTheRightSide(_ place: Place) throws {
        let fir = try FIRLocator().fir(containing: Position(longitude: place.longitude, latitude: place.latitude))
        #expect((fir?.summary.id == "SVZM") == place.inSVZM, "\(place.name): \(place.source)")
    }

    /// The AIP's sea limit points of SVZM, in order (Venezuela AIP ENR 2.1).
    static let seaLimit: [(Double, Double)] = [
        (12.0, -71.0), (12.5, -(71 + 25.0 / 60)), (12.5, -70.5), (11.4, -(67 + 58.0 / 60)),
        (15 + 41.0 / 60, -(67 + 4.0 / 60)), (15.0, -65.0), (11.0, -62.5), (10 + 44.0 / 60, -(61 + 47.0 / 60)),
    ]

    /// Points 500 m either side of the middle of each geodesic sea edge, computed from the AIP's
    /// points with geod_direct (not from our polygon). Walking the sea limit west to east, the FIR
    /// (Venezuela's side) is on the right of travel, the neighbours' FIRs on the left.
    @Test(arguments: 0..<(seaLimit.count - 1))
    func pointsJustEitherSideOfASeaEdge(_ edge: Int) throws {
        let locator = try FIRLocator()
        let a = Position(longitude: Self.seaLimit[edge].1, latitude: Self.seaLimit[edge].0)
        let b = Position(longitude: Self.seaLimit[edge + 1].1, latitude: Self.seaLimit[edge + 1].0)
        let leg = Geodesic.wgs84.inverse(from: a, to: b)
        let middle = Geodesic.wgs84.destination(from: a, bearingDegrees: leg.initialBearingDegrees,
                                                distanceMeters: leg.distanceMeters / 2)
        let heading = Geodesic.wgs84.inverse(from: middle, to: b).initialBearingDegrees
        func side(_ meters: Double, _ turn: Double) throws -> Bool {
            let p = Geodesic.wgs84.destination(from: middle, bearingDegrees: heading + turn, distanceMeters: meters)
            return try locator.fir(containing: p)?.summary.id == "SVZM"
        }
        #expect(try side(500, 90) == true, "500 m right of edge \(edge) should be inside SVZM")
        #expect(try side(500, -90) == false, "500 m left of edge \(edge) should be outside SVZM")
    }
}

/// The shipped FIRs tile the theatre: no point strictly inside two of them, and no point in
/// none but in the Eastern Pacific's unassigned airspace ("NO FIR", ICAO SCM/1, Lima 2019:
/// south of 10°N 104°30'W – 05°N 120°W, north of 15°S (drawn as a great circle, it bows to 15.5°S), between 120°W and about 90°W).
struct FIRTilingTests {
    @Test func theTheatreIsTiledWithNoOverlapAndOnlyTheUnassignedGap() throws {
        let geography = try ReferenceGeography.load()
        let locator = try TiledPolygonLocator()
        let t = geography.coverage.theatre
        var generator = SeededGenerator(seed: 20251030)
        var none = 0
        for _ in 0..<20_000 {
            let p = Position(longitude: Double.random(in: t.west...t.east, using: &generator),
                             latitude: Double.random(in: t.south...t.north, using: &generator))
            let inside = try geography.firs.filter { try locator.contains($0.tiles, longitude: p.longitude, latitude: p.latitude) }
            #expect(inside.count <= 1, "\(p) is inside \(inside.map(\.summary.id))")
            if try geography.firs.allSatisfy({ try !locator.covers($0.tiles, longitude: p.longitude, latitude: p.latitude) }) {
                none += 1
                #expect((-120.0...(-90.0)).contains(p.longitude) && (-16.0...10.0).contains(p.latitude),
                        "\(p) is in no FIR outside the unassigned Eastern Pacific")
            }
        }
        #expect(none > 0)   // the gap is there: the tool must say "no FIR", not guess one
    }

    /// Every shipped FIR says how well its lines are known.
    @Test func everyFIRStatesItsAccuracy() throws {
        for fir in try ReferenceGeography.load().firs {
            #expect(fir.seaLineAccuracyMeters > 0 && fir.landLineAccuracyMeters > 0, "\(fir.summary.id)")
        }
        for url in try ReferenceLayerSource.shipped().firFiles {
            let properties = try GeoJSONReader.read(try Data(contentsOf: url)).features.first?.properties
            #expect(properties?["accuracy_sea_m"]?.doubleValue != nil && properties?["accuracy_land_m"]?.doubleValue != nil,
                    "\(url.lastPathComponent)")
        }
    }
}
