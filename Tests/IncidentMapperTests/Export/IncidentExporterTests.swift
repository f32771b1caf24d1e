import Foundation
import Testing
@testable import IncidentMapper

/// Export rounds to 7 decimals unless that would break the geometry.
struct IncidentExporterTests {
    @Test func roundsToSevenDecimals() throws {
        let g = Geometry.lineString([Position(longitude: -66.123456789, latitude: 10.987654321),
                                     Position(longitude: -66.5, latitude: 11)])
        #expect(try IncidentExporter.safeDecimals(for: g) == 7)
    }

    @Test func keepsFullPrecisionWhenRoundingWouldMergeTrackPoints() throws {
        let g = Geometry.lineString([Position(longitude: -66, latitude: 10),
                                     Position(longitude: -66.00000001, latitude: 10.00000001)])
        #expect(try IncidentExporter.safeDecimals(for: g) == nil)
    }

    @Test func keepsFullPrecisionWhenRoundingWouldCollapseARing() throws {
        let sliver = Geometry.polygon([[
            Position(longitude: 0, latitude: 0), Position(longitude: 1, latitude: 0),
            Position(longitude: 0.5, latitude: 0.00000001), Position(longitude: 0, latitude: 0),
        ]])
        #expect(try sliver.validity() == .valid)
        #expect(try IncidentExporter.safeDecimals(for: sliver) == nil)
    }

    @Test func wktWithMeasuresIsRefusedAndEmptyMultiPointMembersToo() {
        #expect(throws: GeometryError.self) { try Geometry(wkt: "POINT M (-66 10 250)") }
        #expect(throws: GeometryError.self) { try Geometry(wkt: "LINESTRING ZM (0 0 0 0, 1 1 1 1)") }
        #expect(throws: GeometryError.self) { try Geometry(wkt: "MULTIPOINT (EMPTY, (1 2))") }
        #expect((try? Geometry(wkt: "POINT Z (-66 10 250)")) != nil)
        #expect((try? Geometry(wkt: "GEOMETRYCOLLECTION (POINT (1 2), MULTIPOINT ((0 0)))")) != nil)
        #expect(throws: GeometryError.self) { try Geometry(wkt: "MULTIPOINTM ((0 0 1))") }
    }
}
