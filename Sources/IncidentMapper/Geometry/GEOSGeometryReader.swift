import CGEOS

/// Reads GEOS geometries back into ``Geometry`` values. Borrows the pointers it is given.
struct GEOSGeometryReader {
    let context: GEOSContext
    private var handle: GEOSContextHandle_t { context.handle }

    func read(_ geometry: OpaquePointer) throws(GeometryError) -> Geometry {
        let type = GEOSGeomTypeId_r(handle, geometry)
        switch type {
        case Int32(GEOS_POINT.rawValue):
            let positions = try positionsOf(geometry)
            // An empty point has no position to hold: it reads back as an empty MultiPoint.
            guard let first = positions.first else { return .multiPoint([]) }
            return .point(first)
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            return .lineString(try positionsOf(geometry))
        case Int32(GEOS_POLYGON.rawValue):
            return .polygon(try rings(geometry))
        case Int32(GEOS_MULTIPOINT.rawValue):
            return .multiPoint(try parts(geometry).map { (part) throws(GeometryError) in
                guard let position = try positionsOf(part).first else {
                    throw .invalidInput("an empty point inside a MultiPoint is not supported")
                }
                return position
            })
        case Int32(GEOS_MULTILINESTRING.rawValue):
            return .multiLineString(try parts(geometry).map { (part) throws(GeometryError) in try positionsOf(part) })
        case Int32(GEOS_MULTIPOLYGON.rawValue):
            return .multiPolygon(try parts(geometry).map { (part) throws(GeometryError) in try rings(part) })
        case Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            return .geometryCollection(try parts(geometry).map { (part) throws(GeometryError) in try read(part) })
        default:
            throw .unsupportedType(type)
        }
    }

    /// The members of a collection (borrowed pointers, valid while `geometry` lives).
    private func parts(_ geometry: OpaquePointer) throws(GeometryError) -> [OpaquePointer] {
        // returns -1 on exception
        let count = GEOSGetNumGeometries_r(handle, geometry)
        guard count >= 0 else { throw context.takeError() }
        if GEOSisEmpty_r(handle, geometry) == 1 { return [] }
        return try (0..<count).map { (i) throws(GeometryError) in
            // returns NULL on exception; the result is owned by the collection
            guard let part = GEOSGetGeometryN_r(handle, geometry, i) else { throw context.takeError() }
            return part
        }
    }

    private func rings(_ polygon: OpaquePointer) throws(GeometryError) -> [[Position]] {
        if GEOSisEmpty_r(handle, polygon) == 1 { return [] }
        // returns NULL on exception; owned by the polygon
        guard let exterior = GEOSGetExteriorRing_r(handle, polygon) else { throw context.takeError() }
        var result = [try positionsOf(exterior)]
        // returns -1 on exception
        let holes = GEOSGetNumInteriorRings_r(handle, polygon)
        guard holes >= 0 else { throw context.takeError() }
        for i in 0..<holes {
            guard let hole = GEOSGetInteriorRingN_r(handle, polygon, i) else { throw context.takeError() }
            result.append(try positionsOf(hole))
        }
        return result
    }

    private func positionsOf(_ geometry: OpaquePointer) throws(GeometryError) -> [Position] {
        if GEOSisEmpty_r(handle, geometry) == 1 { return [] }
        // returns NULL on exception; owned by the geometry
        guard let sequence = GEOSGeom_getCoordSeq_r(handle, geometry) else { throw context.takeError() }
        var size: UInt32 = 0
        var dimensions: UInt32 = 0
        // both return 0 on exception
        guard GEOSCoordSeq_getSize_r(handle, sequence, &size) != 0,
              GEOSCoordSeq_getDimensions_r(handle, sequence, &dimensions) != 0
        else { throw context.takeError() }
        var positions: [Position] = []
        positions.reserveCapacity(Int(size))
        for i in 0..<size {
            var x = 0.0, y = 0.0, z = Double.nan
            // returns 0 on exception
            let ok = dimensions >= 3
                ? GEOSCoordSeq_getXYZ_r(handle, sequence, i, &x, &y, &z)
                : GEOSCoordSeq_getXY_r(handle, sequence, i, &x, &y)
            guard ok != 0 else { throw context.takeError() }
            positions.append(Position(longitude: x, latitude: y, altitude: z.isNaN ? nil : z))
        }
        return positions
    }
}
