import CGEOS

/// The one Swift owner of a GEOS geometry (`GEOSGeometry*`), together with the context it was made in.
///
/// Build it from a ``Geometry`` value, WKT or WKB; ask GEOS predicates and validity through it;
/// read it back as a ``Geometry``. Freed in `deinit`. Not `Sendable`: use it on one thread.
public final class GEOSGeometry {
    let context: GEOSContext
    let pointer: OpaquePointer

    /// Takes ownership of a geometry GEOS created in `context`.
    init(owning pointer: OpaquePointer, in context: GEOSContext) {
        self.context = context
        self.pointer = pointer
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, pointer)
    }

    /// Builds the GEOS geometry for a value.
    /// - Throws: ``GeometryError`` when GEOS refuses it (e.g. an unclosed or too short ring).
    public convenience init(_ geometry: Geometry) throws(GeometryError) {
        try self.init(geometry, in: GEOSContext())
    }

    /// Builds the GEOS geometry for a value in an existing context (to pair it with another).
    convenience init(_ geometry: Geometry, in context: GEOSContext) throws(GeometryError) {
        let pointer = try GEOSGeometryBuilder(context: context).make(geometry)
        self.init(owning: pointer, in: context)
    }

    /// The geometry as a Swift value.
    public func value() throws(GeometryError) -> Geometry {
        try GEOSGeometryReader(context: context).read(pointer)
    }

    /// GEOS's type id (`GEOS_POINT`, ...).
    var typeID: Int32 { GEOSGeomTypeId_r(context.handle, pointer) }
}
