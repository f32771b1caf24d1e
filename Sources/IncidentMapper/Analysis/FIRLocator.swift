/// Answers "which Flight Information Region is this point in?": the one FIR lookup of the tool,
/// used by ``PositionClassifier`` and anything else that asks.
///
/// Each FIR is a ``TiledPolygon``: a grid lookup, and GEOS only for a point in a cell the FIR's
/// line crosses. A point exactly on a FIR line counts as inside (covers), so a point on a shared
/// edge is never in no FIR; where FIRs nest, the smallest wins. Not `Sendable` (it owns GEOS
/// handles through its locator): make one per thread over a shared ``ReferenceGeography``.
///
/// ```swift
/// let locator = try FIRLocator()
/// try locator.fir(containing: Position(longitude: -66.88, latitude: 10.49))?.summary.id   // "SVZM"
/// ```
public final class FIRLocator {
    public let geography: ReferenceGeography
    let polygons: TiledPolygonLocator

    /// A locator over `geography` (the shipped layers by default).
    /// - Throws: ``ReferenceDataError`` when the layers cannot be loaded, ``GeometryError`` when GEOS fails.
    public convenience init(_ geography: ReferenceGeography? = nil) throws {
        try self.init(geography ?? ReferenceGeography.load(), polygons: TiledPolygonLocator())
    }

    init(_ geography: ReferenceGeography, polygons: TiledPolygonLocator) {
        self.geography = geography
        self.polygons = polygons
    }

    /// The FIR the point lies in, or nil when outside every FIR known.
    public func fir(containing p: Position) throws(GeometryError) -> ReferenceGeography.FIR? {
        try firIndex(containing: p).map { geography.firs[$0] }
    }

    /// The index in `geography.firs` of the FIR the point lies in.
    func firIndex(containing p: Position) throws(GeometryError) -> Int? {
        for i in geography.firOrder
        where try polygons.covers(geography.firs[i].tiles, longitude: p.longitude, latitude: p.latitude) {
            return i
        }
        return nil
    }
}
