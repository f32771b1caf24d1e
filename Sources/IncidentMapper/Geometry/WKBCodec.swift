import Foundation

/// ISO Well-Known Binary read and written in Swift, without a round trip through GEOS: the store
/// encodes and decodes a geometry for every row it writes or reads, and its R-tree triggers need
/// only an envelope. GEOS still decides validity and every predicate.
///
/// Writes little-endian ISO WKB (type + 1000 when any position has an altitude; a missing
/// altitude in such a geometry is written as NaN and read back as none). Reads either byte
/// order, ISO and EWKB Z/M/ZM codes (M values are dropped), and an empty Point (NaN
/// coordinates) as an empty MultiPoint, as ``Geometry`` holds no empty point.
public enum WKBCodec {
    /// The WKB of `geometry`.
    public static func encode(_ geometry: Geometry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(21 + geometry.positions.count * 16)
        write(geometry, hasZ: geometry.positions.contains { $0.altitude != nil }, into: &out)
        return out
    }

    /// The geometry in a WKB buffer.
    /// - Throws: ``GeometryError/invalidInput(_:)`` when the bytes are not WKB.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(GeometryError) -> Geometry {
        var reader = Reader(bytes: bytes)
        let geometry = try reader.geometry(depth: 0)
        guard reader.offset == bytes.count else { throw .invalidInput("WKB has \(bytes.count - reader.offset) bytes after its geometry") }
        return geometry
    }

    /// The geometry in WKB bytes.
    public static func decode(_ bytes: [UInt8]) throws(GeometryError) -> Geometry {
        do {
            return try bytes.withUnsafeBytes { buffer in try decode(buffer) }
        } catch let error as GeometryError {
            throw error
        } catch {
            throw .invalidInput("\(error)")
        }
    }

    /// The XY envelope of the geometry in a WKB buffer, read without building it; nil when empty.
    public static func envelope(_ bytes: UnsafeRawBufferPointer) throws(GeometryError) -> Envelope? {
        var reader = Reader(bytes: bytes)
        var box = (minX: Double.infinity, minY: Double.infinity, maxX: -Double.infinity, maxY: -Double.infinity)
        try reader.visitPositions(depth: 0) { x, y in
            box = (min(box.minX, x), min(box.minY, y), max(box.maxX, x), max(box.maxY, y))
        }
        guard box.minX <= box.maxX else { return nil }
        return Envelope(minLongitude: box.minX, minLatitude: box.minY, maxLongitude: box.maxX, maxLatitude: box.maxY)
    }

    // MARK: - Writing

    private static func write(_ geometry: Geometry, hasZ: Bool, into out: inout [UInt8]) {
        func header(_ type: UInt32) {
            out.append(1)
            append(type + (hasZ ? 1000 : 0), &out)
        }
        func positions(_ ps: [Position]) {
            append(UInt32(ps.count), &out)
            for p in ps { position(p) }
        }
        func position(_ p: Position) {
            append(p.longitude.bitPattern, &out)
            append(p.latitude.bitPattern, &out)
            if hasZ { append((p.altitude ?? .nan).bitPattern, &out) }
        }
        switch geometry {
        case .point(let p):
            header(1); position(p)
        case .multiPoint(let ps):
            header(4); append(UInt32(ps.count), &out)
            for p in ps { header(1); position(p) }
        case .lineString(let ps):
            header(2); positions(ps)
        case .multiLineString(let lines):
            header(5); append(UInt32(lines.count), &out)
            for line in lines { header(2); positions(line) }
        case .polygon(let rings):
            header(3); append(UInt32(rings.count), &out)
            for ring in rings { positions(ring) }
        case .multiPolygon(let polygons):
            header(6); append(UInt32(polygons.count), &out)
            for rings in polygons {
                header(3); append(UInt32(rings.count), &out)
                for ring in rings { positions(ring) }
            }
        case .geometryCollection(let members):
            header(7); append(UInt32(members.count), &out)
            for member in members { write(member, hasZ: hasZ, into: &out) }
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, _ out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    // MARK: - Reading

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var littleEndian = true

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func uint32() throws(GeometryError) -> UInt32 {
            guard offset + 4 <= bytes.count else { throw .invalidInput("WKB ends early") }
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            offset += 4
            return littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
        }

        mutating func double() throws(GeometryError) -> Double {
            guard offset + 8 <= bytes.count else { throw .invalidInput("WKB ends early") }
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
            return Double(bitPattern: littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw))
        }

        /// Reads a byte order and type: the base type (1–7) and how many values a position has.
        mutating func header() throws(GeometryError) -> (type: UInt32, hasZ: Bool, dimensions: Int) {
            guard offset < bytes.count else { throw .invalidInput("WKB ends early") }
            switch bytes[offset] {
            case 0: littleEndian = false
            case 1: littleEndian = true
            default: throw .invalidInput("WKB byte order \(bytes[offset]) is neither 0 nor 1")
            }
            offset += 1
            let code = try uint32()
            var hasZ = code & 0x8000_0000 != 0, hasM = code & 0x4000_0000 != 0
            var type = code & 0x0FFF_FFFF
            switch type / 1000 {
            case 1: hasZ = true
            case 2: hasM = true
            case 3: hasZ = true; hasM = true
            default: break
            }
            type %= 1000
            guard (1...7).contains(type) else { throw .invalidInput("WKB geometry type \(code) is unknown") }
            return (type, hasZ, 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0))
        }

        mutating func count(perItem minimumBytes: Int) throws(GeometryError) -> Int {
            let n = Int(try uint32())
            guard n <= (bytes.count - offset) / max(1, minimumBytes) else { throw .invalidInput("WKB count \(n) exceeds its bytes") }
            return n
        }

        mutating func position(hasZ: Bool, dimensions: Int) throws(GeometryError) -> Position {
            let x = try double(), y = try double()
            var z: Double?
            if hasZ { let v = try double(); z = v.isNaN ? nil : v }
            for _ in 0..<(dimensions - 2 - (hasZ ? 1 : 0)) { _ = try double() }
            return Position(longitude: x, latitude: y, altitude: z)
        }

        mutating func positions(hasZ: Bool, dimensions: Int) throws(GeometryError) -> [Position] {
            let n = try count(perItem: dimensions * 8)
            var result: [Position] = []
            result.reserveCapacity(n)
            for _ in 0..<n { result.append(try position(hasZ: hasZ, dimensions: dimensions)) }
            return result
        }

        mutating func geometry(depth: Int) throws(GeometryError) -> Geometry {
            guard depth < 64 else { throw .invalidInput("WKB nested too deep") }
            let (type, hasZ, dimensions) = try header()
            func members(_ expected: UInt32) throws(GeometryError) -> [Geometry] {
                let n = try count(perItem: 5)
                var result: [Geometry] = []
                for _ in 0..<n {
                    let member = try geometry(depth: depth + 1)
                    if expected != 0 {
                        let code: UInt32 = switch member {
                        case .point, .multiPoint: 1
                        case .lineString: 2
                        case .polygon: 3
                        default: 0
                        }
                        // An empty Point member reads as an empty MultiPoint: still a point.
                        guard code == expected else { throw .invalidInput("WKB multi-geometry of type \(type) holds a member of another type") }
                    }
                    result.append(member)
                }
                return result
            }
            switch type {
            case 1:
                let p = try position(hasZ: hasZ, dimensions: dimensions)
                return p.longitude.isNaN && p.latitude.isNaN ? .multiPoint([]) : .point(p)
            case 2:
                return .lineString(try positions(hasZ: hasZ, dimensions: dimensions))
            case 3:
                let n = try count(perItem: 4)
                var rings: [[Position]] = []
                for _ in 0..<n { rings.append(try positions(hasZ: hasZ, dimensions: dimensions)) }
                return .polygon(rings)
            case 4:
                return .multiPoint(try members(1).flatMap { member -> [Position] in
                    if case .point(let p) = member { return [p] } else { return [] }
                })
            case 5:
                return .multiLineString(try members(2).map { if case .lineString(let ps) = $0 { ps } else { [] } })
            case 6:
                return .multiPolygon(try members(3).map { if case .polygon(let rings) = $0 { rings } else { [] } })
            default:
                return .geometryCollection(try members(0))
            }
        }

        /// Calls `visit` with every XY position, without building the geometry.
        mutating func visitPositions(depth: Int, _ visit: (Double, Double) -> Void) throws(GeometryError) {
            guard depth < 64 else { throw .invalidInput("WKB nested too deep") }
            let (type, _, dimensions) = try header()
            func run() throws(GeometryError) {
                let n = try count(perItem: dimensions * 8)
                for _ in 0..<n { try xy() }
            }
            func xy() throws(GeometryError) {
                let x = try double(), y = try double()
                offset += (dimensions - 2) * 8
                guard offset <= bytes.count else { throw .invalidInput("WKB ends early") }
                if !x.isNaN && !y.isNaN { visit(x, y) }
            }
            switch type {
            case 1: try xy()
            case 2: try run()
            case 3:
                let n = try count(perItem: 4)
                for _ in 0..<n { try run() }
            default:
                let n = try count(perItem: 5)
                for _ in 0..<n { try visitPositions(depth: depth + 1, visit) }
            }
        }
    }
}
