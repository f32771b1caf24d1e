import CGEOS

/// Spatial predicates and validity, answered by GEOS.
extension GEOSGeometry {
    /// True when `other` lies in this geometry's interior and none of it outside (its boundary excluded).
    public func contains(_ other: GEOSGeometry) throws(GeometryError) -> Bool {
        try context.predicate(GEOSContains_r(context.handle, pointer, other.pointer)) // 2 on exception
    }

    /// True when no point of `other` lies outside this geometry (boundary included).
    public func covers(_ other: GEOSGeometry) throws(GeometryError) -> Bool {
        try context.predicate(GEOSCovers_r(context.handle, pointer, other.pointer)) // 2 on exception
    }

    /// True when the two geometries share at least one point.
    public func intersects(_ other: GEOSGeometry) throws(GeometryError) -> Bool {
        try context.predicate(GEOSIntersects_r(context.handle, pointer, other.pointer)) // 2 on exception
    }

    /// True when this geometry lies within `other` (the converse of contains).
    public func within(_ other: GEOSGeometry) throws(GeometryError) -> Bool {
        try context.predicate(GEOSWithin_r(context.handle, pointer, other.pointer)) // 2 on exception
    }

    /// OGC validity, with GEOS's reason when invalid (e.g. `Self-intersection[-66.5 11.2]`).
    public func validity() throws(GeometryError) -> GeometryValidity {
        // returns NULL on exception; the string is freed with GEOSFree_r
        guard let reason = GEOSisValidReason_r(context.handle, pointer) else { throw context.takeError() }
        defer { GEOSFree_r(context.handle, reason) }
        let text = String(cString: reason)
        return text == "Valid Geometry" ? .valid : .invalid(reason: text)
    }
}

/// Whether a geometry is valid in the OGC sense, and why not.
public enum GeometryValidity: Hashable, Sendable {
    case valid
    case invalid(reason: String)

    public var isValid: Bool { self == .valid }
}

extension Geometry {
    /// True when `other` lies in this geometry's interior (GEOS `contains`).
    public func contains(_ other: Geometry) throws(GeometryError) -> Bool {
        let mine = try GEOSGeometry(self)
        return try mine.contains(GEOSGeometry(other, in: mine.context))
    }

    /// True when no point of `other` lies outside this geometry (GEOS `covers`).
    public func covers(_ other: Geometry) throws(GeometryError) -> Bool {
        let mine = try GEOSGeometry(self)
        return try mine.covers(GEOSGeometry(other, in: mine.context))
    }

    /// True when the geometries share a point (GEOS `intersects`).
    public func intersects(_ other: Geometry) throws(GeometryError) -> Bool {
        let mine = try GEOSGeometry(self)
        return try mine.intersects(GEOSGeometry(other, in: mine.context))
    }

    /// True when this geometry lies within `other` (GEOS `within`).
    public func within(_ other: Geometry) throws(GeometryError) -> Bool {
        let mine = try GEOSGeometry(self)
        return try mine.within(GEOSGeometry(other, in: mine.context))
    }

    /// OGC validity with GEOS's reason.
    public func validity() throws(GeometryError) -> GeometryValidity {
        try GEOSGeometry(self).validity()
    }
}
