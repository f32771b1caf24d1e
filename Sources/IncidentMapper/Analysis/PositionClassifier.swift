import Foundation

/// Classifies positions: which FIR, whose land or which maritime zone, how far from
/// Venezuela's coast and from the nearest other coast, and what the answer cannot know.
///
/// Maritime zones are derived exactly from geodesic distance to the coastline (no buffered
/// polygons): within 12 nm of a state's coast is its territorial sea, 12–24 nm its contiguous
/// zone, 24–200 nm its EEZ, and where two states' distances overlap the nearer coast wins (the
/// median line).
///
/// The answer knows its limits:
/// - outside the covered region (``Coverage/theatre``) no zone is given (`outside-coverage`);
/// - where a coast beyond the edge of the land data could be nearer than the one found, no zone
///   is given (`uncertain`), and the nearest other coast is not reported;
/// - closer to a coastline, land border, zone line, median line or FIR line than the line's
///   stated accuracy (or than the position's stated uncertainty), both sides are named
///   (``PositionClassification/surfaceEither``, ``PositionClassification/firEither``).
///
/// Not `Sendable` (it owns GEOS handles): make one per thread over a shared ``ReferenceGeography``.
///
/// ```swift
/// let classifier = try PositionClassifier(ReferenceGeography.load())
/// let answer = try classifier.classify(Position(longitude: -64.0, latitude: 11.3))
/// answer.surface?.kind          // .territorialSea, .eez, ...
/// answer.venezuelaCoast?.distanceNauticalMiles
/// ```
public final class PositionClassifier {
    public let geography: ReferenceGeography
    /// The FIR lookup (shared with anything that asks this classifier).
    public let firLocator: FIRLocator
    private let polygons: TiledPolygonLocator
    private let geodesic = Geodesic.wgs84
    private let maxFIRLineAccuracy: Double
    /// The covered region in words, made once (not for every point).
    private let coverageText: String
    /// The search queue of the nearest-segment searches, kept between them (no allocation).
    private var queue = SearchQueue()
    /// The GEOS context of zone overlays, and the reference layers parsed in it (each once per
    /// classifier, that is per thread: bounded by the layers' size, whatever the number of zones).
    private var overlayContext: GEOSContext?
    private var parsedLayers: [UnsafeRawPointer: GEOSGeometry] = [:]

    /// The context zone overlays are made in.
    func overlayGEOSContext() throws(GeometryError) -> GEOSContext {
        if let overlayContext { return overlayContext }
        let made = try GEOSContext()
        overlayContext = made
        return made
    }

    /// A reference layer's polygon from its WKB, to overlay with `other`: parsed once in
    /// ``overlayGEOSContext()`` when `other` lives there, otherwise parsed in `other`'s context.
    func parsedLayer(_ wkb: UnsafeRawBufferPointer, besides other: GEOSGeometry) throws(GeometryError) -> GEOSGeometry {
        let context = try overlayGEOSContext()
        guard other.context === context, let key = wkb.baseAddress else { return try other.sibling(wkb: wkb) }
        if let parsed = parsedLayers[key] { return parsed }
        let parsed = try GEOSGeometry(wkb: wkb, in: context)
        parsedLayers[key] = parsed
        return parsed
    }

    /// Territorial sea, contiguous zone and EEZ widths in nautical miles (conventional widths).
    public static let zoneLimitsNauticalMiles: [(SurfaceKind, Double)] = [
        (.territorialSea, 12), (.contiguousZone, 24), (.eez, 200),
    ]
    private static let eezMeters = 200 * 1852.0

    public init(_ geography: ReferenceGeography) throws(GeometryError) {
        self.geography = geography
        polygons = try TiledPolygonLocator()
        firLocator = FIRLocator(geography, polygons: polygons)
        maxFIRLineAccuracy = geography.firs.map { max($0.seaLineAccuracyMeters, $0.landLineAccuracyMeters) }.max() ?? 0
        coverageText = geography.coverage.theatre.text
    }

