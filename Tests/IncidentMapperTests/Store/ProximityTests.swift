import Foundation
import Testing
@testable import IncidentMapper

/// `near`: the R-tree pre-filter never loses an incident that a scan of every incident finds,
/// across the antimeridian and around the poles, and distances reach the middle of a track.
struct ProximityTests {
    /// Random incidents over the whole globe (points, and tracks with legs up to ~800 km),
    /// denser near the antimeridian and the poles.
    static func randomIncidents(_ count: Int, generator: inout SeededGenerator) -> [Incident] {
        func position() -> Position {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: Position(longitude: Double.random(in: 178...180, using: &generator) * (Bool.random(using: &generator) ? 1 : -1),
                             latitude: Double.random(in: -60...60, using: &generator))
            case 1: Position(longitude: Double.random(in: -180...180, using: &generator),
                             latitude: Double.random(in: 86...90, using: &generator) * (Bool.random(using: &generator) ? 1 : -1))
            default: Position(longitude: Double.random(in: -180...180, using: &generator),
                              latitude: Double.random(in: -85...85, using: &generator))
            }
        }
        return (0..<count).map { i in
            let start = position()
            let geometry: Geometry
            if i % 10 == 0 {
                var line = [start]
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    line.append(Geodesic.wgs84.destination(from: line.last!, bearingDegrees: Double.random(in: 0..<360, using: &generator),
                                                          distanceMeters: Double.random(in: 50_000...800_000, using: &generator)))
                }
                geometry = .lineString(line)
            } else {
                geometry = .point(start)
            }
            return Incident(kind: i % 10 == 0 ? .flight : .vesselStrike, geometry: geometry, time: nil, title: "incident \(i)",
                            createdAt: Date(timeIntervalSince1970: 1_760_000_000))
        }
    }

    @Test(arguments: StoreBackend.underTest)
    func nearEqualsAScanOfEveryIncident(backend: StoreBackend) throws {
        var generator = SeededGenerator(seed: 50)
        let incidents = Self.randomIncidents(100_000, generator: &generator)
        let store = try backend.makeStore()
        try store.insert(contentsOf: incidents)
        let g = Geodesic.wgs84
        var queries = [Position(longitude: 179.95, latitude: 10), Position(longitude: -179.99, latitude: -35),
                       Position(longitude: 20, latitude: 89.7), Position(longitude: -120, latitude: -89.95)]
        // Points beside the middle of tracks, far from their ends.
        for incident in incidents.prefix(2_000) where queries.count < 30 {
            guard case .lineString(let line) = incident.geometry else { continue }
            let leg = g.inverse(from: line[0], to: line[1])
            guard leg.distanceMeters > 400_000 else { continue }
            let middle = g.destination(from: line[0], bearingDegrees: leg.initialBearingDegrees, distanceMeters: leg.distanceMeters / 2)
            queries.append(g.destination(from: middle, bearingDegrees: leg.initialBearingDegrees + 90, distanceMeters: 20_000))
        }
        while queries.count < 100 {
            queries.append(Position(longitude: Double.random(in: -180...180, using: &generator), latitude: Double.random(in: -89...89, using: &generator)))
        }
        let radius = 50 * 1852.0
        var trackMiddles = 0
        for q in queries {
            let found = try store.incidents(near: q, withinMeters: radius)
            var expected: [(UUID, Double)] = []
            for incident in incidents {
                if let d = try g.distanceMeters(from: q, to: incident.geometry!), d <= radius { expected.append((incident.id, d)) }
            }
            expected.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.lowercasedText < $1.0.lowercasedText }
            #expect(found.map(\.incident.id) == expected.map(\.0), "query \(q)")
            for incident in found {
                guard case .lineString(let line) = incident.incident.geometry else { continue }
                if line.allSatisfy({ g.distanceMeters(from: q, to: $0) > radius }) { trackMiddles += 1 }
            }
        }
        #expect(trackMiddles >= 10)   // tracks found by their middle, both ends beyond the radius
    }

    /// Tracks with legs of 1,000 to 3,000 km, and queries 100 m to 1 nm beside the middle of a
    /// leg: within a 1 nm radius each is found, on every store, as a scan of them all says.
    /// (Red on PostGIS with its candidate radius halved.)
    @Test(arguments: StoreBackend.underTest)
    func longLegsAreFoundAtSmallRadii(backend: StoreBackend) throws {
        let g = Geodesic.wgs84
        var generator = SeededGenerator(seed: 9)
        var tracks: [Incident] = []
        var queries: [Position] = []
        for i in 0..<40 {
            let start = Position(longitude: Double.random(in: -120...(-60), using: &generator),
                                 latitude: Double.random(in: -40...50, using: &generator))
            let bearing = Double.random(in: 0..<360, using: &generator)
            let length = Double.random(in: 1_000_000...3_000_000, using: &generator)
            let end = g.destination(from: start, bearingDegrees: bearing, distanceMeters: length)
            tracks.append(Incident(kind: .flight, geometry: .lineString([start, end]), time: nil, title: "long leg \(i)"))
            let leg = g.inverse(from: start, to: end)
            let middle = g.destination(from: start, bearingDegrees: leg.initialBearingDegrees, distanceMeters: leg.distanceMeters / 2)
            let side = i % 2 == 0 ? 90.0 : -90.0
            queries.append(g.destination(from: middle, bearingDegrees: leg.initialBearingDegrees + side,
                                         distanceMeters: Double.random(in: 100...1_852, using: &generator)))
        }
        let store = try backend.makeStore()
        try store.insert(contentsOf: tracks)
        for q in queries {
            let found = try store.incidents(near: q, withinMeters: 1_852).map(\.incident.id)
            let expected = try tracks.filter { try g.distanceMeters(from: q, to: $0.geometry!)! <= 1_852 }.map(\.id)
            #expect(Set(found) == Set(expected), "query \(q)")
            #expect(!expected.isEmpty)
        }
    }

    /// Distance to a track's middle checked against the track densified every 50 m (independent
    /// of the Newton search in the segment distance).
    @Test func distanceToATrackReachesItsMiddle() throws {
        let g = Geodesic.wgs84
        let a = Position(longitude: -70, latitude: 12), b = Position(longitude: -60, latitude: 14)
        let leg = g.inverse(from: a, to: b)
        let middle = g.destination(from: a, bearingDegrees: leg.initialBearingDegrees, distanceMeters: leg.distanceMeters * 0.4)
        let q = g.destination(from: middle, bearingDegrees: leg.initialBearingDegrees - 90, distanceMeters: 30_000)
        var densified = Double.infinity
        for s in stride(from: 0.0, through: leg.distanceMeters, by: 50) {
            densified = min(densified, g.distanceMeters(from: q, to: g.destination(from: a, bearingDegrees: leg.initialBearingDegrees, distanceMeters: s)))
        }
        let exact = try #require(try g.distanceMeters(from: q, to: .lineString([a, b])))
        #expect(exact <= densified && densified - exact < 0.05)
        #expect(abs(exact - 30_000) < 100)
        // Inside a zone: 0.
        let zone = Geometry.polygon([[Position(longitude: -61, latitude: 11), Position(longitude: -60, latitude: 11),
                                      Position(longitude: -60, latitude: 12), Position(longitude: -61, latitude: 11)]])
        #expect(try g.distanceMeters(from: Position(longitude: -60.2, latitude: 11.5), to: zone) == 0)
    }

    /// Every point of the circle, at 1,440 bearings, lies in one of its boxes, for centres
    /// from the equator to near a pole and radii from 1 km to 3,000 km.
    @Test func boxesHoldEveryPointOfTheCircle() {
        var generator = SeededGenerator(seed: 12)
        let g = Geodesic.wgs84
        for _ in 0..<150 {
            let center = Position(longitude: Double.random(in: -180...180, using: &generator), latitude: Double.random(in: -85...85, using: &generator))
            let radii: [Double] = [1_000, 92_600, 500_000, 3_000_000]
            let r = radii.randomElement(using: &generator)!
            let boxes = GeodesicCircleBounds.boxes(center: center, radiusMeters: r)
            for k in 0..<1_440 {
                let p = g.destination(from: center, bearingDegrees: Double(k) * 0.25, distanceMeters: r)
                let inside = boxes.contains { (box: Envelope) -> Bool in
                    let lon = box.minLongitude <= p.longitude && p.longitude <= box.maxLongitude
                    return lon && box.minLatitude <= p.latitude && p.latitude <= box.maxLatitude
                }
                #expect(inside, "\(center) r \(r) bearing \(Double(k) * 0.25)")
                if !inside { return }
            }
        }
    }

    @Test func boxesSplitAtTheAntimeridianAndOpenAtAPole() {
        let split = GeodesicCircleBounds.boxes(center: Position(longitude: 179.9, latitude: 0), radiusMeters: 100_000)
        #expect(split.count == 2)
        #expect(split.contains { $0.maxLongitude == 180 } && split.contains { $0.minLongitude == -180 })
        let polar = GeodesicCircleBounds.boxes(center: Position(longitude: 10, latitude: 89.5), radiusMeters: 100_000)
        #expect(polar.count == 1 && polar[0].maxLatitude == 90 && polar[0].minLongitude == -180 && polar[0].maxLongitude == 180)
    }
}
