import Testing
@testable import IncidentMapper

/// Point-to-segment geodesic distance and the nearest-segment index, against brute force:
/// the segment densified every metre with geod_direct and the minimum geod_inverse taken.
struct GeodesicSegmentIndexTests {
    static func bruteForce(_ p: Position, _ a: Position, _ b: Position, step: Double = 1) -> Double {
        let g = Geodesic.wgs84
        let leg = g.inverse(from: a, to: b)
        var best = Double.infinity
        var s = 0.0
        while s <= leg.distanceMeters {
            best = min(best, g.distanceMeters(from: p, to: g.destination(from: a, bearingDegrees: leg.initialBearingDegrees, distanceMeters: s)))
            s += step
        }
        return min(best, g.distanceMeters(from: p, to: b))
    }

    @Test(arguments: [
        // point, segment start, segment end (lon, lat): interior foot, beyond either end, far away
        ((-64.0, 11.5), (-64.2, 10.9), (-63.8, 11.0)),
        ((-63.5, 10.5), (-64.2, 10.9), (-63.8, 11.0)),
        ((-65.0, 11.0), (-64.2, 10.9), (-63.8, 11.0)),
        ((-66.0, 15.0), (-64.2, 10.9), (-64.19, 10.91)),
        ((-61.5, 10.7), (-61.52, 10.60), (-61.45, 10.65)),
    ])
    func newtonFootMatchesBruteForce(p: (Double, Double), a: (Double, Double), b: (Double, Double)) {
        let point = Position(longitude: p.0, latitude: p.1)
        let start = Position(longitude: a.0, latitude: a.1), end = Position(longitude: b.0, latitude: b.1)
        let exact = Geodesic.wgs84.distance(from: point, toSegmentFrom: start, to: end)
        let brute = Self.bruteForce(point, start, end)
        #expect(exact.distanceMeters <= brute + 1e-6)          // never longer than any sampled point
        #expect(brute - exact.distanceMeters < 0.01)            // and within 1 cm of the 1 m sampling
        #expect(abs(Geodesic.wgs84.distanceMeters(from: point, to: exact.nearest) - exact.distanceMeters) < 1e-6)
    }

    @Test func indexFindsTheSameNearestAsCheckingEverySegment() {
        // A zig-zag "coast" of 400 segments and probes all around it.
        var line: [Position] = []
        for i in 0...400 {
            line.append(Position(longitude: -70 + Double(i) * 0.03, latitude: 10.5 + (i % 2 == 0 ? 0 : 0.02) + Double(i % 7) * 0.01))
        }
        let index = GeodesicSegmentIndex(lines: [(line, 7)])
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let p = Position(longitude: Double.random(in: -72...(-56), using: &generator),
                             latitude: Double.random(in: 8...14, using: &generator))
            let hit = index.nearest(to: p)
            var best = Double.infinity
            for (a, b) in zip(line, line.dropFirst()) {
                best = min(best, Geodesic.wgs84.distance(from: p, toSegmentFrom: a, to: b).distanceMeters)
            }
            #expect(hit.map { abs($0.distanceMeters - best) < 1e-6 } == true, "\(p)")
            #expect(hit?.segment.tag == 7)
        }
    }

    @Test func emptyIndexAndDistanceLimit() {
        #expect(GeodesicSegmentIndex(lines: []).nearest(to: Position(longitude: 0, latitude: 0)) == nil)
        let index = GeodesicSegmentIndex(lines: [([Position(longitude: 0, latitude: 0), Position(longitude: 0, latitude: 1)], 1)])
        #expect(index.nearest(to: Position(longitude: 1, latitude: 0.5), maxDistanceMeters: 1000) == nil)
        #expect(index.nearest(to: Position(longitude: 1, latitude: 0.5)) != nil)
    }
}
