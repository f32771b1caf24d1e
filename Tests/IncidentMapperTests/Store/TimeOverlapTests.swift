import Foundation
import Testing
@testable import IncidentMapper

/// A time window finds every incident whose time overlaps it, however long before the window
/// an interval starts (the query seeks from the longest span before the window).
struct TimeOverlapTests {
    @Test(arguments: StoreBackend.underTest)
    func aLongIntervalStartingFarBeforeTheWindowIsFound(backend: StoreBackend) throws {
        let store = try backend.makeStore()
        func make(_ title: String, _ start: String, _ end: String?) throws -> Incident {
            Incident(kind: .exerciseZone, geometry: nil,
                     time: try IncidentTime(start: Timestamp.parse(start), end: end.map { try Timestamp.parse($0) }), title: title)
        }
        try store.insert(contentsOf: [
            try make("year-long deployment", "2025-01-01T00:00:00Z", "2025-12-31T00:00:00Z"),
            try make("instant before", "2025-06-01T00:00:00Z", nil),
            try make("ten days", "2025-06-10T00:00:00Z", "2025-06-20T00:00:00Z"),
            try make("instant inside", "2025-06-15T12:00:00Z", nil),
            try make("after", "2025-07-01T00:00:00Z", nil),
            Incident(kind: .other, geometry: nil, time: nil, title: "no time"),
        ])
        func titles(since: String?, until: String?) throws -> Set<String> {
            let filter = IncidentFilter(since: try since.map { try Timestamp.parse($0) }, until: try until.map { try Timestamp.parseUpperBound($0, field: "until") })
            let found = Set(try store.incidents(matching: filter).map(\.title))
            #expect(try store.count(matching: filter) == found.count)
            return found
        }
        #expect(try titles(since: "2025-06-15", until: "2025-06-16") == ["year-long deployment", "ten days", "instant inside"])
        #expect(try titles(since: "2025-12-30", until: nil) == ["year-long deployment"])
        #expect(try titles(since: "2025-06-15T12:00:00Z", until: "2025-06-15T12:00:00Z") == ["year-long deployment", "ten days", "instant inside"])
        #expect(try titles(since: "2026-01-01", until: nil).isEmpty)
        #expect(try titles(since: nil, until: "2025-06-01") == ["year-long deployment", "instant before"])
    }
}
