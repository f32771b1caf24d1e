import CGEOS

/// A geometry prepared by GEOS for many containment tests against it (`GEOSPrepare_r`).
///
/// Owns its context, the geometry and the prepared index; all three are freed in `deinit`.
/// Point tests first reject points outside the envelope without calling GEOS. Not `Sendable`:
/// make one per thread (see ``TiledPolygonLocator``).
///
/// ```swift
/// let fir = try PreparedGeometry(svzmPolygon)
/// let inside = try fir.contains(longitude: -66.9, latitude: 10.5)
/// ```
public final class PreparedGeometry {
    /// The geometry prepared (for GEOS operations in the same context).
    let geometry: GEOSGeometry
    private let prepared: OpaquePointer
    /// The envelope of the geometry, for the cheap pre-test.
    public let envelope: Envelope?
    private var handle: GEOSContextHandle_t { geometry.context.handle }

    /// Prepares `value` for repeated predicates.
    /// - Throws: ``GeometryError`` when GEOS cannot build or prepare it.
    public init(_ value: Geometry) throws(GeometryError) {
        geometry = try GEOSGeometry(value)
        envelope = value.envelope
        // returns NULL on exception; freed with GEOSPreparedGeom_destroy_r
        guard let prepared = GEOSPrepare_r(geometry.context.handle, geometry.pointer) else {
            throw geometry.context.takeError()
        }
        self.prepared = prepared
    }

    /// Reads WKB (e.g. a piece of a ``TiledPolygon``) in an existing context and prepares it.
    /// - Throws: ``GeometryError`` when the bytes are not WKB.
    init(wkb: UnsafeRawBufferPointer, in context: GEOSContext) throws(GeometryError) {
        geometry = try GEOSGeometry(wkb: wkb, in: context)
        envelope = nil
        // returns NULL on exception; freed with GEOSPreparedGeom_destroy_r
        guard let prepared = GEOSPrepare_r(context.handle, geometry.pointer) else { throw context.takeError() }
        self.prepared = prepared
    }

    deinit {
        GEOSPreparedGeom_destroy_r(handle, prepared)
    }

    /// True when the point lies in the interior (a point on the boundary is not contained).
    public func contains(longitude: Double, latitude: Double) throws(GeometryError) -> Bool {
        try test(longitude, latitude, GEOSPreparedContains_r)
    }

    /// True when the point lies in the interior or on the boundary.
    public func covers(longitude: Double, latitude: Double) throws(GeometryError) -> Bool {
        try test(longitude, latitude, GEOSPreparedCovers_r)
    }

    /// True when `other` lies in the interior of the prepared geometry.
    public func contains(_ other: Geometry) throws(GeometryError) -> Bool {
        let candidate = try GEOSGeometry(other, in: geometry.context)
        // keep `candidate` alive until GEOS has used its pointer
        return try withExtendedLifetime(candidate) { () throws(GeometryError) in
            try geometry.context.predicate(GEOSPreparedContains_r(handle, prepared, candidate.pointer))
        }
    }

    /// True when `other` lies in the interior without touching the boundary (GEOS `containsProperly`).
    public func containsProperly(_ other: Geometry) throws(GeometryError) -> Bool {
        let candidate = try GEOSGeometry(other, in: geometry.context)
        // keep `candidate` alive until GEOS has used its pointer
        return try withExtendedLifetime(candidate) { () throws(GeometryError) in
            try geometry.context.predicate(GEOSPreparedContainsProperly_r(handle, prepared, candidate.pointer))
        }
    }

    /// True when `other` shares a point with the prepared geometry.
    public func intersects(_ other: Geometry) throws(GeometryError) -> Bool {
        let candidate = try GEOSGeometry(other, in: geometry.context)
        // keep `candidate` alive until GEOS has used its pointer
        return try withExtendedLifetime(candidate) { () throws(GeometryError) in
            try geometry.context.predicate(GEOSPreparedIntersects_r(handle, prepared, candidate.pointer))
        }
    }

    /// True when `other` (made in this geometry's context) lies in the interior without
    /// touching the boundary.
    func containsProperly(_ other: GEOSGeometry) throws(GeometryError) -> Bool {
        try geometry.context.predicate(GEOSPreparedContainsProperly_r(handle, prepared, other.pointer)) // 2 on exception
    }

    /// True when `other` (made in this geometry's context) shares a point with this one.
    func intersects(_ other: GEOSGeometry) throws(GeometryError) -> Bool {
        try geometry.context.predicate(GEOSPreparedIntersects_r(handle, prepared, other.pointer)) // 2 on exception
    }

    private typealias PreparedPredicate = (GEOSContextHandle_t?, OpaquePointer?, OpaquePointer?) -> CChar

    @inline(__always)
    private func test(_ x: Double, _ y: Double, _ predicate: PreparedPredicate) throws(GeometryError) -> Bool {
        if let envelope, !envelope.contains(longitude: x, latitude: y) { return false }
        // GEOS 3.11 has no GEOSPreparedContainsXY_r: a point per test. Returns NULL on exception.
        guard let point = GEOSGeom_createPointFromXY_r(handle, x, y) else { throw geometry.context.takeError() }
        defer { GEOSGeom_destroy_r(handle, point) }
        return try geometry.context.predicate(predicate(handle, prepared, point)) // 2 on exception
    }
}
