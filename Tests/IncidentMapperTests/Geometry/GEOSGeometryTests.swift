import Testing
@testable import IncidentMapper

/// The geometry layer over GEOS: WKT/WKB in and out, validity reasons, errors as Swift errors.
struct GEOSGeometryTests {
    static let zone = Geometry.polygon([[
        Position(longitude: -61, latitude: 11), Position(longitude: -60.5, latitude: 11),
        Position(longitude: -60.5, latitude: 11.5), Position(longitude: -61, latitude: 11.5),
        Position(longitude: -61, latitude: 11),
    ]])

    @Test(arguments: [
        "POINT (-66.9 10.5)",
        "LINESTRING (-66.5 13.2, -66.9 11.8)",
        "POLYGON ((-61 11, -60.5 11, -60.5 11.5, -61 11.5, -61 11), (-60.9 11.1, -60.8 11.1, -60.8 11.2, -60.9 11.1))",
        "MULTIPOINT ((-66 11), (-65 12))",
        "MULTILINESTRING ((-66 11, -65 12), (-64 11, -63 12))",
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
        "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
        "POINT Z (-66.9 10.5 3000)",
    ])
    func wktRoundTripsThroughValueAndWKB(wkt: String) throws {
        let value = try Geometry(wkt: wkt)
        #expect(try Geometry(wkt: value.wkt()) == value)
        #expect(try Geometry(wkb: value.wkb()) == value)
    }

    @Test func wktIsLongitudeFirst() throws {
        #expect(try Geometry(wkt: "POINT (-66.9 10.5)") == .point(Position(longitude: -66.9, latitude: 10.5)))
    }

    @Test func malformedWKTThrowsGEOSMessage() {
        #expect(throws: GeometryError.self) { try Geometry(wkt: "POINT (1") }
        do {
            _ = try Geometry(wkt: "POLYGON ((0 0, 1 1))")
            Issue.record("a two-point ring must not parse")
        } catch {
            #expect(error.description.contains("IllegalArgumentException") || error.description.contains("ring"))
        }
    }

    @Test func shortRingIsRejectedBeforeGEOS() {
        #expect(throws: GeometryError.invalidInput("a polygon ring needs at least 4 positions, got 3")) {
            try GEOSGeometry(.polygon([[Position(longitude: 0, latitude: 0), Position(longitude: 1, latitude: 0),
                                        Position(longitude: 0, latitude: 0)]]))
        }
    }

    @Test func bowTieIsInvalidWithGEOSReason() throws {
        let bowTie = try Geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        guard case .invalid(let reason) = try bowTie.validity() else {
            Issue.record("a bow-tie polygon is not valid"); return
        }
        #expect(reason.contains("Self-intersection"))
        #expect(try Self.zone.validity() == .valid)
    }

    @Test func predicatesAgreeWithTheBoundaryRules() throws {
        let inside = Geometry.point(Position(longitude: -60.7, latitude: 11.2))
        let onEdge = Geometry.point(Position(longitude: -60.5, latitude: 11.2))
        let outside = Geometry.point(Position(longitude: -59, latitude: 11.2))
        #expect(try Self.zone.contains(inside))
        #expect(try !Self.zone.contains(onEdge))   // the boundary is not the interior
        #expect(try Self.zone.covers(onEdge))
        #expect(try Self.zone.intersects(onEdge))
        #expect(try !Self.zone.intersects(outside))
        #expect(try inside.within(Self.zone))
    }

    @Test func preparedGeometryMatchesUnpreparedAndSkipsOutsideEnvelope() throws {
        let prepared = try PreparedGeometry(Self.zone)
        for (x, y) in [(-60.7, 11.2), (-60.5, 11.2), (-59.0, 11.2), (-61.0, 11.0), (-60.75, 11.5)] {
            let point = Geometry.point(Position(longitude: x, latitude: y))
            #expect(try prepared.contains(longitude: x, latitude: y) == Self.zone.contains(point))
            #expect(try prepared.covers(longitude: x, latitude: y) == Self.zone.covers(point))
        }
    }

    @Test func tilesAgreeWithOnePointAtATime() throws {
        var xs: [Double] = [], ys: [Double] = []
        var generator = SeededGenerator(seed: 7922)
        for _ in 0..<30_000 {
            xs.append(Double.random(in: -61.5...(-60), using: &generator))
            ys.append(Double.random(in: 10.5...12, using: &generator))
        }
        let tiles = try TiledPolygon.make(Self.zone, levels: 6)
        let locator = try TiledPolygonLocator()
        let single = try PreparedGeometry(Self.zone)
        for i in stride(from: 0, to: xs.count, by: 97) {
            #expect(try locator.contains(tiles, longitude: xs[i], latitude: ys[i]) == single.contains(longitude: xs[i], latitude: ys[i]))
        }
    }
}
