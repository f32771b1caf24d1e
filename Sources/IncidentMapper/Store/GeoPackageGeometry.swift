import Foundation

/// The GeoPackage geometry encoding (GeoPackage 1.3, clause 2.1.3): a header
/// (`GP`, version, flags, srs_id, envelope) followed by ISO WKB.
///
/// Non-point geometries carry an XY envelope, so the R-tree triggers' `ST_MinX` … read four
/// doubles instead of parsing the WKB; a point's envelope is read straight from its WKB
/// (``WKBCodec``), never through GEOS.
public enum GeoPackageGeometry {
    /// The WGS84 geographic SRS id, as registered in every GeoPackage.
    public static let wgs84SRSID: Int32 = 4326

    /// Encodes a geometry as a GeoPackage blob in SRS `srsID`.
    /// - Throws: ``GeometryError`` when GEOS cannot build the geometry.
    public static func encode(_ geometry: Geometry, srsID: Int32 = wgs84SRSID) throws(GeometryError) -> Data {
        let wkb = WKBCodec.encode(geometry)
        let envelope = geometry.envelope
        let isPoint: Bool = if case .point = geometry { true } else { false }
        let writeEnvelope = envelope != nil && !isPoint
        var flags: UInt8 = 0x01                       // little-endian header values
        if writeEnvelope { flags |= 0x01 << 1 }       // envelope indicator 1: [minx, maxx, miny, maxy]
        if geometry.isEmpty { flags |= 0x10 }         // empty geometry flag
        var data = Data([0x47, 0x50, 0x00, flags])    // "GP", version 0, flags
        append(littleEndian: UInt32(bitPattern: srsID), to: &data)
        if writeEnvelope, let box = envelope {
            for value in [box.minLongitude, box.maxLongitude, box.minLatitude, box.maxLatitude] {
                append(littleEndian: value.bitPattern, to: &data)
            }
        }
        data.append(contentsOf: wkb)
        return data
    }

    /// Decodes a GeoPackage blob.
    /// - Throws: ``StoreError/corruptGeometry(_:)`` on a bad header, ``GeometryError`` on bad WKB.
    public static func decode(_ data: Data) throws -> Geometry {
        let header = try Header(data)
        return try data.withUnsafeBytes { (all) throws -> Geometry in
            try WKBCodec.decode(UnsafeRawBufferPointer(rebasing: all[header.length...]))
        }
    }

    /// The parsed header of a GeoPackage blob.
    public struct Header: Sendable {
        /// True when the blob says the geometry is empty.
        public var isEmpty: Bool
        /// The XY envelope from the header, when the writer stored one.
        public var envelope: Envelope?
        /// Header length in bytes (where the WKB starts).
        public var length: Int
        /// The blob's SRS id.
        public var srsID: Int32

        /// Reads the header of a GeoPackage geometry blob.
        public init(_ data: Data) throws(StoreError) {
            let s = data.startIndex
            guard data.count >= 8, data[s] == 0x47, data[s + 1] == 0x50 else {
                throw .corruptGeometry("not a GeoPackage geometry blob (no GP magic)")
            }
            let flags = data[s + 3]
            let littleEndian = flags & 0x01 == 1
            isEmpty = flags & 0x10 != 0
            let envelopeKind = Int((flags >> 1) & 0x07)
            let doubles: Int
            switch envelopeKind {
            case 0: doubles = 0
            case 1: doubles = 4
            case 2, 3: doubles = 6
            case 4: doubles = 8
            default: throw .corruptGeometry("invalid envelope indicator \(envelopeKind)")
            }
            length = 8 + doubles * 8
            guard data.count >= length else { throw .corruptGeometry("blob shorter than its header") }
            srsID = Int32(bitPattern: GeoPackageGeometry.readUInt32(data, at: 4, littleEndian: littleEndian))
            if doubles > 0 {
                let v = (0..<4).map { i in
                    Double(bitPattern: GeoPackageGeometry.readUInt64(data, at: 8 + i * 8, littleEndian: littleEndian))
                }
                envelope = Envelope(minLongitude: v[0], minLatitude: v[2], maxLongitude: v[1], maxLatitude: v[3])
            } else {
                envelope = nil
            }
        }
    }

    /// The XY envelope of a blob: from the header when present, else from the geometry itself.
    /// Nil for an empty geometry.
    public static func envelope(of data: Data) throws -> Envelope? {
        let header = try Header(data)
        if header.isEmpty { return nil }
        if let envelope = header.envelope { return envelope }
        return try data.withUnsafeBytes { (all) throws -> Envelope? in
            try WKBCodec.envelope(UnsafeRawBufferPointer(rebasing: all[header.length...]))
        }
    }

    private static func append<T: FixedWidthInteger>(littleEndian value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func readUInt32(_ data: Data, at offset: Int, littleEndian: Bool) -> UInt32 {
        let start = data.startIndex + offset
        let value = data[start..<start + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return littleEndian ? value : value.byteSwapped
    }

    private static func readUInt64(_ data: Data, at offset: Int, littleEndian: Bool) -> UInt64 {
        let start = data.startIndex + offset
        let value = data[start..<start + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return littleEndian ? value : value.byteSwapped
    }
}
