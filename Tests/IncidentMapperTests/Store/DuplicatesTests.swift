import Foundation
import Testing
@testable import IncidentMapper

/// Likely duplicates: the three reports of one strike (Pentagon, journalist, NGO) at slightly
/// different positions and times are paired; a strike far away, one a week later, a flight at
/// the same spot, are not; a shared source URL pairs two reports wherever they are.
struct DuplicatesTests {
    @Test(arguments: StoreBackend.underTest)
    func threeReportsOfOneStrikeArePairedAndNothingElse(backend: StoreBackend) throws {
        let store = try backend.makeStore()
        let g = Geodesic.wgs84
        let spot = Position(longitude: -63.9, latitude: 11.2)
        func report(_ title: String, _ kind: IncidentKind = .vesselStrike, at p: Position, _ time: String, url: String) throws -> Incident {
            Incident(kind: kind, geometry: .point(p), time: try IncidentTime(start: Timestamp.parse(time)), title: title,
                     sources: [Source(url: url)])
        }
        let pentagon = try report("Pentagon", at: spot, "2025-09-02T14:00:00Z", url: "https://war.gov/1")
        let journalist = try report("Journalist", at: g.destination(from: spot, bearingDegrees: 90, distanceMeters: 2 * 1852),
                                    "2025-09-02T20:00:00Z", url: "https://news.example/2")
        let ngo = try report("NGO", at: g.destination(from: spot, bearingDegrees: 200, distanceMeters: 3 * 1852),
                             "2025-09-03T08:00:00Z", url: "https://ngo.example/3")
        let far = try report("Far", at: g.destination(from: spot, bearingDegrees: 0, distanceMeters: 30 * 1852), "2025-09-02T14:00:00Z",
                             url: "https://x.example/4")
        let later = try report("A week later", at: spot, "2025-09-09T14:00:00Z", url: "https://x.example/5")
        let flight = try report("Flight", .flight, at: spot, "2025-09-02T14:00:00Z", url: "https://x.example/6")
        let citing = try report("Cites the Pentagon", .other, at: Position(longitude: -80, latitude: 5), "2025-10-01T00:00:00Z",
                                url: "https://war.gov/1")
        try store.insert(contentsOf: [pentagon, journalist, ngo, far, later, flight, citing])
        let pairs = try store.likelyDuplicates(withinMeters: 5 * 1852, hours: 24)
        func has(_ a: Incident, _ b: Incident) -> LikelyDuplicate? {
            pairs.first { Set([$0.first, $0.second]) == Set([a.id, b.id]) }
        }
        #expect(pairs.count == 4)
        let pj = try #require(has(pentagon, journalist))
        #expect(abs(pj.distanceMeters! - 2 * 1852) < 1 && abs(pj.hoursApart! - 6) < 1e-9)
        #expect(abs(pj.score - (1 - 2.0 / 5) * (1 - 6.0 / 24)) < 1e-6)
        #expect(has(pentagon, ngo) != nil && has(journalist, ngo) != nil)
        #expect(has(pentagon, citing)?.score == 1 && has(pentagon, citing)?.reasons.first == "same source https://war.gov/1")
        #expect(pairs.first?.score == 1)
        for outsider in [far, later, flight] { #expect(!pairs.contains { $0.first == outsider.id || $0.second == outsider.id }) }
    }
}
