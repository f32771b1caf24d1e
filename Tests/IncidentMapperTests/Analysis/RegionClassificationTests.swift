import Foundation
import Testing
@testable import IncidentMapper

/// The shipped layers on places whose answers are known from outside the project.
struct RegionClassificationTests {
    static let geography = try! ReferenceGeography.load()

    struct Place: Sendable, CustomStringConvertible {
        var name: String, latitude: Double, longitude: Double
        var fir: String?, kind: SurfaceKind, state: String?
        var source: String
        var description: String { name }
    }

    static let places: [Place] = [
        Place(name: "Maiquetía airport SVMI", latitude: 10.6031, longitude: -66.9906, fir: "SVZM", kind: .land, state: "VEN",
              source: "AIP Venezuela AD 2 SVMI aerodrome reference point"),
        Place(name: "Piarco airport TTPP", latitude: 10.5954, longitude: -61.3372, fir: "TTZP", kind: .land, state: "TTO",
              source: "AIP Trinidad and Tobago AD 2 TTPP ARP"),
        Place(name: "Hato airport TNCC, Curaçao", latitude: 12.1889, longitude: -68.9598, fir: "TNCF", kind: .land, state: "CUW",
              source: "AIP Curaçao AD 2 TNCC ARP"),
        Place(name: "El Dorado airport SKBO, Bogotá", latitude: 4.7016, longitude: -74.1469, fir: "SKED", kind: .land, state: "COL",
              source: "AIP Colombia AD 2 SKBO ARP"),
        Place(name: "Cheddi Jagan airport SYCJ, Guyana", latitude: 6.4985, longitude: -58.2541, fir: "SYGC", kind: .land, state: "GUY",
              source: "AIP Guyana AD 2 SYCJ ARP"),
        Place(name: "Porlamar airport SVMG, Margarita", latitude: 10.9126, longitude: -63.9666, fir: "SVZM", kind: .land, state: "VEN",
              source: "AIP Venezuela AD 2 SVMG ARP"),
        Place(name: "Isla de Aves", latitude: 15 + 40.0 / 60 + 23.7 / 3600, longitude: -(63 + 36.0 / 60 + 59.9 / 3600),
              fir: "TJZS", kind: .land, state: "VEN",
              source: "published position 15°40'23.7\"N 63°36'59.9\"W; a Venezuelan federal dependency; north of the SVZM limit"),
        Place(name: "Centre of Lake Maracaibo", latitude: 9.8, longitude: -71.6, fir: "SVZM", kind: .internalWaters, state: "VEN",
              source: "the lake is Venezuelan internal waters (closed by Tablazo Bay)"),
    ]

    @Test(arguments: places)
    func placeIsClassifiedRight(_ place: Place) throws {
        let answer = try PositionClassifier(Self.geography).classify(Position(longitude: place.longitude, latitude: place.latitude))
        #expect(answer.fir?.id == place.fir, "\(place.source)")
        #expect(answer.surface?.kind == place.kind, "\(place.source)")
        #expect(answer.surface?.state == place.state, "\(place.source)")
        // The contexts stored with incidents take another way (no near lines, coasts searched
        // only where they decide): the same answer.
        let context = try #require(try PositionClassifier(Self.geography).context(for: .point(Position(longitude: place.longitude, latitude: place.latitude))))
        #expect(context.firID == place.fir, "\(place.source)")
        #expect(context.surfaceKind == place.kind, "\(place.source)")
        #expect(context.surfaceState == place.state, "\(place.source)")
    }