    /// Classifies one position. `radiusNauticalMiles` is its stated uncertainty: a line within
    /// it is reported like a line within its accuracy. `fields` says what to compute.
    /// - Throws: ``GeometryError`` when GEOS fails.
    public func classify(_ p: Position, radiusNauticalMiles: Double = 0,
                         fields: ClassificationFields = .all) throws -> PositionClassification {
        let radius = radiusNauticalMiles * 1852
        var fields = fields
        if fields.contains(.caveats) { fields.insert(.surface) }
        var answer = PositionClassification(
            position: p, fields: fields, insideCoverage: geography.coverage.theatre.contains(p),
            coverageName: coverageText, fir: nil, firEither: [], surface: nil, surfaceEither: [],
            nearLines: [], venezuelaCoast: nil, nearestOtherCoast: nil, dataEdgeMeters: nil, caveats: [],
            dataVersion: geography.dataVersion)
        var notes: [String] = []

        if fields.contains(.fir) {
            let index = try firLocator.firIndex(containing: p)
            answer.fir = index.map { geography.firs[$0].summary }
            // Deep inside a FIR (further from its line than its accuracy) no line is near.
            let deep = index.map { radius == 0 && geography.firs[$0].tiles.isFarFromBoundary(longitude: p.longitude, latitude: p.latitude) } ?? false
            if !deep, let line = try nearFIRLine(p, containing: index, radius: radius) {
                answer.nearLines.append(line.line)
                answer.firEither = line.sides
            }
            if index == nil {
                notes.append(answer.insideCoverage
                    ? "in no FIR: the tool ships every FIR that meets \(coverageText), so this airspace is assigned to no state (ICAO's \"NO FIR\" area of the Eastern Pacific)"
                    : "outside every FIR the tool knows (it ships those that meet \(coverageText))")
            }
        }

        let needsCoasts = !fields.isDisjoint(with: [.surface, .venezuelaCoast, .nearestOtherCoast])
        let venezuela = needsCoasts ? coastDistance(geography.venezuelaCoast.nearest(to: p, queue: &queue), from: p) : nil
        let other = !fields.isDisjoint(with: [.surface, .nearestOtherCoast])
            ? coastDistance(geography.otherCoasts.nearest(to: p, queue: &queue), from: p) : nil
        if fields.contains(.venezuelaCoast) { answer.venezuelaCoast = venezuela }

        var edge: Double?
        func dataEdge() -> Double {
            if let edge { return edge }
            let e = dataEdgeDistance(p)
            edge = e
            return e
        }
        if fields.contains(.surface) {
            let found = try surface(at: p, venezuela: venezuela, other: other, radius: radius, detail: true, dataEdge: dataEdge)
            answer.surface = found.status
            answer.surfaceEither = found.either
            answer.nearLines += found.lines
            notes += found.notes
        }
        if fields.contains(.nearestOtherCoast), geography.hasLand, let other {
            if other.distanceMeters <= dataEdgeLowerBound(p) || other.distanceMeters <= dataEdge() {
                answer.nearestOtherCoast = other
            } else {
                notes.append("no other coast is nearer than the edge of the land data, \(Self.nm(dataEdge())) nm away; one beyond it may be nearer")
            }
        }
        answer.dataEdgeMeters = edge
        if fields.contains(.caveats) {
            answer.caveats = notes + answer.nearLines.map(\.text) + (try caveats(at: p, answer))
        }
        return answer
    }

    /// The surface status alone (no caveats, no near lines): land, internal waters or the zone.
    public func surface(at p: Position) throws -> SurfaceStatus {
        try classify(p, fields: .surface).surface!
    }

    /// The FIR containing the point (boundary included), the smallest where FIRs nest.
    public func firContaining(_ p: Position) throws(GeometryError) -> FlightInformationRegion.Summary? {
        try firLocator.fir(containing: p)?.summary
    }

    /// The nearest point of Venezuela's coast.
    public func venezuelaCoast(from p: Position) -> CoastDistance? {
        coastDistance(geography.venezuelaCoast.nearest(to: p, queue: &queue), from: p)
    }

