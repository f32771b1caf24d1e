import Testing
@testable import IncidentMapper

/// The coast of a land layer leaves out land borders and the clip frame.
struct CoastlineTests {
    // Two states side by side on one landmass, cut by the layer's frame in the south (lat 0):
    //   A: [-62, -61] x [0, 1], B: [-61, -60] x [0, 1]; the edge at lon -61 is their border.
    static let a = LandArea(state: "AAA", name: "A", geometry: .polygon([[
        Position(longitude: -62, latitude: 0), Position(longitude: -61, latitude: 0), Position(longitude: -61, latitude: 1),
        Position(longitude: -62, latitude: 1), Position(longitude: -62, latitude: 0),
    ]]))
    static let b = LandArea(state: "BBB", name: "B", geometry: .polygon([[
        Position(longitude: -61, latitude: 0), Position(longitude: -60, latitude: 0), Position(longitude: -60, latitude: 1),
        Position(longitude: -61, latitude: 1), Position(longitude: -61, latitude: 0),
    ]]))

    /// An island whose corners set the layer's extent in the west, east and north, with no edge
    /// along the extent: the only frame left is A's and B's southern edge at latitude 0.
    static let island = LandArea(state: "CCC", name: "C", geometry: .polygon([[
        Position(longitude: -64, latitude: 2), Position(longitude: -63, latitude: 2.2), Position(longitude: -59, latitude: 3.5),
        Position(longitude: -64, latitude: 2),
    ]]))

    @Test func bordersAndTheFrameAreNotCoast() {
        let coast = Coastline.segments(of: [Self.a, Self.b, Self.island])
        #expect(coast.filter { $0.tag == 2 }.count == 3)       // the island: all coast
        #expect(coast.filter { $0.tag == 0 }.count == 2)       // A: north and west
        #expect(coast.filter { $0.tag == 1 }.count == 2)       // B: north and east
        #expect(!coast.contains { $0.start.longitude == -61 && $0.end.longitude == -61 })   // the border
        #expect(!coast.contains { $0.start.latitude == 0 && $0.end.latitude == 0 })         // the frame
    }

    @Test func distanceToTheCoastIgnoresTheBorder() throws {
        // From inside A, 0.1 degree from the border with B: the coast is A's west or north
        // edge, ~0.5 degree away, not the border.
        let index = GeodesicSegmentIndex(segments: Coastline.segments(of: [Self.a, Self.b, Self.island]).filter { $0.tag == 0 })
        let p = Position(longitude: -61.1, latitude: 0.5)
        let hit = try #require(index.nearest(to: p))
        let north = Geodesic.wgs84.distance(from: p, toSegmentFrom: Position(longitude: -61, latitude: 1),
                                            to: Position(longitude: -62, latitude: 1)).distanceMeters
        #expect(abs(hit.distanceMeters - north) < 1e-6)
    }

    @Test func theShippedCoastHasNoLandBorder() throws {
        // Independent of how the rule finds borders: 1 m either side of the middle of every coast
        // segment (geodesic offsets), never the land of two different states.
        let geography = RegionClassificationTests.geography
        let locator = try TiledPolygonLocator()
        func area(at p: Position) throws -> Int? {
            try geography.land.firstIndex { try locator.covers($0.tiles, longitude: p.longitude, latitude: p.latitude) }
        }
        let g = Geodesic.wgs84
        let layer = try LandLayer.load(from: #require(ReferenceLayerSource.shipped().landFile))
        let coast = Coastline.segments(of: layer.areas, frame: geography.coverage.landFrame)
        #expect(coast.count > 100_000)
        var borders: [String] = []
        for s in coast {
            let leg = g.inverse(from: s.start, to: s.end)
            let middle = g.travel(from: s.start, bearingDegrees: leg.initialBearingDegrees, distanceMeters: leg.distanceMeters / 2)
            let left = try area(at: g.destination(from: middle.position, bearingDegrees: middle.bearingDegrees - 90, distanceMeters: 1))
            let right = try area(at: g.destination(from: middle.position, bearingDegrees: middle.bearingDegrees + 90, distanceMeters: 1))
            if let left, let right, left != right {
                borders.append("\(geography.land[left].state)|\(geography.land[right].state) at \(middle.position)")
            }
        }
        #expect(borders.isEmpty, "\(borders.count) border segments counted as coast, e.g. \(borders.prefix(3))")
    }
}
