import CGEOS

/// Overlays through GEOS (OverlayNG in GEOS 3.9+): intersection, difference, union, and the
/// fast rectangle clip. Each result is a new geometry in the same context.
extension GEOSGeometry {
    /// The points this geometry shares with `other`.
    public func intersection(_ other: GEOSGeometry) throws(GeometryError) -> GEOSGeometry {
        try result(GEOSIntersection_r(context.handle, pointer, other.pointer)) // NULL on exception
    }

    /// The points of this geometry not in `other`.
    public func difference(_ other: GEOSGeometry) throws(GeometryError) -> GEOSGeometry {
        try result(GEOSDifference_r(context.handle, pointer, other.pointer)) // NULL on exception
    }

    /// The union of this geometry's parts (e.g. of a collection of polygons).
    public func unaryUnion() throws(GeometryError) -> GEOSGeometry {
        try result(GEOSUnaryUnion_r(context.handle, pointer)) // NULL on exception
    }

    /// The part inside the rectangle; faster than ``intersection(_:)``, for narrowing a large
    /// geometry to the region of interest first.
    public func clipped(toMinLongitude x0: Double, minLatitude y0: Double,
                        maxLongitude x1: Double, maxLatitude y1: Double) throws(GeometryError) -> GEOSGeometry {
        try result(GEOSClipByRect_r(context.handle, pointer, x0, y0, x1, y1)) // NULL on exception
    }

    /// True when the geometry has no points.
    public var isEmpty: Bool { GEOSisEmpty_r(context.handle, pointer) == 1 }

    /// A geometry collection of `members`' copies, in this context (e.g. to union them).
    func collection(of members: [GEOSGeometry]) throws(GeometryError) -> GEOSGeometry {
        var clones: [OpaquePointer?] = []
        for m in members {
            // returns NULL on exception; the collection below takes ownership
            guard let clone = GEOSGeom_clone_r(context.handle, m.pointer) else {
                for c in clones { GEOSGeom_destroy_r(context.handle, c) }
                throw context.takeError()
            }
            clones.append(clone)
        }
        let made = clones.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(context.handle, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), buffer.baseAddress,
                                        UInt32(buffer.count))
        }
        guard let made else {
            for c in clones { GEOSGeom_destroy_r(context.handle, c) }
            throw context.takeError()
        }
        return GEOSGeometry(owning: made, in: context)
    }

    /// Reads `wkb` in this geometry's context (so the two can be overlaid).
    func sibling(wkb: UnsafeRawBufferPointer) throws(GeometryError) -> GEOSGeometry {
        try GEOSGeometry(wkb: wkb, in: context)
    }

    /// Builds `value` in this geometry's context.
    func sibling(_ value: Geometry) throws(GeometryError) -> GEOSGeometry {
        try GEOSGeometry(value, in: context)
    }

    func result(_ pointer: OpaquePointer?) throws(GeometryError) -> GEOSGeometry {
        guard let pointer else { throw context.takeError() }
        return GEOSGeometry(owning: pointer, in: context)
    }
}
