/// Answers "which Flight Information Region is this point in?" against the shipped FIR layers.
///
/// Each FIR is prepared once (a ``PolygonGrid`` over a GEOS prepared geometry). Where FIRs nest
/// (one lies inside another), the smallest one containing the point wins. A point exactly on a
/// FIR line is counted in (covers), so that a point on a shared edge is never in no FIR at all.
/// Not `Sendable` (it owns GEOS handles): make one per thread.
///
/// ```swift
/// let locator = try FIRLocator()
/// locator.fir(containing: Position(longitude: -66.88, latitude: 10.49))?.id   // "SVZM"
/// ```
public final class FIRLocator {
    private let regions: [(fir: FlightInformationRegion, index: IndexedPolygon, area: Double)]

    /// Prepares the given FIRs, or every FIR shipped with the tool.
    public init(regions: [FlightInformationRegion]? = nil) throws {
        let firs = try regions ?? FlightInformationRegion.loadAll()
        guard !firs.isEmpty else { throw ReferenceDataError.missingLayer("fir (no FIR layers found)") }
        self.regions = try firs.map { fir in
            let box = fir.geometry.envelope
            let area = box.map { ($0.maxLongitude - $0.minLongitude) * ($0.maxLatitude - $0.minLatitude) } ?? 0
            return (fir, try IndexedPolygon(fir.geometry, levels: 6), area)
        }.sorted { $0.area < $1.area }   // smaller (nested) regions first
    }

    /// The FIRs this locator knows.
    public var firs: [FlightInformationRegion] { regions.map(\.fir) }

    /// The FIR the point lies in, or nil when outside every FIR known.
    public func fir(containing position: Position) throws -> FlightInformationRegion? {
        for region in regions where try region.index.covers(longitude: position.longitude,
                                                              latitude: position.latitude) {
            return region.fir
        }
        return nil
    }
}
