import Foundation
import Testing
@testable import IncidentMapper

/// The `pip` conformance suite (GEOS, Boost.Geometry, Turf and PostGIS cases, half on the boundary)
/// from `../shared/conformance/pip`, read where the project is checked out beside `shared/`.
/// Set `INCIDENTS_CONFORMANCE_DIR` to point elsewhere. Skipped when the suite is absent, except
/// under CI (`CI=true`), where a missing suite fails.
struct PointInPolygonConformanceTests {
    static let directory: URL? = ConformanceSuite.directory("pip")

    struct Case: CustomStringConvertible, Sendable {
        var id: String, polygon: String, other: String
        var expected: [String: Bool]
        var description: String { id }
    }

    static func cases(_ file: String, otherColumn: String) -> [Case] {
        guard let directory, let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        else { return [] }
        let rows = CSV.rows(text)
        guard let header = rows.first else { return [] }
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        return rows.dropFirst().filter { $0.count == header.count }.map { row in
            var expected: [String: Bool] = [:]
            for predicate in ["contains", "covers", "intersects", "within"] where !row[column(predicate)].isEmpty {
                expected[predicate] = row[column(predicate)] == "true"
            }
            return Case(id: row[column("id")], polygon: row[column("polygon_wkt")], other: row[column(otherColumn)],
                        expected: expected)
        }
    }

    @Test(.enabled(if: directory != nil), arguments:
            cases("point_in_polygon_cases.csv", otherColumn: "point_wkt")
            + cases("multipoint_in_polygon_cases.csv", otherColumn: "multipoint_wkt"))
    func predicateMatchesReference(_ c: Case) throws {
        let polygon = try Geometry(wkt: c.polygon)
        let other = try Geometry(wkt: c.other)
        // contains / covers / intersects ask the polygon about the point(s); within asks the point(s)
        // whether they lie within the polygon (the suite's expected values follow that reading).
        if let want = c.expected["contains"] { #expect(try polygon.contains(other) == want, "contains") }
        if let want = c.expected["covers"] { #expect(try polygon.covers(other) == want, "covers") }
        if let want = c.expected["intersects"] { #expect(try polygon.intersects(other) == want, "intersects") }
        if let want = c.expected["within"] { #expect(try other.within(polygon) == want, "within") }
    }

    /// Under CI this runs even when the suite is missing, and fails there.
    @Test(.enabled(if: ConformanceSuite.runs("pip")))
    func suiteIsPresentAndLarge() {
        #expect(Self.cases("point_in_polygon_cases.csv", otherColumn: "point_wkt").count >= 150)
    }
}

/// A small RFC 4180 CSV reader for test fixtures (quoted fields, doubled quotes).
enum CSV {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(ch) }
            } else if ch == "\"" { quoted = true }
            else if ch == "," { row.append(field); field = "" }
            else if ch == "\n" || ch == "\r\n" { row.append(field); rows.append(row); row = []; field = "" }
            else if ch != "\r" { field.append(ch) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