    /// The land or internal waters area containing the point, if any.
    func landIndex(_ p: Position) throws(GeometryError) -> Int? {
        for (i, area) in geography.land.enumerated()
        where try polygons.covers(area.tiles, longitude: p.longitude, latitude: p.latitude) {
            return i
        }
        return nil
    }

    private func watersIndex(_ p: Position) throws(GeometryError) -> Int? {
        for (i, area) in geography.internalWaters.enumerated()
        where try polygons.covers(area.tiles, longitude: p.longitude, latitude: p.latitude) {
            return i
        }
        return nil
    }

    // MARK: - Surface

    private struct SurfaceFinding {
        var status: SurfaceStatus
        var either: [SurfaceSide] = []
        var lines: [NearLine] = []
        var notes: [String] = []
    }

    /// Where a position is, in brief: its FIR (index) and surface, without near lines or
    /// caveats (for following tracks and zones point by point).
    func place(at p: Position) throws -> (fir: Int?, surface: SurfaceSide, venezuela: CoastDistance?) {
        let found = try placeWithReach(at: p)
        return (found.fir, found.surface, found.venezuela)
    }

    /// ``place(at:)``, and how far from `p` the answer "high seas" is sure to hold (0 unless
    /// it is high seas): every coast the data knows, and the edge of the land data, are then
    /// farther than 200 nm plus the coastline's accuracy, and both distances shrink by at most
    /// the distance moved, so any point closer than the returned reach is high seas too.
    ///
    /// A caller that knows lower bounds of the two coast distances (a track's follower) can pass
    /// them: the coast that cannot be the nearest is then not searched (the surface depends only
    /// on the nearest), nor Venezuela's when it also cannot come under `venezuelaWantedBelow`;
    /// its distance is returned as nil.
    ///
    /// On land, in internal waters and outside the covered region the surface is the area's, and
    /// no coast is searched but Venezuela's (when wanted). At sea, other states' coasts are
    /// searched only nearer than Venezuela's: `other` is nil when none is.
    func placeWithReach(at p: Position, venezuelaAtLeast: Double = 0, otherAtLeast: Double = 0,
                        venezuelaWantedBelow: Double = .infinity)
        throws -> (fir: Int?, surface: SurfaceSide, venezuela: CoastDistance?, other: CoastDistance?, highSeasReachMeters: Double) {
        let fir = try firLocator.firIndex(containing: p)
        var venezuela: CoastDistance?, other: CoastDistance?
        if let area = try areaSurface(at: p) {
            if venezuelaAtLeast < venezuelaWantedBelow {
                venezuela = coastDistance(geography.venezuelaCoast.nearest(to: p, queue: &queue), from: p)
            }
            return (fir, SurfaceSide(kind: area.status.kind, state: area.status.state), venezuela, nil, 0)
        }
        if venezuelaAtLeast <= otherAtLeast {
            venezuela = coastDistance(geography.venezuelaCoast.nearest(to: p, queue: &queue), from: p)
            if !(venezuela.map({ otherAtLeast > $0.distanceMeters + 1 }) ?? false) {
                let bound = venezuela?.distanceMeters ?? .infinity
                other = coastDistance(geography.otherCoasts.nearest(to: p, maxDistanceMeters: bound, queue: &queue), from: p)
            }
        } else {
            other = coastDistance(geography.otherCoasts.nearest(to: p, queue: &queue), from: p)
            let skip = other.map { venezuelaAtLeast > $0.distanceMeters + 1 && venezuelaAtLeast >= venezuelaWantedBelow } ?? false
            if !skip { venezuela = coastDistance(geography.venezuelaCoast.nearest(to: p, queue: &queue), from: p) }
        }
        var edge: Double?
        let found = try surface(at: p, venezuela: venezuela, other: other, radius: 0, detail: false, atSea: true) {
            if let edge { return edge }
            let e = self.dataEdgeDistance(p)
            edge = e
            return e
        }
        var reach = 0.0
        if found.status.kind == .highSeas {
            let coast = min(venezuela?.distanceMeters ?? .infinity, other?.distanceMeters ?? .infinity)
            let frame = edge ?? dataEdgeLowerBound(p)
            reach = max(0, min(coast, frame) - (Self.eezMeters + geography.coverage.coastlineAccuracyMeters) - 1)
        }
        return (fir, SurfaceSide(kind: found.status.kind, state: found.status.state), venezuela, other, reach)
    }

