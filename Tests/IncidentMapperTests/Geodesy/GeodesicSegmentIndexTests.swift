import Foundation
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
        var generator = SeededGenerator(seed: 7920)
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

    /// Far probes (1,000 to 9,000 km away, where the index switches to its spherical bound)
    /// find the same nearest segment as checking every one; and that bound never exceeds the
    /// exact distance between 5,000 seeded pairs of points anywhere on the globe.
    @Test func farProbesAndTheFarBoundAgreeWithExactDistances() {
        var line: [Position] = []
        for i in 0...400 {
            line.append(Position(longitude: -70 + Double(i) * 0.03, latitude: 10.5 + (i % 2 == 0 ? 0 : 0.02) + Double(i % 7) * 0.01))
        }
        let index = GeodesicSegmentIndex(lines: [(line, 7)])
        var generator = SeededGenerator(seed: 4431)
        let g = Geodesic.wgs84
        for _ in 0..<100 {
            let p = g.destination(from: Position(longitude: -64, latitude: 11), bearingDegrees: Double.random(in: 0..<360, using: &generator),
                                  distanceMeters: Double.random(in: 1_000_000...9_000_000, using: &generator))
            var best = Double.infinity
            for (a, b) in zip(line, line.dropFirst()) { best = min(best, g.distance(from: p, toSegmentFrom: a, to: b).distanceMeters) }
            let hit = index.nearest(to: p)
            #expect(hit.map { abs($0.distanceMeters - best) < 1e-6 } == true, "\(p)")
        }
        for _ in 0..<5_000 {
            let p = Position(longitude: Double.random(in: -180...180, using: &generator), latitude: Double.random(in: -90...90, using: &generator))
            let q = Position(longitude: Double.random(in: -180...180, using: &generator), latitude: Double.random(in: -90...90, using: &generator))
            let a = EarthCentredPoint(p), b = EarthCentredPoint(q)
            let chord = ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) + (a.z - b.z) * (a.z - b.z)).squareRoot()
            #expect(GeodesicSegmentIndex.geodesicLowerBound(chord: chord) <= g.distanceMeters(from: p, to: q) + 1e-6)
        }
    }

    /// The shipped coasts (Venezuela's, and every other state's), probed from 300 to 6,000 km
    /// away where the search bounds far items by the geodesic to their centre minus a radius:
    /// the same distance as measuring every segment. A radius too small (a centre that does not
    /// enclose its segments) would let the search drop the nearest segment.
    @Test func farProbesOnTheShippedCoastsMatchMeasuringEverySegment() throws {
        let geography = try ReferenceGeography.load()
        let g = Geodesic.wgs84
        var generator = SeededGenerator(seed: 2611)
        for (index, probes) in [(geography.venezuelaCoast, 40), (geography.otherCoasts, 8)] {
            let segments = index.segments
            for _ in 0..<probes {
                let p = g.destination(from: Position(longitude: -66, latitude: 10), bearingDegrees: Double.random(in: 0..<360, using: &generator),
                                      distanceMeters: Double.random(in: 300_000...6_000_000, using: &generator))
                var best = Double.infinity
                for s in segments { best = min(best, g.distance(from: p, toSegmentFrom: s.start, to: s.end).distanceMeters) }
                let hit = index.nearest(to: p)
                #expect(hit.map { abs($0.distanceMeters - best) < 1e-6 } == true, "\(p): \(hit?.distanceMeters ?? -1) against \(best)")
            }
        }
    }

    /// The far bound (Andoyer–Lambert less a margin) never exceeds the exact distance: 200,000
    /// seeded pairs over the whole globe (poles, antimeridian and near-antipodes included), half
    /// of them within 40° of each other.
    @Test func theFarBoundNeverExceedsTheGeodesicDistance() {
        let g = Geodesic.wgs84
        var generator = SeededGenerator(seed: 6021)
        var tightest = Double.infinity
        for i in 0..<200_000 {
            let p = Position(longitude: Double.random(in: -180...180, using: &generator),
                             latitude: asin(Double.random(in: -1...1, using: &generator)) * 180 / .pi)
            let q = i % 2 == 0
                ? Position(longitude: Double.random(in: -180...180, using: &generator),
                           latitude: asin(Double.random(in: -1...1, using: &generator)) * 180 / .pi)
                : Position(longitude: p.longitude + Double.random(in: -40...40, using: &generator),
                           latitude: min(90, max(-90, p.latitude + Double.random(in: -40...40, using: &generator))))
            let exact = g.distanceMeters(from: p, to: q)
            let bound = GeodesicSegmentIndex.farLowerBound(from: .init(p), to: q)
            #expect(bound <= exact, "\(p) \(q): \(bound) > \(exact)")
            // Where the formula is used (not the exact fallback beyond 2 rad): its margin only.
            if exact > 1_000_000, exact < 10_000_000 { tightest = min(tightest, (exact - bound) / exact) }
        }
        #expect(tightest < 6e-5)   // and it is tight (a bound of 0 would pass the first check)
    }

    @Test func emptyIndexAndDistanceLimit() {
        #expect(GeodesicSegmentIndex(lines: []).nearest(to: Position(longitude: 0, latitude: 0)) == nil)
        let index = GeodesicSegmentIndex(lines: [([Position(longitude: 0, latitude: 0), Position(longitude: 0, latitude: 1)], 1)])
        #expect(index.nearest(to: Position(longitude: 1, latitude: 0.5), maxDistanceMeters: 1000) == nil)
        #expect(index.nearest(to: Position(longitude: 1, latitude: 0.5)) != nil)
    }

    @Test(arguments: [10.0, 900.0, 15_000.0, 19_999.0, 150_000.0])
    func chordBoundsNeverExceedTheGeodesicDistance(segmentMeters: Double) {
        // Segments of several lengths in every direction, and points from metres to 2,000 km
        // away: the capsule's and its box's straight-line bounds stay below the exact distance.
        var generator = SeededGenerator(seed: 15839)
        let g = Geodesic.wgs84
        for _ in 0..<300 {
            let a = Position(longitude: Double.random(in: -80...(-50), using: &generator), latitude: Double.random(in: -5...25, using: &generator))
            let b = g.destination(from: a, bearingDegrees: Double.random(in: 0..<360, using: &generator), distanceMeters: segmentMeters)
            let reach = [10.0, 1_000, 50_000, 2_000_000].randomElement(using: &generator)!
            let p = g.destination(from: a, bearingDegrees: Double.random(in: 0..<360, using: &generator),
                                  distanceMeters: Double.random(in: 0...reach, using: &generator))
            let capsule = ChordCapsule(from: a, to: b, geodesicLengthMeters: g.distanceMeters(from: a, to: b))
            let exact = g.distance(from: p, toSegmentFrom: a, to: b).distanceMeters
            let point = EarthCentredPoint(p)
            #expect(capsule.lowerBound(from: point) <= exact + 1e-6, "\(p) \(a) \(b)")
            #expect(capsule.box.distance(from: point) <= exact + 1e-6)
            // and tight: short of the exact distance by no more than arc minus chord on a sphere
            // of the smallest radius of curvature (s³/24R²) and the capsule's margin
            let arcMinusChord = exact * exact * exact / (24 * 6_335_439.0 * 6_335_439.0)
            #expect(exact - capsule.lowerBound(from: point) < 1.01 * arcMinusChord + 2 * capsule.margin + 1e-3)
        }
    }

    @Test func longSegmentsAreCutWithoutChangingTheAnswer() {
        // A 600 km FIR-like edge: the index cuts it into pieces of at most 20 km along the same
        // geodesic, and finds the same distance as the uncut segment.
        let a = Position(longitude: -68.0, latitude: 12.0), b = Position(longitude: -63.0, latitude: 15.5)
        let index = GeodesicSegmentIndex(lines: [([a, b], 3)])
        #expect(index.segments.count == Int((Geodesic.wgs84.distanceMeters(from: a, to: b) / GeodesicSegmentIndex.maxPieceMeters).rounded(.up)))
        for p in [Position(longitude: -66.0, latitude: 12.0), Position(longitude: -64.0, latitude: 16.0),
                  Position(longitude: -70.0, latitude: 11.0), Position(longitude: -65.5, latitude: 13.7)] {
            let whole = Geodesic.wgs84.distance(from: p, toSegmentFrom: a, to: b).distanceMeters
            let hit = index.nearest(to: p)
            #expect(hit.map { abs($0.distanceMeters - whole) < 1e-4 } == true, "\(p)")
            #expect(hit?.segment.tag == 3)
        }
    }
}
