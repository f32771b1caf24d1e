import Foundation
import Testing
@testable import IncidentMapper

/// Tracks over the synthetic geography of ``PositionClassifierTests``: a flight due north along
/// the 65°W meridian (a geodesic) crosses the test FIR's southern and northern limits, which
/// run along 4°N and 16°N, exactly at (-65, 4) and (-65, 16).
struct TrackAnalysisTests {
    static let start = Date(timeIntervalSince1970: 1_760_000_000)

    @Test func firEntryAndExitAreOnTheGeodesicCrossingWithInterpolatedTimes() throws {
        let classifier = try PositionClassifier(PositionClassifierTests.geography)
        let track = [
            TrackPoint(position: Position(longitude: -65, latitude: 3), time: Self.start),
            TrackPoint(position: Position(longitude: -65, latitude: 17), time: Self.start.addingTimeInterval(3600 * 3)),
        ]
        let report = try classifier.analyze(track: track, stepMeters: 5000)   // bisection does the precision
        let fir = report.crossings.filter { $0.layer == .fir }
        #expect(fir.map(\.direction) == [.enter, .exit])
        let g = Geodesic.wgs84
        let total = g.distanceMeters(from: track[0].position, to: track[1].position)
        for (crossing, latitude) in zip(fir, [4.0, 16.0]) {
            let expected = Position(longitude: -65, latitude: latitude)
            #expect(g.distanceMeters(from: crossing.position, to: expected) < 0.1 * 1852)   // issue: within 0.1 nm
            #expect(g.distanceMeters(from: crossing.position, to: expected) < 1)            // in fact within a metre
            let fraction = g.distanceMeters(from: track[0].position, to: expected) / total
            let time = try #require(crossing.time)
            #expect(abs(time.timeIntervalSince(Self.start) - fraction * 3 * 3600) < 1)
        }
        let stay = try #require(report.stays.first { $0.layer == .fir && $0.area == "TEST" })
        #expect(abs((stay.seconds ?? 0) - (fir[1].time!.timeIntervalSince(fir[0].time!))) < 1)
    }

    @Test func closestApproachAndZoneCrossingsOffAStraightCoast() throws {
        let classifier = try PositionClassifier(PositionClassifierTests.geography)
        // Inbound from 30 nm off the coast to 5 nm off and back out, perpendicular at the foot.
        let track = [30.0, 5.0, 30.0].map { TrackPoint(position: PositionClassifierTests.offshore($0)) }
        let report = try classifier.analyze(track: track, stepMeters: 1000)
        let closest = try #require(report.closestApproach)
        #expect(abs(closest.coast.distanceNauticalMiles - 5) < 0.01)
        let surface = report.crossings.filter { $0.layer == .surface && $0.direction == .enter }.map(\.area)
        #expect(surface == ["contiguous-zone VEN", "territorial-sea VEN", "contiguous-zone VEN", "eez VEN"])
        let entry = try #require(report.crossings.first { $0.area == "territorial-sea VEN" && $0.direction == .enter })
        let coast = try #require(classifier.venezuelaCoast(from: entry.position))
        #expect(abs(coast.distanceNauticalMiles - 12) < 0.001)
    }

