import CGEOS

/// WKT and WKB in and out, through GEOS's readers and writers.
extension GEOSGeometry {
    /// Parses Well-Known Text (`POINT (-66.9 10.5)`, longitude first).
    /// - Throws: ``GeometryError/geos(_:)`` with GEOS's `ParseException` message.
    public convenience init(wkt: String) throws(GeometryError) {
        // GEOS 3.11 reads M values as a third ordinate, which would then pass for an altitude.
        if wkt.uppercased().contains(/\b(MULTI)?(POINT|LINESTRING|POLYGON|GEOMETRYCOLLECTION|LINEARRING)\s*(ZM|M)\b/) {
            throw .invalidInput("M (measure) values are not supported: give 2D or 3D (Z) coordinates")
        }
        let context = try GEOSContext()
        guard let reader = GEOSWKTReader_create_r(context.handle) else { throw context.takeError() }
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        // returns NULL on exception
        guard let pointer = GEOSWKTReader_read_r(context.handle, reader, wkt) else { throw context.takeError() }
        self.init(owning: pointer, in: context)
    }

    /// Parses Well-Known Binary (ISO or extended, either byte order).
    /// - Throws: ``GeometryError/geos(_:)`` when the bytes are not WKB.
    public convenience init(wkb: [UInt8]) throws(GeometryError) {
        let context = try GEOSContext()
        guard let reader = GEOSWKBReader_create_r(context.handle) else { throw context.takeError() }
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        // returns NULL on exception
        let pointer = wkb.withUnsafeBufferPointer { buffer in
            GEOSWKBReader_read_r(context.handle, reader, buffer.baseAddress, buffer.count)
        }
        guard let pointer else { throw context.takeError() }
        self.init(owning: pointer, in: context)
    }

    /// Well-Known Text, trimmed, with at most `decimals` decimal places when given.
    public func wkt(decimals: Int? = nil) throws(GeometryError) -> String {
        guard let writer = GEOSWKTWriter_create_r(context.handle) else { throw context.takeError() }
        defer { GEOSWKTWriter_destroy_r(context.handle, writer) }
        GEOSWKTWriter_setTrim_r(context.handle, writer, 1)
        GEOSWKTWriter_setOutputDimension_r(context.handle, writer, 3)
        if let decimals { GEOSWKTWriter_setRoundingPrecision_r(context.handle, writer, Int32(decimals)) }
        // returns NULL on exception; the string is freed with GEOSFree_r
        guard let text = GEOSWKTWriter_write_r(context.handle, writer, pointer) else { throw context.takeError() }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    /// Parses WKB bytes in an existing context (no copy of the bytes).
    convenience init(wkb: UnsafeRawBufferPointer, in context: GEOSContext) throws(GeometryError) {
        guard let reader = GEOSWKBReader_create_r(context.handle) else { throw context.takeError() }
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        // returns NULL on exception
        guard let pointer = GEOSWKBReader_read_r(context.handle, reader, wkb.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                  wkb.count) else { throw context.takeError() }
        self.init(owning: pointer, in: context)
    }

    /// ISO Well-Known Binary, little-endian, with Z when the geometry has altitudes.
    public func wkb() throws(GeometryError) -> [UInt8] {
        guard let writer = GEOSWKBWriter_create_r(context.handle) else { throw context.takeError() }
        defer { GEOSWKBWriter_destroy_r(context.handle, writer) }
        GEOSWKBWriter_setByteOrder_r(context.handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        GEOSWKBWriter_setFlavor_r(context.handle, writer, Int32(GEOS_WKB_ISO.rawValue))
        GEOSWKBWriter_setOutputDimension_r(context.handle, writer, 3)
        var size = 0
        // returns NULL on exception; the buffer is freed with GEOSFree_r
        guard let bytes = GEOSWKBWriter_write_r(context.handle, writer, pointer, &size) else {
            throw context.takeError()
        }
        defer { GEOSFree_r(context.handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }
}

extension Geometry {
    /// Parses Well-Known Text. - Throws: ``GeometryError`` with GEOS's message.
    public init(wkt: String) throws(GeometryError) {
        self = try GEOSGeometry(wkt: wkt).value()
    }

    /// Parses Well-Known Binary. - Throws: ``GeometryError`` with GEOS's message.
    public init(wkb: [UInt8]) throws(GeometryError) {
        self = try GEOSGeometry(wkb: wkb).value()
    }

    /// Well-Known Text (longitude first), trimmed; rounded to `decimals` places when given.
    public func wkt(decimals: Int? = nil) throws(GeometryError) -> String {
        try GEOSGeometry(self).wkt(decimals: decimals)
    }

    /// ISO Well-Known Binary, little-endian.
    public func wkb() throws(GeometryError) -> [UInt8] {
        try GEOSGeometry(self).wkb()
    }
}