    /// The surface where no coast decides it: no land layer, outside the covered region, land
    /// and internal waters (without their near lines); nil at sea in the covered region.
    private func areaSurface(at p: Position) throws -> SurfaceFinding? {
        guard geography.hasLand else {
            return SurfaceFinding(status: SurfaceStatus(kind: .unknown, state: nil, method: "no land layer in this build"))
        }
        guard geography.coverage.theatre.contains(p) else {
            return SurfaceFinding(status: SurfaceStatus(kind: .outsideCoverage, state: nil, method: ""))
        }
        if let i = try landIndex(p) {
            return SurfaceFinding(status: SurfaceStatus(kind: .land, state: geography.land[i].state, method: ""))
        }
        if let w = try watersIndex(p) {
            return SurfaceFinding(status: SurfaceStatus(kind: .internalWaters, state: geography.internalWaters[w].state, method: ""))
        }
        return nil
    }

    /// `atSea`: the caller knows (``areaSurface(at:)``) that `p` is at sea in the covered region.
    private func surface(at p: Position, venezuela: CoastDistance?, other: CoastDistance?, radius: Double,
                         detail: Bool, atSea: Bool = false, dataEdge: () -> Double) throws -> SurfaceFinding {
        guard atSea else { return try surfaceOnAnyGround(at: p, venezuela: venezuela, other: other, radius: radius, detail: detail, dataEdge: dataEdge) }
        return try surfaceAtSea(at: p, venezuela: venezuela, other: other, radius: radius, detail: detail, dataEdge: dataEdge)
    }

    private func surfaceOnAnyGround(at p: Position, venezuela: CoastDistance?, other: CoastDistance?, radius: Double,
                                    detail: Bool, dataEdge: () -> Double) throws -> SurfaceFinding {
        guard geography.hasLand else {
            return SurfaceFinding(status: SurfaceStatus(kind: .unknown, state: nil, method: "no land layer in this build"))
        }
        let coverage = geography.coverage
        guard coverage.theatre.contains(p) else {
            return SurfaceFinding(
                status: SurfaceStatus(kind: .outsideCoverage, state: nil,
                                      method: "outside the region the tool covers (\(coverage.theatre.text))"),
                notes: ["outside the region whose land and zones the tool knows, \(coverage.theatreName): no zone is given"])
        }
        let coastMargin = max(coverage.coastlineAccuracyMeters, radius)
        let nearest = [venezuela, other].compactMap { $0 }.min { $0.distanceMeters < $1.distanceMeters }
        var finding: SurfaceFinding

        if let i = try landIndex(p) {
            let state = geography.land[i].state
            finding = SurfaceFinding(status: SurfaceStatus(kind: .land, state: state, method: "land layer (GSHHG coast, DCW borders)"))
            guard detail else { return finding }
            if let c = nearest, c.distanceMeters <= coastMargin {
                addLine(&finding, .coastline, c.distanceMeters, coverage.coastlineAccuracyMeters, radius, "the GSHHG coastline",
                        [SurfaceSide(kind: .land, state: state), SurfaceSide(kind: .territorialSea, state: c.state)])
            }
            let borderMargin = max(coverage.landBorderAccuracyMeters, radius)
            if let b = geography.landBorders.nearest(to: p, maxDistanceMeters: borderMargin, excludingTag: Int32(i), queue: &queue) {
                let neighbour = geography.land[Int(b.segment.tag)].state
                addLine(&finding, .landBorder, b.distanceMeters, coverage.landBorderAccuracyMeters, radius,
                        "the DCW border of \(state) and \(neighbour)",
                        [SurfaceSide(kind: .land, state: state), SurfaceSide(kind: .land, state: neighbour)])
            }
            return finding
        }
        if let w = try watersIndex(p) {
            let state = geography.internalWaters[w].state
            finding = SurfaceFinding(status: SurfaceStatus(kind: .internalWaters, state: state, method: "internal waters layer"))
            guard detail else { return finding }
            if let c = nearest, c.distanceMeters <= coastMargin {
                addLine(&finding, .coastline, c.distanceMeters, coverage.coastlineAccuracyMeters, radius, "the GSHHG coastline",
                        [SurfaceSide(kind: .internalWaters, state: state), SurfaceSide(kind: .land, state: c.state)])
            }
            return finding
        }
        return try surfaceAtSea(at: p, venezuela: venezuela, other: other, radius: radius, detail: detail, dataEdge: dataEdge)
    }