    /// Skipping coast searches where high seas is proven (``PositionClassifier/placeWithReach(at:)``)
    /// changes nothing: on the shipped layers, 16 seeded tracks across the theatre (open ocean,
    /// and runs in to the coasts of Venezuela, Colombia and the islands) give the same stays,
    /// crossings and closest approach as a full answer at every sample.
    @Test func skippingProvenHighSeasChangesNoAnswer() throws {
        let classifier = try PositionClassifier(ReferenceGeography.load())
        var generator = SeededGenerator(seed: 8)
        var skippedSomewhere = false
        for _ in 0..<16 {
            var positions = [Position(longitude: Double.random(in: -120 ... -45, using: &generator),
                                      latitude: Double.random(in: -15 ... 30, using: &generator))]
            let target = Position(longitude: Double.random(in: -75 ... -60, using: &generator),
                                  latitude: Double.random(in: 8 ... 14, using: &generator))
            for k in 1...3 {   // legs heading for a coast of the Caribbean
                let t = Double(k) / 3
                positions.append(Position(longitude: positions[0].longitude + (target.longitude - positions[0].longitude) * t,
                                           latitude: positions[0].latitude + (target.latitude - positions[0].latitude) * t))
            }
            let track = positions.map { TrackPoint(position: $0) }
            let fast = try classifier.analyze(track: track, stepMeters: 2_000, exhaustive: false)
            let full = try classifier.analyze(track: track, stepMeters: 2_000, exhaustive: true)
            #expect(fast.crossings == full.crossings)
            #expect(fast.stays.map(\.area) == full.stays.map(\.area))
            for (a, b) in zip(fast.stays, full.stays) { #expect(abs(a.meters - b.meters) < 1e-6) }
            #expect(fast.closestApproach == full.closestApproach)
            if fast.stays.contains(where: { $0.area == "high-seas" }) { skippedSomewhere = true }
        }
        #expect(skippedSomewhere)
        // Tracks zigzagging along the coast, whose legs come about as near as each other: the
        // refinement of one leg is then needed to decide whether the next one beats it.
        for _ in 0..<24 {
            let start = Position(longitude: Double.random(in: -70 ... -62, using: &generator), latitude: Double.random(in: 11.0 ... 11.6, using: &generator))
            let positions = (0..<8).map { k in
                Position(longitude: start.longitude + Double(k) * 0.15, latitude: start.latitude + (k % 2 == 0 ? 0 : Double.random(in: -0.05 ... 0.05, using: &generator)))
            }
            let track = positions.map { TrackPoint(position: $0) }
            let fast = try classifier.analyze(track: track, stepMeters: 2_000, exhaustive: false)
            let full = try classifier.analyze(track: track, stepMeters: 2_000, exhaustive: true)
            #expect(fast.closestApproach == full.closestApproach)
            #expect(fast.crossings == full.crossings)
        }
        // Wandering tracks of the southern Caribbean, over land and sea, near and far.
        for _ in 0..<24 {
            let centre = Position(longitude: Double.random(in: -74 ... -58, using: &generator), latitude: Double.random(in: 8 ... 15, using: &generator))
            let positions = (0..<7).map { _ in
                Position(longitude: centre.longitude + Double.random(in: -1.5 ... 1.5, using: &generator),
                         latitude: centre.latitude + Double.random(in: -1 ... 1, using: &generator))
            }
            let track = positions.map { TrackPoint(position: $0) }
            let fast = try classifier.analyze(track: track, stepMeters: 2_000, exhaustive: false)
            let full = try classifier.analyze(track: track, stepMeters: 2_000, exhaustive: true)
            #expect(fast.closestApproach == full.closestApproach)
            #expect(fast.crossings == full.crossings)
            #expect(fast.stays.map(\.area) == full.stays.map(\.area))
        }
    }
}

/// A zone's closest approach to Venezuela measured only where it could be nearer gives the
/// answer of measuring every boundary sample, for zones off the coast, across it and far away.
struct ZoneClosestApproachTests {
    @Test func leavingOutSamplesThatCannotBeNearerChangesNoAnswer() throws {
        let classifier = try PositionClassifier(ReferenceGeography.load())
        var generator = SeededGenerator(seed: 9)
        for n in 0..<24 {
            let c = Position(longitude: Double.random(in: -75 ... -58, using: &generator), latitude: Double.random(in: 8 ... 16, using: &generator))
            let w = Double.random(in: 0.05 ... 1.5, using: &generator), h = Double.random(in: 0.05 ... 1.5, using: &generator)
            var ring = (0..<7).map { k -> Position in
                let a = Double(k) / 7 * 2 * .pi
                return Position(longitude: c.longitude + w * cos(a) * Double.random(in: 0.6 ... 1, using: &generator),
                                latitude: c.latitude + h * sin(a) * Double.random(in: 0.6 ... 1, using: &generator))
            }
            ring.append(ring[0])
            let polygons = [[ring]]
            let zone = try GEOSGeometry(.polygon([ring]))
            let envelope = try #require(Geometry.polygon([ring]).envelope)
            let fast = try classifier.zoneClosestApproach(polygons, zone: zone, envelope: envelope)
            let full = try classifier.zoneClosestApproach(polygons, zone: zone, envelope: envelope, exhaustive: true)
            #expect(fast.position == full.position && fast.meters == full.meters, "zone \(n): \(fast) vs \(full)")
        }
    }
}
