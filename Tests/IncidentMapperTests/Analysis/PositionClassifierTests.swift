import Testing
@testable import IncidentMapper

/// The classifier on a synthetic coast whose answers follow from geometry alone: a straight
/// east–west coast (densified along its geodesic) and an island offshore. Points are placed with
/// geod_direct at known distances, so the expected zone is known without the classifier.
struct PositionClassifierTests {
    static let g = Geodesic.wgs84

    /// "VEN": land south of a straight coast from (-70, 10) to (-60, 10), densified every 1 km
    /// so that its edges are the geodesic; "TTO": an island 0.2° square at about 11.5°N 61°W.
    static let coast = g.densify(from: Position(longitude: -60, latitude: 10), to: Position(longitude: -70, latitude: 10),
                                 maxSpacingMeters: 1000)

    static let geography = try! ReferenceGeography.compile(geographyInputs)

    /// The synthetic layers as values (other tests reuse them with another coverage).
    static let geographyInputs: ReferenceLayerInputs = {
        let venezuela = Geometry.polygon([[Position(longitude: -70, latitude: 5), Position(longitude: -60, latitude: 5)]
                                          + coast + [Position(longitude: -70, latitude: 5)]])
        let island = Geometry.polygon([[
            Position(longitude: -61.1, latitude: 11.4), Position(longitude: -60.9, latitude: 11.4),
            Position(longitude: -60.9, latitude: 11.6), Position(longitude: -61.1, latitude: 11.6),
            Position(longitude: -61.1, latitude: 11.4),
        ]])
        let fir = FlightInformationRegion(id: "TEST", name: "Test", geometry: .polygon([[
            Position(longitude: -72, latitude: 4), Position(longitude: -58, latitude: 4),
            Position(longitude: -58, latitude: 16), Position(longitude: -72, latitude: 16),
            Position(longitude: -72, latitude: 4)]]), version: "t")
        return ReferenceLayerInputs(
            firs: [fir],
            land: LandLayer(areas: [LandArea(state: "VEN", name: "Venezuela", geometry: venezuela),
                                    LandArea(state: "TTO", name: "Trinidad and Tobago", geometry: island)], version: "test"),
            coverage: coverage)
    }()

    /// The synthetic layers cover 75°W–55°W, 0°–20°N; their land data reaches 5° further.
    static let coverage = Coverage(theatre: .init(west: -75, east: -55, south: 0, north: 20), theatreName: "test",
                                   landFrame: .init(west: -80, east: -50, south: -5, north: 25),
                                   coastlineAccuracyMeters: 500, landBorderAccuracyMeters: 2000)

    /// The coast vertex nearest longitude -66 (the coast is a geodesic, which bows north of 10°N).
    static let foot = coast.min { abs($0.longitude + 66) < abs($1.longitude + 66) }!

    /// A point `nm` nautical miles off the coast, perpendicular to it at ``foot``.
    static func offshore(_ nm: Double) -> Position {
        // The coast runs along one geodesic: its direction at the foot, turned 90° to seaward.
        let along = g.inverse(from: foot, to: Position(longitude: -70, latitude: 10)).initialBearingDegrees
        return g.destination(from: foot, bearingDegrees: along + 90, distanceMeters: nm * 1852)
    }

    @Test(arguments: [
        (11.9, SurfaceKind.territorialSea), (12.1, .contiguousZone),
        (23.9, .contiguousZone), (24.1, .eez),
        (199.5, .eez), (200.5, .highSeas),
    ])
    func zonesChangeAtTheirLimits(nm: Double, expected: SurfaceKind) throws {
        let answer = try PositionClassifier(Self.geography).classify(Self.offshore(nm))
        #expect(answer.surface?.kind == expected)
        #expect(abs((answer.venezuelaCoast?.distanceNauticalMiles ?? 0) - nm) < 1e-6)
        if expected != .highSeas { #expect(answer.surface?.state == "VEN") }
    }

    @Test func landAndTheMedianLine() throws {
        let classifier = try PositionClassifier(Self.geography)
        let inland = try classifier.classify(Position(longitude: -65, latitude: 8))
        #expect(inland.surface?.kind == .land && inland.surface?.state == "VEN")
        // Between the coast (10°N) and the island (11.4°N): nearer the island is Trinidad's water.
        let nearIsland = try classifier.classify(Position(longitude: -61, latitude: 11.0))
        #expect(nearIsland.surface?.state == "TTO")
        #expect(nearIsland.nearestOtherCoast?.state == "TTO")
        let nearCoast = try classifier.classify(Position(longitude: -61, latitude: 10.5))
        #expect(nearCoast.surface?.state == "VEN")
    }

    @Test func bearingPointsToTheNearestCoastPoint() throws {
        let answer = try PositionClassifier(Self.geography).classify(Self.offshore(30))
        let coast = try #require(answer.venezuelaCoast)
        #expect(abs(coast.bearingDegrees - 180) < 0.5)   // due south, onto the coast
        #expect(Geodesic.wgs84.distanceMeters(from: coast.nearest, to: Self.foot) < 0.01)
    }

    @Test func uncertaintyNearAZoneLineIsReported() throws {
        let classifier = try PositionClassifier(Self.geography)
        let answer = try classifier.classify(Self.offshore(12.5), radiusNauticalMiles: 1)
        #expect(answer.caveats.contains { $0.contains("12 nm line") })
        let sure = try classifier.classify(Self.offshore(12.5), radiusNauticalMiles: 0.1)
        #expect(!sure.caveats.contains { $0.contains("12 nm line") })
    }
}

/// Near the edge of the land data a coast beyond it could be nearer than any coast found: the
/// zone and the nearest other coast are given only when the coast found is nearer than the edge.
struct DataEdgeTests {
    /// The synthetic coast of ``PositionClassifierTests`` (10°N, 70°W–60°W), with land data
    /// that stops 1° beyond a theatre of 75°W–55°W, 0°–20°N.
    static let geography: ReferenceGeography = {
        var inputs = PositionClassifierTests.geographyInputs
        inputs.coverage = Coverage(theatre: .init(west: -75, east: -55, south: 0, north: 20), theatreName: "test",
                                   landFrame: .init(west: -76, east: -54, south: -1, north: 21),
                                   coastlineAccuracyMeters: 500, landBorderAccuracyMeters: 2000)
        return try! ReferenceGeography.compile(inputs)
    }()

    @Test func aCoastBeyondTheEdgeCouldBeNearerSoNoZoneIsGiven() throws {
        let classifier = try PositionClassifier(Self.geography)
        // 74.5°W 10°N: 1.5° (88.8 nm along the parallel) from the data's west edge, 4.5° (~266 nm) from the coast.
        let edge = try classifier.classify(Position(longitude: -74.5, latitude: 10))
        #expect(edge.surface?.kind == .uncertain)
        #expect(edge.surface?.state == nil)
        #expect(edge.nearestOtherCoast == nil)
        #expect(edge.caveats.contains { $0.contains("edge of the land data") })
        #expect(abs((edge.dataEdgeMeters ?? 0) / 1852 - 88.8) < 0.3)
        // 71°W 10.5°N: the coast is 30 nm away, the edge 5° away: the answer stands.
        let clear = try classifier.classify(Position(longitude: -71, latitude: 10.5))
        #expect(clear.surface?.kind == .eez && clear.surface?.state == "VEN")
        // Venezuela's coast is still measured exactly at the edge (it is all in the data).
        #expect(abs((edge.venezuelaCoast?.distanceNauticalMiles ?? 0) - 265.9) < 1)
    }
}