    /// At sea in the covered region: the zone of the nearest coast, unless a coast beyond the
    /// data could be nearer.
    private func surfaceAtSea(at p: Position, venezuela: CoastDistance?, other: CoastDistance?, radius: Double,
                              detail: Bool, dataEdge: () -> Double) throws -> SurfaceFinding {
        let coverage = geography.coverage
        let coastMargin = max(coverage.coastlineAccuracyMeters, radius)
        let nearest = [venezuela, other].compactMap { $0 }.min { $0.distanceMeters < $1.distanceMeters }
        var finding: SurfaceFinding
        let distance = nearest?.distanceMeters ?? .infinity
        // Beyond 200 nm of every known coast, and (by a cheap lower bound) of the data's edge:
        // high seas whether or not a coast beyond the edge exists; only the wording of a
        // detailed answer needs the edge's exact distance.
        if !detail, distance > Self.eezMeters + coastMargin, dataEdgeLowerBound(p) > Self.eezMeters + coastMargin {
            return SurfaceFinding(status: SurfaceStatus(kind: .highSeas, state: nil, method: "derived: no coast within 200 nm"))
        }
        if distance > dataEdgeLowerBound(p), distance > dataEdge() {
            let edge = dataEdge()
            if edge > Self.eezMeters + coastMargin {
                return SurfaceFinding(status: SurfaceStatus(
                    kind: .highSeas, state: nil,
                    method: "derived: no coast within 200 nm (the land data reaches \(Self.nm(edge)) nm from here)"))
            }
            return SurfaceFinding(
                status: SurfaceStatus(kind: .uncertain, state: nil,
                                      method: "the edge of the land data is \(Self.nm(edge)) nm away: a coast beyond it could be nearer"),
                notes: ["near the edge of the land data (\(Self.nm(edge)) nm away) a coast beyond it could be nearer than the one found: no zone is given"])
        }
        guard let c = nearest else {
            return SurfaceFinding(status: SurfaceStatus(kind: .unknown, state: nil, method: "no coast in the land layer"))
        }
        let here = zone(c.distanceMeters, state: c.state)
        finding = SurfaceFinding(status: SurfaceStatus(kind: here.kind, state: here.state, method: zoneMethod(here.kind)))
        guard detail else { return finding }
        if c.distanceMeters <= coastMargin {
            addLine(&finding, .coastline, c.distanceMeters, coverage.coastlineAccuracyMeters, radius, "the GSHHG coastline",
                    [here, SurfaceSide(kind: .land, state: c.state)])
        }
        for (kind, limit) in Self.zoneLimitsNauticalMiles {
            let offset = abs(c.distanceMeters - limit * 1852)
            guard offset <= coastMargin else { continue }
            let inner = SurfaceSide(kind: kind, state: c.state)
            let outer = zone(limit * 1852 + 1, state: c.state)
            addLine(&finding, .zoneLimit, offset, coverage.coastlineAccuracyMeters, radius,
                    "the \(Self.format(limit)) nm line of \(c.state) (derived from the coastline)",
                    here == inner ? [inner, outer] : [outer, inner])
        }
        // The median line: another state's coast almost as near.
        if c.distanceMeters <= Self.eezMeters + coastMargin {
            let bound = c.distanceMeters + 2 * coastMargin
            var rival: CoastDistance?
            if c.state == ReferenceGeography.venezuela {
                rival = other
            } else {
                let tag = geography.land.firstIndex { $0.state == c.state }.map(Int32.init)
                rival = coastDistance(geography.otherCoasts.nearest(to: p, maxDistanceMeters: bound, excludingTag: tag, queue: &queue), from: p)
                if let v = venezuela, v.distanceMeters < rival?.distanceMeters ?? .infinity { rival = v }
            }
            if let u = rival, u.state != c.state, u.distanceMeters - c.distanceMeters <= 2 * coastMargin,
               u.distanceMeters <= Self.eezMeters + coastMargin {
                addLine(&finding, .medianLine, (u.distanceMeters - c.distanceMeters) / 2, coverage.coastlineAccuracyMeters, radius,
                        "the median line between \(c.state) and \(u.state) (equidistance, derived)",
                        [here, zone(u.distanceMeters, state: u.state)])
            }
        }
        return finding
    }

