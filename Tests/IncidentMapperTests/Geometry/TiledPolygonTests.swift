import Testing
@testable import IncidentMapper

/// The tiles must never change an answer: every point gets what GEOS's own predicate on the
/// whole polygon says, including points on vertices, on edges and on cell lines.
struct TiledPolygonTests {
    /// A concave polygon with a hole, in the Caribbean, so that cells of all three kinds exist.
    static let polygon = Geometry.polygon([
        [Position(longitude: -66, latitude: 10), Position(longitude: -62, latitude: 10),
         Position(longitude: -62, latitude: 14), Position(longitude: -64, latitude: 12),
         Position(longitude: -66, latitude: 14), Position(longitude: -66, latitude: 10)],
        [Position(longitude: -65, latitude: 10.5), Position(longitude: -65, latitude: 11.5),
         Position(longitude: -64, latitude: 11.5), Position(longitude: -64, latitude: 10.5),
         Position(longitude: -65, latitude: 10.5)],
    ])

    static func probes(_ geometry: Geometry, count: Int) -> [Position] {
        var points = geometry.positions                       // every vertex: on the boundary
        for (a, b) in zip(geometry.positions, geometry.positions.dropFirst()) {   // along every edge
            for k in 1..<64 {
                let t = Double(k) / 64
                points.append(Position(longitude: a.longitude + t * (b.longitude - a.longitude),
                                       latitude: a.latitude + t * (b.latitude - a.latitude)))
            }
        }
        guard let box = geometry.envelope else { return points }
        var generator = SeededGenerator(seed: 7921)
        for _ in 0..<count {
            points.append(Position(longitude: Double.random(in: box.minLongitude - 1...box.maxLongitude + 1, using: &generator),
                                   latitude: Double.random(in: box.minLatitude - 1...box.maxLatitude + 1, using: &generator)))
        }
        // points exactly on cell lines of a 2^6 grid
        for i in 0...64 {
            points.append(Position(longitude: box.minLongitude + Double(i) * (box.maxLongitude - box.minLongitude) / 64,
                                   latitude: box.minLatitude + Double(i) * (box.maxLatitude - box.minLatitude) / 64))
        }
        return points
    }

    @Test(arguments: [4, 6, 8])
    func tilesAnswerAsGEOSOnTheWholePolygon(levels: Int) throws {
        let tiles = try TiledPolygon.make(Self.polygon, levels: levels)
        let locator = try TiledPolygonLocator()
        let prepared = try PreparedGeometry(Self.polygon)
        for p in Self.probes(Self.polygon, count: 20_000) {
            #expect(try locator.contains(tiles, longitude: p.longitude, latitude: p.latitude)
                    == prepared.contains(longitude: p.longitude, latitude: p.latitude), "\(p)")
            #expect(try locator.covers(tiles, longitude: p.longitude, latitude: p.latitude)
                    == prepared.covers(longitude: p.longitude, latitude: p.latitude), "\(p)")
        }
    }

    /// A rectangle the grid calls inside lies within the polygon, one it calls outside meets
    /// it nowhere but on its line (GEOS on the whole polygon): 4,000 seeded rectangles of every
    /// size, some with edges on cell lines, and answers of all three kinds occur.
    @Test(arguments: [4, 8])
    func rectanglesTheGridAnswersAgreeWithGEOS(levels: Int) throws {
        let tiles = try TiledPolygon.make(Self.polygon, levels: levels)
        let whole = try GEOSGeometry(Self.polygon)
        let box = try #require(Self.polygon.envelope)
        var generator = SeededGenerator(seed: 5150)
        var seen: Set<String> = []
        for i in 0..<4_000 {
            var x = Double.random(in: box.minLongitude - 0.5...box.maxLongitude + 0.5, using: &generator)
            var y = Double.random(in: box.minLatitude - 0.5...box.maxLatitude + 0.5, using: &generator)
            if i % 4 == 0 {   // a corner on the grid's lines
                let width = (box.maxLongitude - box.minLongitude) / Double(1 << levels)
                let height = (box.maxLatitude - box.minLatitude) / Double(1 << levels)
                x = box.minLongitude + ((x - box.minLongitude) / width).rounded() * width
                y = box.minLatitude + ((y - box.minLatitude) / height).rounded() * height
            }
            let w = Double.random(in: 0.001...1.5, using: &generator), h = Double.random(in: 0.001...1.5, using: &generator)
            let e = Envelope(minLongitude: x, minLatitude: y, maxLongitude: x + w, maxLatitude: y + h)
            let rectangle = try GEOSGeometry(.rectangle(minLongitude: x, minLatitude: y, maxLongitude: x + w, maxLatitude: y + h))
            let answer = tiles.locate(e)
            seen.insert("\(answer)")
            switch answer {
            case .inside: #expect(try whole.covers(rectangle), "\(e)")
            case .outside: #expect(try whole.intersection(rectangle).value().positions.isEmpty
                                   || Geodesic.wgs84.areaSquareMeters(of: try whole.intersection(rectangle).value()) == 0, "\(e)")
            case .mixed: break
            }
        }
        #expect(seen == ["inside", "outside", "mixed"])
    }

    @Test func tilesHaveCellsOfEveryKindAndFewBoundaryCells() throws {
        let census = try TiledPolygon.make(Self.polygon, levels: 8).census
        #expect(census.inside > 0 && census.outside > 0 && census.boundary > 0)
        #expect(census.boundary < 256 * 256 / 10)
    }

    @Test func svzmTilesAgreeWithGEOSNearItsBoundary() throws {
        let fir = try FlightInformationRegion.load("SVZM")
        let indexed = try TiledPolygon.make(fir.geometry)
        let locator = try TiledPolygonLocator()
        let prepared = try PreparedGeometry(fir.geometry)
        let vertices = fir.geometry.positions
        var generator = SeededGenerator(seed: 15840)
        for v in stride(from: 0, to: vertices.count, by: 7).map({ vertices[$0] }) {
            for _ in 0..<5 {   // within ~1 km of a vertex, where the boundary cells are
                let p = Position(longitude: v.longitude + Double.random(in: -0.01...0.01, using: &generator),
                                 latitude: v.latitude + Double.random(in: -0.01...0.01, using: &generator))
                #expect(try locator.covers(indexed, longitude: p.longitude, latitude: p.latitude)
                        == prepared.covers(longitude: p.longitude, latitude: p.latitude))
            }
            #expect(try locator.covers(indexed, longitude: v.longitude, latitude: v.latitude))
        }
    }
}
