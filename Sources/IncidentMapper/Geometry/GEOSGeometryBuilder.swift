import CGEOS

/// Turns ``Geometry`` values into GEOS geometries inside one context.
/// Every pointer it returns is owned by the caller (wrap it in ``GEOSGeometry``).
struct GEOSGeometryBuilder {
    let context: GEOSContext
    private var handle: GEOSContextHandle_t { context.handle }

    func make(_ geometry: Geometry) throws(GeometryError) -> OpaquePointer {
        switch geometry {
        case .point(let position):
            let sequence = try coordinateSequence([position])
            // returns NULL on exception; takes ownership of the sequence
            guard let point = GEOSGeom_createPoint_r(handle, sequence) else { throw context.takeError() }
            return point
        case .multiPoint(let positions):
            return try collection(GEOS_MULTIPOINT, positions.map { Geometry.point($0) })
        case .lineString(let positions):
            return try lineString(positions)
        case .multiLineString(let lines):
            return try collection(GEOS_MULTILINESTRING, lines.map { Geometry.lineString($0) })
        case .polygon(let rings):
            return try polygon(rings)
        case .multiPolygon(let polygons):
            return try collection(GEOS_MULTIPOLYGON, polygons.map { Geometry.polygon($0) })
        case .geometryCollection(let members):
            return try collection(GEOS_GEOMETRYCOLLECTION, members)
        }
    }

    private func coordinateSequence(_ positions: [Position]) throws(GeometryError) -> OpaquePointer {
        let hasZ = positions.contains { $0.altitude != nil }
        // returns NULL on exception
        guard let sequence = GEOSCoordSeq_create_r(handle, UInt32(positions.count), hasZ ? 3 : 2) else {
            throw context.takeError()
        }
        for (index, p) in positions.enumerated() {
            let i = UInt32(index)
            // each setter returns 0 on exception
            let ok = hasZ
                ? GEOSCoordSeq_setXYZ_r(handle, sequence, i, p.longitude, p.latitude, p.altitude ?? .nan)
                : GEOSCoordSeq_setXY_r(handle, sequence, i, p.longitude, p.latitude)
            if ok == 0 {
                GEOSCoordSeq_destroy_r(handle, sequence)
                throw context.takeError()
            }
        }
        return sequence
    }

    private func lineString(_ positions: [Position]) throws(GeometryError) -> OpaquePointer {
        if positions.isEmpty {
            guard let empty = GEOSGeom_createEmptyLineString_r(handle) else { throw context.takeError() }
            return empty
        }
        guard positions.count >= 2 else {
            throw .invalidInput("a LineString needs at least 2 positions, got \(positions.count)")
        }
        let sequence = try coordinateSequence(positions)
        // returns NULL on exception; takes ownership of the sequence
        guard let line = GEOSGeom_createLineString_r(handle, sequence) else { throw context.takeError() }
        return line
    }

    private func linearRing(_ positions: [Position]) throws(GeometryError) -> OpaquePointer {
        guard positions.count >= 4 else {
            throw .invalidInput("a polygon ring needs at least 4 positions, got \(positions.count)")
        }
        guard let first = positions.first, let last = positions.last,
              first.longitude == last.longitude, first.latitude == last.latitude
        else { throw .invalidInput("a polygon ring must be closed (first position equal to the last)") }
        let sequence = try coordinateSequence(positions)
        // returns NULL on exception; takes ownership of the sequence
        guard let ring = GEOSGeom_createLinearRing_r(handle, sequence) else { throw context.takeError() }
        return ring
    }

    private func polygon(_ rings: [[Position]]) throws(GeometryError) -> OpaquePointer {
        guard let exterior = rings.first else {
            guard let empty = GEOSGeom_createEmptyPolygon_r(handle) else { throw context.takeError() }
            return empty
        }
        let shell = try linearRing(exterior)
        var holes: [OpaquePointer?] = []
        do {
            for ring in rings.dropFirst() { holes.append(try linearRing(ring)) }
        } catch {
            GEOSGeom_destroy_r(handle, shell)
            for hole in holes { if let hole { GEOSGeom_destroy_r(handle, hole) } }
            throw error
        }
        // returns NULL on exception; takes ownership of shell and holes
        let polygon = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(handle, shell, buffer.baseAddress, UInt32(buffer.count))
        }
        guard let polygon else { throw context.takeError() }
        return polygon
    }

    /// Builds each member, then the collection; members already built are freed if one fails.
    private func collection(_ type: GEOSGeomTypes, _ members: [Geometry]) throws(GeometryError) -> OpaquePointer {
        var parts: [OpaquePointer] = []
        do {
            for member in members { parts.append(try make(member)) }
        } catch {
            for part in parts { GEOSGeom_destroy_r(handle, part) }
            throw error
        }
        if parts.isEmpty {
            guard let empty = GEOSGeom_createEmptyCollection_r(handle, Int32(type.rawValue)) else {
                throw context.takeError()
            }
            return empty
        }
        var pointers: [OpaquePointer?] = parts
        // returns NULL on exception; takes ownership of the members either way (GEOS 3.11 holds
        // them in unique_ptrs before anything can throw), so they are not freed here
        let made = pointers.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, Int32(type.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        guard let made else { throw context.takeError() }
        return made
    }
}