    private func zone(_ meters: Double, state: String) -> SurfaceSide {
        for (kind, limit) in Self.zoneLimitsNauticalMiles where meters <= limit * 1852 {
            return SurfaceSide(kind: kind, state: state)
        }
        return SurfaceSide(kind: .highSeas, state: nil)
    }

    private func zoneMethod(_ kind: SurfaceKind) -> String {
        if let limit = Self.zoneLimitsNauticalMiles.first(where: { $0.0 == kind })?.1 {
            return "derived: \(Self.format(limit)) nm geodesic distance from the coast, median line"
        }
        return "derived: beyond 200 nm of every coast"
    }

    private func addLine(_ finding: inout SurfaceFinding, _ kind: NearLine.Kind, _ distance: Double, _ accuracy: Double,
                         _ radius: Double, _ line: String, _ sides: [SurfaceSide]) {
        let unique = sides.reduce(into: [SurfaceSide]()) { if !$0.contains($1) { $0.append($1) } }
        guard unique.count > 1 else { return }
        finding.lines.append(NearLine(kind: kind, distanceMeters: distance, accuracyMeters: accuracy, radiusMeters: radius,
                                      sides: unique.map(\.text), line: line))
        if finding.either.isEmpty { finding.either = [SurfaceSide(kind: finding.status.kind, state: finding.status.state)] }
        for side in unique where !finding.either.contains(side) { finding.either.append(side) }
    }

    // MARK: - FIR lines

    /// A FIR line within its accuracy (or `radius`) of `p`, and the FIRs on its sides.
    ///
    /// Each FIR states how well its lines are known at sea and over land (the worst of its
    /// lines); a line shared by two FIRs is the same line in both, so it is known as well as
    /// the better of the two says. Every line of the FIR containing `p` is thus known at least
    /// as well as that FIR's own figure, which bounds the search.
    private func nearFIRLine(_ p: Position, containing index: Int?,
                             radius: Double) throws -> (line: NearLine, sides: [FlightInformationRegion.Summary?])? {
        let own = index.map { max(geography.firs[$0].seaLineAccuracyMeters, geography.firs[$0].landLineAccuracyMeters) }
            ?? maxFIRLineAccuracy
        guard let hit = geography.firLines.nearest(to: p, maxDistanceMeters: max(own, radius), queue: &queue) else { return nil }
        let s = hit.segment
        // What lies either side: probe 30 m across the line both ways, and all round the
        // nearest point (a limit point where three FIRs meet has three sides).
        let along = geodesic.inverse(from: s.start, to: s.end).initialBearingDegrees
        var indexes: [Int?] = [index]
        for turn in [90.0, -90.0, 0, 45, 135, 180, 225, 315] {
            let probe = geodesic.destination(from: hit.nearest, bearingDegrees: along + turn, distanceMeters: 30)
            let fir = try firLocator.firIndex(containing: probe)
            if !indexes.contains(fir) { indexes.append(fir) }
        }
        guard indexes.count > 1 else { return nil }
        let onLand = try landIndex(hit.nearest) != nil
        let accuracy = indexes.compactMap { $0 }.map {
            onLand ? geography.firs[$0].landLineAccuracyMeters : geography.firs[$0].seaLineAccuracyMeters
        }.min() ?? own
        guard hit.distanceMeters <= max(accuracy, radius) else { return nil }
        let sides = indexes.map { $0.map { geography.firs[$0].summary } }
        let names = sides.map { $0.map { "\($0.name) FIR (\($0.id))" } ?? "no FIR" }
        let line = NearLine(kind: .firLimit, distanceMeters: hit.distanceMeters, accuracyMeters: accuracy, radiusMeters: radius,
                            sides: names,
                            line: "the limit of \(geography.firs[Int(s.tag)].summary.id)" + (onLand ? " over land" : ""))
        return (line, sides)
    }

