import Foundation
import Testing
@testable import IncidentMapper

/// The Swift WKB codec against GEOS's own reader and writer (independent code) and hand-written bytes.
struct WKBCodecTests {
    static let shapes: [Geometry] = [
        .point(Position(longitude: -66.9, latitude: 10.5)),
        .lineString([Position(longitude: -67, latitude: 11), Position(longitude: -66.5, latitude: 11.2), Position(longitude: -66, latitude: 11.9)]),
        .polygon([[Position(longitude: -61, latitude: 11), Position(longitude: -60.5, latitude: 11), Position(longitude: -60.5, latitude: 11.5),
                   Position(longitude: -61, latitude: 11)]]),
        .multiPoint([Position(longitude: 1, latitude: 2), Position(longitude: 3, latitude: 4)]),
        .multiLineString([[Position(longitude: 1, latitude: 2), Position(longitude: 3, latitude: 4)],
                          [Position(longitude: 5, latitude: 6), Position(longitude: 7, latitude: 8)]]),
        .multiPolygon([[[Position(longitude: 0, latitude: 0), Position(longitude: 1, latitude: 0), Position(longitude: 1, latitude: 1),
                         Position(longitude: 0, latitude: 0)]],
                       [[Position(longitude: 5, latitude: 5), Position(longitude: 6, latitude: 5), Position(longitude: 6, latitude: 6),
                         Position(longitude: 5, latitude: 5)]]]),
        .geometryCollection([.point(Position(longitude: 1, latitude: 1)),
                             .lineString([Position(longitude: 1, latitude: 1), Position(longitude: 2, latitude: 2)])]),
        .lineString([Position(longitude: -80, latitude: 5, altitude: 10_000), Position(longitude: -79, latitude: 6, altitude: 9_500)]),
    ]

    @Test(arguments: shapes)
    func writesWhatGEOSWritesAndReadsWhatGEOSWrites(shape: Geometry) throws {
        let geos = try GEOSGeometry(shape).wkb()
        #expect(WKBCodec.encode(shape) == geos)
        #expect(try WKBCodec.decode(geos) == shape)
        #expect(try GEOSGeometry(wkb: WKBCodec.encode(shape)).value() == shape)
        let box = try geos.withUnsafeBytes { try WKBCodec.envelope($0) }
        #expect(box == shape.envelope)
    }

    @Test func readsBigEndianAndEWKBAndRejectsJunk() throws {
        // POINT(-66.9 10.5), big-endian: 00 | 00000001 | x | y
        var big: [UInt8] = [0, 0, 0, 0, 1]
        for v in [-66.9, 10.5] { withUnsafeBytes(of: v.bitPattern.bigEndian) { big.append(contentsOf: $0) } }
        #expect(try WKBCodec.decode(big) == .point(Position(longitude: -66.9, latitude: 10.5)))
        // EWKB POINT Z: type 0x80000001, little-endian
        var ewkb: [UInt8] = [1, 1, 0, 0, 0x80]
        for v in [1.0, 2.0, 3.0] { withUnsafeBytes(of: v.bitPattern.littleEndian) { ewkb.append(contentsOf: $0) } }
        #expect(try WKBCodec.decode(ewkb) == .point(Position(longitude: 1, latitude: 2, altitude: 3)))
        #expect(throws: GeometryError.self) { try WKBCodec.decode(Array(big.dropLast())) }
        #expect(throws: GeometryError.self) { try WKBCodec.decode([1, 99, 0, 0, 0]) }
        #expect(throws: GeometryError.self) { try WKBCodec.decode([1, 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F]) }   // a count beyond the bytes
        #expect(throws: GeometryError.self) { try WKBCodec.decode(big + [0]) }
    }
}
