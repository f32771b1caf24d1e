import Foundation
import Testing
@testable import IncidentMapper

/// The distance measured only up to a limit (what `near` asks for each candidate) against the
/// full measurement: equal wherever the geometry is within the limit, and above the limit
/// otherwise; and the straight-line bound of a leg that decides what is measured never exceeds
/// the exact distance to it.
struct BoundedDistanceTests {
    static func randomPosition(_ generator: inout SeededGenerator, near centre: Position? = nil, spread: Double = 3) -> Position {
        if let centre {
            return Position(longitude: centre.longitude + Double.random(in: -spread...spread, using: &generator),
                            latitude: min(90, max(-90, centre.latitude + Double.random(in: -spread...spread, using: &generator))))
        }
        return Position(longitude: Double.random(in: -180...180, using: &generator),
                        latitude: asin(Double.random(in: -1...1, using: &generator)) * 180 / .pi)
    }

    /// 20,000 seeded legs from 10 m to 5,000 km long, anywhere (poles included), and points
    /// from on the leg to far from it.
    @Test func aLegsChordBoundNeverExceedsItsGeodesicDistance() {
        let g = Geodesic.wgs84
        var generator = SeededGenerator(seed: 4711)
        var tight = 0
        for i in 0..<20_000 {
            let a = Self.randomPosition(&generator)
            let length = [10.0, 1_000, 20_000, 300_000, 5_000_000][i % 5] * Double.random(in: 0.5...1, using: &generator)
            let b = g.destination(from: a, bearingDegrees: Double.random(in: 0..<360, using: &generator), distanceMeters: length)
            let reach = [1.0, 500, 50_000, 2_000_000][(i / 5) % 4]
            let along = g.destination(from: a, bearingDegrees: g.inverse(from: a, to: b).initialBearingDegrees,
                                      distanceMeters: length * Double.random(in: 0...1, using: &generator))
            let p = g.destination(from: along, bearingDegrees: Double.random(in: 0..<360, using: &generator),
                                  distanceMeters: Double.random(in: 0...reach, using: &generator))
            let exact = g.distance(from: p, toSegmentFrom: a, to: b).distanceMeters
            let bound = ChordCapsule.lowerBound(from: EarthCentredPoint(p), start: EarthCentredPoint(a), end: EarthCentredPoint(b))
            #expect(bound <= exact + 1e-6, "\(p) to \(a)–\(b): bound \(bound) > \(exact)")
            if exact > 1_000, exact - bound < 0.01 * exact { tight += 1 }
        }
        #expect(tight > 5_000)   // and useful: within 1 % of the truth for most
    }

    /// 3,000 seeded geometries around random query points: tracks circling the point (every
    /// leg nearly as near as the nearest, so that the choice of what to measure matters), tracks
    /// and multi-points scattered around it, single points and zones. Each is asked with limits
    /// just at, just under and just over its full distance, and at random: within the limit
    /// the bounded distance is the full one; beyond, it says so.
    @Test func theBoundedDistanceIsExactWithinTheLimitAndAboveItOtherwise() throws {
        let g = Geodesic.wgs84
        var generator = SeededGenerator(seed: 1848)
        var within = 0, beyond = 0
        for i in 0..<3_000 {
            let p = Self.randomPosition(&generator)
            let geometry: Geometry
            switch i % 5 {
            case 0:
                let r = Double.random(in: 500...200_000, using: &generator)
                geometry = .lineString((0..<13).map { k in
                    g.destination(from: p, bearingDegrees: Double(k) * 30 + Double.random(in: -3...3, using: &generator),
                                  distanceMeters: r * Double.random(in: 0.99...1.01, using: &generator))
                })
            case 1: geometry = .lineString((0..<Int.random(in: 2...12, using: &generator)).map { _ in Self.randomPosition(&generator, near: p) })
            case 2: geometry = .multiPoint((0..<Int.random(in: 1...8, using: &generator)).map { _ in Self.randomPosition(&generator, near: p) })
            case 3: geometry = .point(Self.randomPosition(&generator, near: p, spread: 0.5))
            default:
                let c = Self.randomPosition(&generator, near: p), r = Double.random(in: 0.05...1.5, using: &generator)
                var ring = (0..<12).map { k in
                    Position(longitude: c.longitude + r * cos(Double(k) * .pi / 6), latitude: min(89, max(-89, c.latitude + r * sin(Double(k) * .pi / 6))))
                }
                ring.append(ring[0])
                geometry = .polygon([ring])
            }
            let full = try #require(try g.distanceMeters(from: p, to: geometry))
            for limit in [full, full - 1, full + 1, Double.random(in: 0...400_000, using: &generator)] where limit >= 0 {
                let bounded = try #require(try g.distanceMeters(from: p, to: geometry, within: limit))
                if full <= limit {
                    #expect(bounded == full, "\(geometry) from \(p) within \(limit)")
                    within += 1
                } else {
                    #expect(bounded > limit, "\(geometry) from \(p) within \(limit): \(bounded)")
                    beyond += 1
                }
            }
        }
        #expect(within > 3_000 && beyond > 2_000, "\(within) within, \(beyond) beyond")
    }
}