    // MARK: - Caveats

    private func caveats(at p: Position, _ answer: PositionClassification) throws -> [String] {
        var texts: [String] = []
        let kinds = answer.surfaceEither.isEmpty ? answer.surface.map { [$0.kind] } ?? [] : answer.surfaceEither.map(\.kind)
        let states = answer.surfaceEither.isEmpty ? [answer.surface?.state] : answer.surfaceEither.map(\.state)
        for rule in geography.caveats where !texts.contains(rule.text) {
            if let wanted = rule.kinds, !kinds.contains(where: wanted.contains) { continue }
            if let wanted = rule.states, !states.contains(where: { $0.map(wanted.contains) ?? false }) { continue }
            if let within = rule.venezuelaCoastWithinNauticalMiles,
               ((answer.venezuelaCoast ?? venezuelaCoast(from: p))?.distanceNauticalMiles ?? .infinity) > within { continue }
            if let region = rule.region, try !polygons.covers(region, longitude: p.longitude, latitude: p.latitude) { continue }
            texts.append(rule.text)
        }
        return texts
    }

    // MARK: - Distances

    private func coastDistance(_ hit: GeodesicSegmentIndex.Hit?, from p: Position) -> CoastDistance? {
        guard let hit else { return nil }
        let bearing = hit.distanceMeters > 0 ? geodesic.inverse(from: p, to: hit.nearest).initialBearingDegrees : 0
        return CoastDistance(state: geography.land[Int(hit.segment.tag)].state, distanceMeters: hit.distanceMeters,
                             bearingDegrees: bearing, nearest: hit.nearest)
    }

    /// Geodesic distance to the edge of the land data (0 outside it): beyond it no coast is known.
    func dataEdgeDistance(_ p: Position) -> Double {
        let f = geography.coverage.landFrame
        guard f.contains(p) else { return 0 }
        let north = geodesic.distanceMeters(from: p, to: Position(longitude: p.longitude, latitude: f.north))
        let south = geodesic.distanceMeters(from: p, to: Position(longitude: p.longitude, latitude: f.south))
        let west = geodesic.distance(from: p, toSegmentFrom: Position(longitude: f.west, latitude: f.south),
                                     to: Position(longitude: f.west, latitude: f.north)).distanceMeters
        let east = geodesic.distance(from: p, toSegmentFrom: Position(longitude: f.east, latitude: f.south),
                                     to: Position(longitude: f.east, latitude: f.north)).distanceMeters
        return min(north, south, west, east)
    }

    /// A cheap lower bound of ``dataEdgeDistance(_:)`` (2 % below a spherical estimate on the
    /// polar radius), so that the exact distance is computed only when it could matter.
    private func dataEdgeLowerBound(_ p: Position) -> Double {
        let f = geography.coverage.landFrame
        guard f.contains(p) else { return 0 }
        let meridianMetersPerDegree = 110_574.0
        let ns = min(f.north - p.latitude, p.latitude - f.south) * meridianMetersPerDegree
        let dLon = min(p.longitude - f.west, f.east - p.longitude)
        let ew = dLon >= 90 ? Double.infinity
            : 6_356_752 * asin(min(1, cos(p.latitude * .pi / 180) * sin(dLon * .pi / 180)))
        return 0.98 * min(ns, ew)
    }

    static func nm(_ meters: Double) -> String { String(format: "%.0f", meters / 1852) }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
