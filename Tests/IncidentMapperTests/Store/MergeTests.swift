import Foundation
import Testing
@testable import IncidentMapper

/// Merging the three reports of one strike: one record with every source, the widest casualty
/// range the reports support, and the history of all three.
struct MergeTests {
    private static func report(_ title: String, killed: Int?, injured: Int? = nil, urls: [String], tags: [String] = [],
                               time: String? = "2025-09-02T14:00:00Z", at position: Position? = Position(longitude: -63.9, latitude: 11.2),
                               description: String? = nil) throws -> Incident {
        Incident(kind: .vesselStrike, geometry: position.map(Geometry.point),
                 time: try time.map { try IncidentTime(start: Timestamp.parse($0)) }, title: title, description: description,
                 casualties: Casualties(killed: killed, injured: injured), sources: urls.map { Source(url: $0) }, tags: tags)
    }

    @Test func widestRangeCountByCountWithUnknownAddingNothing() {
        let merged = Casualties.widest([Casualties(killed: 3), Casualties(killed: 6, injured: 1), Casualties(killed: nil),
                                        Casualties(killed: 4, killedMax: 5)])
        #expect(merged[.killed] == 3...6 && merged.killed == 3 && merged.killedMax == 6)
        #expect(merged[.injured] == 1...1 && merged.injuredMax == nil)     // one report: a single number
        #expect(merged[.missing] == nil)                                    // nobody says: unknown, not 0
        #expect(merged.text(.killed) == "3–6" && merged.text(.injured) == "1" && merged.text(.missing) == "unknown")
        #expect(Casualties.widest([Casualties(), Casualties()]) == Casualties())
    }

    @Test func aRangeMustBeAscendingAndHaveALowEnd() throws {
        var incident = try Self.report("x", killed: 3, urls: [])
        incident.casualties.killedMax = 3
        #expect(throws: IncidentError.self) { try incident.validateForStorage() }
        incident.casualties = Casualties(killedMax: 4)
        #expect(throws: IncidentError.self) { try incident.validateForStorage() }
        incident.casualties = Casualties(killed: 3, killedMax: 4)
        try incident.validateForStorage()
    }

    @Test(arguments: StoreBackend.underTest)
    func threeReportsBecomeOneWithEverySourceTheWidestRangeAndAllHistories(backend: StoreBackend) throws {
        let store = try backend.makeStore()
        let pentagon = try Self.report("Pentagon: strike on a narco vessel", killed: 3, urls: ["https://war.gov/1"], tags: ["caribbean"])
        let journalist = try Self.report("Journalist", killed: 6, injured: 2, urls: ["https://news.example/2", "https://war.gov/1"],
                                         tags: ["caribbean", "survivors"], time: "2025-09-02T20:00:00Z",
                                         description: "Two survivors seen")
        let ngo = try Self.report("NGO", killed: nil, urls: ["https://ngo.example/3"], time: nil, at: nil)
        let bystander = try Self.report("Another strike", killed: 1, urls: ["https://x.example/9"])
        try store.insert(contentsOf: [pentagon, journalist, ngo, bystander])
        let at = Timestamp.truncatedToMilliseconds(Date()).addingTimeInterval(5)   // after the inserts
        let merged = try store.merge(keeping: pentagon.id, into: [journalist.id, ngo.id], reason: "one strike, three reports", now: at)

        #expect(merged.id == pentagon.id && merged.title == pentagon.title && merged.time == pentagon.time && merged.geometry == pentagon.geometry)
        #expect(merged.sources.map(\.url) == ["https://war.gov/1", "https://news.example/2", "https://ngo.example/3"])
        #expect(merged.tags == ["caribbean", "survivors"])
        #expect(merged.description == "Two survivors seen")                      // the kept record had none
        #expect(merged.casualties == Casualties(killed: 3, injured: 2, killedMax: 6))
        #expect(merged.updatedAt == at)
        #expect(try store.incident(id: pentagon.id) == merged)
        #expect(try store.incident(id: journalist.id) == nil && store.incident(id: ngo.id) == nil)
        #expect(try store.count(matching: IncidentFilter()) == 2)

        let history = try store.history(of: pentagon.id)
        #expect(Set(history.map(\.incidentID)) == [pentagon.id, journalist.id, ngo.id])
        let kept = try #require(history.first { $0.incidentID == pentagon.id && $0.action == .merge })
        #expect(kept.reason == "one strike, three reports")
        #expect(kept.changes["killed_max"] == .array([.null, .number(6)]))
        #expect(kept.changes["merged_from"] == .array([.null, .array([.string(journalist.id.lowercasedText), .string(ngo.id.lowercasedText)])]))
        let gone = try #require(history.first { $0.incidentID == journalist.id && $0.action == .merge })
        #expect(gone.changes["merged_into"] == .array([.null, .string(pentagon.id.lowercasedText)]))
        #expect(history.map(\.at) == history.map(\.at).sorted())

        // The range is stored, filtered by overlap, and summed as a range.
        var filter = IncidentFilter()
        filter.killed = 5...5
        #expect(try store.incidents(matching: filter).map(\.id) == [pentagon.id])
        filter.killed = 7...100
        #expect(try store.incidents(matching: filter).isEmpty)
        let totals = try #require(store.statistics().first)
        #expect(totals.killed.total == 4 && totals.killed.totalHigh == 7 && totals.injured.total == 2 && totals.injured.totalHigh == 2)

        // The export before the merge still shows three records.
        var before: [UUID] = []
        try store.forEachIncident(asOf: at.addingTimeInterval(-1)) { before.append($0.id) }
        #expect(Set(before) == [pentagon.id, journalist.id, ngo.id, bystander.id])
    }

    @Test(arguments: StoreBackend.underTest)
    func aMergeOfAMissingOrRepeatedIdChangesNothing(backend: StoreBackend) throws {
        let store = try backend.makeStore()
        let a = try Self.report("a", killed: 1, urls: ["https://a"]), b = try Self.report("b", killed: 2, urls: ["https://b"])
        try store.insert(contentsOf: [a, b])
        #expect(throws: StoreError.self) { try store.merge(keeping: a.id, into: [UUID()]) }
        #expect(throws: StoreError.self) { try store.merge(keeping: a.id, into: [b.id, b.id]) }
        #expect(throws: StoreError.self) { try store.merge(keeping: a.id, into: []) }
        #expect(try store.incident(id: a.id)?.sources == a.sources && store.incident(id: b.id)?.casualties == b.casualties)
        #expect(try store.history(of: a.id).map(\.action) == [.log])
    }
}
