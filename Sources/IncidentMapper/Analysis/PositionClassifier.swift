import Foundation

/// Classifies positions: which FIR, whose land or which maritime zone, how far from
/// Venezuela's coast and from the nearest other coast, and what the answer cannot know.
///
/// Maritime zones are derived exactly from geodesic distance to the coastline (no buffered
/// polygons): within 12 nm of a state's coast is its territorial sea, 12–24 nm its contiguous
/// zone, 24–200 nm its EEZ, and where two states' distances overlap the nearer coast wins (the
/// median line). Not `Sendable` (it owns GEOS handles): make one per thread over a shared
/// ``ReferenceGeography``.
///
/// ```swift
/// let classifier = try PositionClassifier(ReferenceGeography.load())
/// let answer = try classifier.classify(Position(longitude: -64.0, latitude: 11.3))
/// answer.surface.kind           // .territorialSea, .eez, ...
/// answer.venezuelaCoast?.distanceNauticalMiles
/// ```
public final class PositionClassifier {
    public let geography: ReferenceGeography
    private let firs: [IndexedPolygon]
    private let firOrder: [Int]
    private let land: [IndexedPolygon]
    private let internalWaters: [IndexedPolygon]
    private let gulfOfVenezuela: PreparedGeometry

    /// Territorial sea, contiguous zone and EEZ widths in nautical miles (conventional widths).
    public static let zoneLimitsNauticalMiles: [(SurfaceKind, Double)] = [
        (.territorialSea, 12), (.contiguousZone, 24), (.eez, 200),
    ]

    public init(_ geography: ReferenceGeography) throws {
        self.geography = geography
        firs = try zip(geography.firs, geography.firGrids).map { fir, grid throws(GeometryError) in
            try IndexedPolygon(fir.geometry, grid: grid.privateCopy())
        }
        // Smaller FIRs first, so a nested FIR (SKEC in SKED) wins over the one around it.
        firOrder = geography.firs.indices.sorted {
            Self.boxArea(geography.firs[$0].geometry) < Self.boxArea(geography.firs[$1].geometry)
        }
        land = try zip(geography.land, geography.landGrids).map { area, grid throws(GeometryError) in
            try IndexedPolygon(area.geometry, grid: grid.privateCopy())
        }
        gulfOfVenezuela = try PreparedGeometry(Self.gulfOfVenezuelaOutline)
        internalWaters = try zip(geography.internalWaters, geography.internalWaterGrids).map { area, grid throws(GeometryError) in
            try IndexedPolygon(area.geometry, grid: grid.privateCopy())
        }
    }

    /// Classifies one position. `radiusNauticalMiles` is its stated uncertainty: when a zone or
    /// FIR line lies within it, a caveat says so.
    public func classify(_ p: Position, radiusNauticalMiles: Double = 0) throws -> PositionClassification {
        let fir = try firContaining(p)
        var caveats: [String] = []
        let venezuela = coastDistance(geography.venezuelaCoast.nearest(to: p), from: p)
        let other = coastDistance(geography.otherCoasts.nearest(to: p), from: p)
        let surface = try surfaceStatus(p, venezuela: venezuela, other: other)

        if [.territorialSea, .contiguousZone, .eez, .highSeas].contains(surface.kind) {
            caveats.append("zone lines are derived: 12/24/200 nm geodesic distance from the GSHHG coastline, median line between neighbours; treaty lines are not modelled")
            if surface.state == ReferenceGeography.venezuela || (surface.kind == .highSeas && (venezuela?.distanceNauticalMiles ?? .infinity) < 250) {
                caveats.append("straight baselines (Decree 1.152 of 1968) are not modelled: Venezuela's zones may reach further out than shown")
            }
            let nearest = min(venezuela?.distanceNauticalMiles ?? .infinity, other?.distanceNauticalMiles ?? .infinity)
            for (kind, limit) in Self.zoneLimitsNauticalMiles where abs(nearest - limit) <= radiusNauticalMiles {
                caveats.append("within the stated uncertainty of \(Self.format(radiusNauticalMiles)) nm of the \(Self.format(limit)) nm line (\(kind.rawValue) limit)")
            }
        }
        if surface.kind == .internalWaters && surface.state == ReferenceGeography.venezuela {
            caveats.append("Lake Maracaibo and Tablazo Bay are Venezuelan internal waters (closing line approximated)")
        }
        if surface.kind != .land, try gulfOfVenezuela.covers(longitude: p.longitude, latitude: p.latitude) {
            caveats.append("the Gulf of Venezuela is undelimited between Venezuela and Colombia")
        }
        if surface.kind == .land && surface.state == "GUY" && Self.inEssequibo(p) {
            caveats.append("Essequibo (Guayana Esequiba): administered by Guyana, claimed by Venezuela")
        }
        // A FIR line at sea is known to ~0.1 km (published points, geodesic edges); over land it
        // follows DCW borders, good to a few km. Inside either margin, or the stated radius, say so.
        let radiusMeters = radiusNauticalMiles * 1852
        if let line = geography.firBoundaries.nearest(to: p, maxDistanceMeters: max(radiusMeters, Self.firLandLineError)) {
            let onLand = try land.contains { try $0.covers(longitude: line.nearest.longitude, latitude: line.nearest.latitude) }
            let margin = max(radiusMeters, onLand ? Self.firLandLineError : Self.firSeaLineError)
            if line.distanceMeters <= margin {
                let name = geography.firs[Int(line.segment.tag)].id
                caveats.append("within \(Self.format(DistanceUnit.kilometers.fromMeters(line.distanceMeters))) km of a \(name) FIR limit"
                               + (onLand ? " over land (border data good to a few km)" : "") + ": the FIR could be either side")
            }
        }
        return PositionClassification(
            position: p, fir: fir?.summary, surface: surface,
            venezuelaCoast: venezuela, nearestOtherCoast: other, caveats: caveats,
            dataVersion: geography.dataVersion)
    }

