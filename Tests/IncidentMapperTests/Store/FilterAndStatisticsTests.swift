import Foundation
import Testing
@testable import IncidentMapper

/// Filters on confidence, tags, casualty ranges, full text and bounding box, and statistics
/// with unknown casualties kept apart, on six incidents whose answers are worked out by hand.
struct FilterAndStatisticsTests {
    static func make(_ title: String, _ kind: IncidentKind, _ lon: Double, _ month: String, killed: Int?, injured: Int?,
                     confidence: Confidence, tags: [String], description: String? = nil, url: String = "https://example.org") throws -> Incident {
        Incident(kind: kind, geometry: .point(Position(longitude: lon, latitude: 11)),
                 time: try IncidentTime(start: Timestamp.parse("2025-\(month)-15T12:00:00Z")), title: title, description: description,
                 casualties: Casualties(killed: killed, injured: injured), sources: [Source(url: url, publisher: "Reuters")],
                 confidence: confidence, tags: tags)
    }

    static func store(_ backend: StoreBackend) throws -> any IncidentStoring {
        try store(at: backend.newLocation())
    }

    /// The six incidents in a new store at `location`.
    static func store(at location: String) throws -> any IncidentStoring {
        let store = try IncidentStores.open(location)
        try store.insert(contentsOf: [
            make("Strike off Paria", .vesselStrike, -62, "09", killed: 11, injured: 0, confidence: .confirmed, tags: ["strike", "caribbean"]),
            make("Second strike", .vesselStrike, -63, "09", killed: 3, injured: nil, confidence: .likely, tags: ["strike"],
                 description: "Survivors rescued by Mexico's navy"),
            make("Pacific strike", .vesselStrike, -90, "10", killed: nil, injured: nil, confidence: .reported, tags: ["strike", "pacific"]),
            make("Bombers near the coast", .flight, -66, "10", killed: 0, injured: 0, confidence: .confirmed, tags: ["b-52"]),
            make("Destroyer sighted", .navalPosition, -64, "10", killed: nil, injured: 2, confidence: .disputed, tags: [],
                 url: "https://news.example/destroyer-gravely"),
            make("Exercise", .exerciseZone, -61, "11", killed: 0, injured: nil, confidence: .likely, tags: ["trinidad"]),
        ])
        return store
    }

    @Test(arguments: StoreBackend.underTest)
    func filtersCombine(backend: StoreBackend) throws {
        let s = try Self.store(backend)
        func titles(_ f: IncidentFilter) throws -> Set<String> { Set(try s.incidents(matching: f).map(\.title)) }
        var f = IncidentFilter(); f.confidences = [.confirmed, .likely]
        #expect(try titles(f) == ["Strike off Paria", "Second strike", "Bombers near the coast", "Exercise"])
        f = IncidentFilter(); f.tags = ["strike", "caribbean"]
        #expect(try titles(f) == ["Strike off Paria"])
        f = IncidentFilter(); f.killed = 1...20                     // unknown never matches
        #expect(try titles(f) == ["Strike off Paria", "Second strike"])
        f = IncidentFilter(); f.killed = 0...0
        #expect(try titles(f) == ["Bombers near the coast", "Exercise"])
        f = IncidentFilter(); f.search = "mexico"                   // description, any case
        #expect(try titles(f) == ["Second strike"])
        f = IncidentFilter(); f.search = "grav*"                    // a source URL, by prefix
        #expect(try titles(f) == ["Destroyer sighted"])
        f = IncidentFilter(); f.search = "strike \"paria"           // quotes are words, not syntax
        #expect(try titles(f) == ["Strike off Paria"])
        f = IncidentFilter(kind: .vesselStrike, boundingBox: Envelope(minLongitude: -70, minLatitude: 10, maxLongitude: -60, maxLatitude: 12))
        f.search = "strike"
        #expect(try titles(f) == ["Strike off Paria", "Second strike"])
    }

    @Test(arguments: StoreBackend.underTest)
    func statisticsKeepUnknownApartFromZero(backend: StoreBackend) throws {
        let s = try Self.store(backend)
        let all = try #require(try s.statistics().first)
        #expect(all.incidents == 6)
        #expect(all.killed == .init(total: 14, known: 4, unknown: 2))
        #expect(all.injured == .init(total: 2, known: 3, unknown: 3))
        let byKind = try s.statistics(by: .kind)
        #expect(byKind.first?.group == "vessel-strike" && byKind.first?.incidents == 3)
        #expect(byKind.first?.killed == .init(total: 14, known: 2, unknown: 1))
        let byMonth = try s.statistics(by: .month).map { "\($0.group ?? "-"):\($0.incidents)" }
        #expect(byMonth == ["2025-09:2", "2025-10:3", "2025-11:1"])
        var f = IncidentFilter(); f.tags = ["strike"]
        #expect(try s.statistics(matching: f).first?.killed == .init(total: 14, known: 2, unknown: 1))
    }
}