    /// 3,000 seeded points over the theatre (and beyond it) and around Venezuela: a point's stored context (FIR,
    /// surface, distance to Venezuela's coast) is what the full classification says of it.
    @Test func contextsOfPointsAgreeWithTheFullClassification() throws {
        let classifier = try PositionClassifier(Self.geography)
        var generator = SeededGenerator(seed: 3107)
        var kinds: Set<SurfaceKind> = []
        for i in 0..<3_000 {
            let p = i % 2 == 0
                ? Position(longitude: Double.random(in: -130 ... -35, using: &generator), latitude: Double.random(in: -25...40, using: &generator))
                : Position(longitude: Double.random(in: -73 ... -59, using: &generator), latitude: Double.random(in: 8...16, using: &generator))
            let full = try classifier.classify(p, fields: [.fir, .surface, .venezuelaCoast])
            let context = try #require(try classifier.context(for: .point(p)))
            #expect(context.firID == full.fir?.id, "\(p)")
            #expect(context.surfaceKind == full.surface?.kind, "\(p)")
            #expect(context.surfaceState == full.surface?.state, "\(p)")
            #expect(context.venezuelaCoastNauticalMiles == full.venezuelaCoast?.distanceNauticalMiles, "\(p)")
            if let kind = full.surface?.kind { kinds.insert(kind) }
        }
        #expect(kinds.isSuperset(of: [.land, .internalWaters, .territorialSea, .contiguousZone, .eez, .highSeas, .outsideCoverage]), "\(kinds)")
    }

    /// Two straight stretches of Venezuela's GSHHG coast (consecutive vertices of the land layer):
    /// points 11.9 and 12.1 nm off their middle, perpendicular to seaward, computed with
    /// geod_direct. An independent check with pyproj (the coast densified every 50 m, nearest by
    /// KD-tree, Geod.inv) found those points 11.900 and 12.100 nm from the coast, and more than
    /// 30 nm from any other state's.
    static let straightStretches: [(Position, Position)] = [
        (Position(longitude: -66.5266804, latitude: 10.6320897), Position(longitude: -66.5900053, latitude: 10.6320592)),
        (Position(longitude: -65.6058595, latitude: 10.1937591), Position(longitude: -65.719234, latitude: 10.2353857)),
    ]

    @Test(arguments: [0, 1])
    func territorialSeaEdgeIsOnTheRightSide(_ stretch: Int) throws {
        let (a, b) = Self.straightStretches[stretch]
        let g = Geodesic.wgs84
        let leg = g.inverse(from: a, to: b)
        let middle = g.destination(from: a, bearingDegrees: leg.initialBearingDegrees, distanceMeters: leg.distanceMeters / 2)
        let along = g.inverse(from: middle, to: b).initialBearingDegrees
        let classifier = try PositionClassifier(Self.geography)
        for (nm, kind) in [(11.9, SurfaceKind.territorialSea), (12.1, .contiguousZone)] {
            // The land layer's rings are counter-clockwise: the sea is on the right of travel.
            let p = g.destination(from: middle, bearingDegrees: along + 90, distanceMeters: nm * 1852)
            let answer = try classifier.classify(p)
            #expect(answer.surface?.kind == kind)
            #expect(answer.surface?.state == "VEN")
            #expect(abs((answer.venezuelaCoast?.distanceNauticalMiles ?? 0) - nm) < 0.005)
        }
    }

    @Test func farOutAt15N65WIsVenezuelasEEZFromIslaDeAves() throws {
        // 15°N 65°W: beyond 200 nm of the mainland, but about 90 nm from Isla de Aves. It is
        // also a published limit point shared by SVZM, TJZS and TTZP (AIP ENR 2.1): the FIR is
        // one of them, and the answer must say the point is on a FIR limit.
        let answer = try PositionClassifier(Self.geography).classify(Position(longitude: -65, latitude: 15))
        #expect(["SVZM", "TJZS", "TTZP"].contains(answer.fir?.id ?? ""))
        let either = Set(answer.firEither.compactMap { $0?.id })
        #expect(either.isSuperset(of: ["SVZM", "TTZP"]), "\(either)")
        #expect(answer.nearLines.contains { $0.kind == .firLimit })
        #expect(answer.surface?.kind == .eez && answer.surface?.state == "VEN")
        let aves = Position(longitude: -(63 + 36.0 / 60 + 59.9 / 3600), latitude: 15 + 40.0 / 60 + 23.7 / 3600)
        let coast = try #require(answer.venezuelaCoast)
        #expect(Geodesic.wgs84.distanceMeters(from: coast.nearest, to: aves) < 2_000)
    }
}