    /// The FIR containing the point (boundary included), the smallest where FIRs nest.
    public func firContaining(_ p: Position) throws -> FlightInformationRegion? {
        for i in firOrder where try firs[i].covers(longitude: p.longitude, latitude: p.latitude) {
            return geography.firs[i]
        }
        return nil
    }

    /// The surface status alone (no caveats): land, internal waters or the derived zone.
    public func surface(at p: Position) throws -> SurfaceStatus {
        try surfaceStatus(p, venezuela: venezuelaCoast(from: p),
                          other: coastDistance(geography.otherCoasts.nearest(to: p), from: p))
    }

    /// The nearest point of Venezuela's coast.
    public func venezuelaCoast(from p: Position) -> CoastDistance? {
        coastDistance(geography.venezuelaCoast.nearest(to: p), from: p)
    }

    private func surfaceStatus(_ p: Position, venezuela: CoastDistance?, other: CoastDistance?) throws -> SurfaceStatus {
        for (i, area) in land.enumerated() where try area.covers(longitude: p.longitude, latitude: p.latitude) {
            return SurfaceStatus(kind: .land, state: geography.land[i].state, method: "land layer (GSHHG coast, DCW borders)")
        }
        for (i, area) in internalWaters.enumerated() where try area.covers(longitude: p.longitude, latitude: p.latitude) {
            return SurfaceStatus(kind: .internalWaters, state: geography.internalWaters[i].state,
                                 method: "internal waters layer")
        }
        let nearest = [venezuela, other].compactMap { $0 }.min { $0.distanceMeters < $1.distanceMeters }
        guard let nearest else {
            return SurfaceStatus(kind: .unknown, state: nil, method: "no land layer shipped in this build")
        }
        for (kind, limit) in Self.zoneLimitsNauticalMiles where nearest.distanceNauticalMiles <= limit {
            return SurfaceStatus(kind: kind, state: nearest.state,
                                 method: "derived: \(Self.format(limit)) nm geodesic distance from the coast, median line")
        }
        return SurfaceStatus(kind: .highSeas, state: nil, method: "derived: beyond 200 nm of every coast")
    }

    private func coastDistance(_ hit: GeodesicSegmentIndex.Hit?, from p: Position) -> CoastDistance? {
        guard let hit else { return nil }
        let bearing = hit.distanceMeters > 0 ? Geodesic.wgs84.inverse(from: p, to: hit.nearest).initialBearingDegrees : 0
        return CoastDistance(state: geography.land[Int(hit.segment.tag)].state, distanceMeters: hit.distanceMeters,
                             bearingDegrees: bearing, nearest: hit.nearest)
    }

    private static func boxArea(_ g: Geometry) -> Double {
        guard let b = g.envelope else { return 0 }
        return (b.maxLongitude - b.minLongitude) * (b.maxLatitude - b.minLatitude)
    }

    /// How well FIR limits are known: at sea (published points) and over land (DCW borders).
    static let firSeaLineError = 100.0
    static let firLandLineError = 5_000.0

    /// The Gulf of Venezuela, closed by the line Punta Espada (Guajira) – Cabo San Román
    /// (Paraguaná), down to the entrance of Tablazo Bay. Approximate: used for a caveat only.
    static let gulfOfVenezuelaOutline = Geometry.polygon([[
        Position(longitude: -71.12, latitude: 12.08), Position(longitude: -71.95, latitude: 11.30),
        Position(longitude: -71.60, latitude: 10.95), Position(longitude: -69.80, latitude: 11.45),
        Position(longitude: -70.00, latitude: 12.20), Position(longitude: -71.12, latitude: 12.08),
    ]])

    /// Guayana Esequiba: Guyana west of the Essequibo river (approximated by 58.6°W; caveat only).
    static func inEssequibo(_ p: Position) -> Bool { p.longitude < -58.6 }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
