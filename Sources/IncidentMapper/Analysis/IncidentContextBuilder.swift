import Foundation

extension PositionClassifier {
    /// The context of an incident's geometry (see ``IncidentContext``): every FIR and surface it
    /// touches with its share, and its closest approach to Venezuela's coast.
    ///
    /// - Points: each point's FIR and surface (share: their number).
    /// - Tracks: followed along their geodesic legs (``analyze(track:stepMeters:)``), shares of
    ///   length, crossings located to a millimetre.
    /// - Zones: GEOS overlays of the zone (its edges densified to 1 km in lon/lat, as RFC 7946
    ///   draws them) with each FIR, land area, internal water and derived maritime zone, areas
    ///   geodesic (PROJ); what lies outside the covered region is `outside-coverage`, sea in no
    ///   zone is high seas. The closest approach is searched along the boundary (every 1 nm,
    ///   refined on the best edge), or is 0 where the zone overlaps Venezuela's land.
    /// - Returns: nil for an empty geometry.
    /// - Throws: ``GeometryError`` when GEOS fails.
    public func context(for geometry: Geometry) throws -> IncidentContext? {
        guard !geometry.isEmpty else { return nil }
        let polygons = Self.polygons(of: geometry)
        if !polygons.isEmpty { return try areaContext(polygons) }
        let lines = Self.lines(of: geometry).filter { Set($0).count >= 2 }
        if !lines.isEmpty { return try linesContext(lines) }
        return try pointsContext(geometry.positions)
    }

    // MARK: - Points

    private func pointsContext(_ positions: [Position]) throws -> IncidentContext? {
        guard !positions.isEmpty else { return nil }
        var firCounts: [String: Int] = [:], surfaceCounts: [SurfaceSide: Int] = [:]
        var firOrder: [String] = [], surfaceOrder: [SurfaceSide] = []
        var closest: (p: Position, place: (fir: Int?, surface: SurfaceSide, venezuela: CoastDistance?))?
        for p in positions {
            let here = try place(at: p)
            let fir = here.fir.map { geography.firs[$0].summary.id } ?? IncidentContext.noFIR
            if firCounts[fir] == nil { firOrder.append(fir) }
            firCounts[fir, default: 0] += 1
            if surfaceCounts[here.surface] == nil { surfaceOrder.append(here.surface) }
            surfaceCounts[here.surface, default: 0] += 1
            if closest == nil || (here.venezuela?.distanceMeters ?? .infinity) < (closest!.place.venezuela?.distanceMeters ?? .infinity) {
                closest = (p, here)
            }
        }
        let n = Double(positions.count)
        let parts = firOrder.map { IncidentContext.Part(layer: .fir, value: $0, share: Double(firCounts[$0]!) / n) }
            + surfaceOrder.map { IncidentContext.Part(layer: .surface, value: $0.kind.rawValue, state: $0.state,
                                                      share: Double(surfaceCounts[$0]!) / n) }
        return summary(at: closest!.p, closest!.place, measure: .points, parts: parts)
    }

    // MARK: - Tracks

    private func linesContext(_ lines: [[Position]]) throws -> IncidentContext? {
        var firMeters: [String: Double] = [:], surfaceMeters: [SurfaceSide: Double] = [:]
        var firOrder: [String] = [], surfaceOrder: [SurfaceSide] = []
        var total = 0.0
        var best: ClosestApproach?
        for line in lines {
            let report = try analyze(track: line.map { TrackPoint(position: $0) })
            total += report.lengthMeters
            for stay in report.stays {
                if stay.layer == .fir, let fir = stay.fir {
                    if firMeters[fir] == nil { firOrder.append(fir) }
                    firMeters[fir, default: 0] += stay.meters
                } else if let side = stay.surface {
                    if surfaceMeters[side] == nil { surfaceOrder.append(side) }
                    surfaceMeters[side, default: 0] += stay.meters
                }
            }
            if let c = report.closestApproach, c.coast.distanceMeters < best?.coast.distanceMeters ?? .infinity { best = c }
        }
        guard total > 0, let best else { return try pointsContext(lines.flatMap { $0 }) }
        let parts = Self.sorted(firOrder.map { IncidentContext.Part(layer: .fir, value: $0, share: firMeters[$0]! / total) })
            + Self.sorted(surfaceOrder.map { IncidentContext.Part(layer: .surface, value: $0.kind.rawValue, state: $0.state,
                                                                  share: surfaceMeters[$0]! / total) })
        return summary(at: best.position, (best.fir, best.surface ?? SurfaceSide(kind: .unknown, state: nil), best.coast),
                       measure: .length, parts: parts)
    }

    // MARK: - Zones

    private func areaContext(_ polygons: [[[Position]]]) throws -> IncidentContext? {
        let g = Geodesic.wgs84
        let shape = Geometry.multiPolygon(polygons.map { $0.map(Self.densified) })
        let total = g.areaSquareMeters(of: shape)
        guard total > 0, let envelope = shape.envelope else { return try pointsContext(polygons.flatMap { $0.flatMap { $0 } }) }
        let zone = try GEOSGeometry(shape, in: overlayGEOSContext())
        // Edges of overlay results can be long straight lines in lon/lat (the theatre's frame, a
        // layer's cuts): densified first, so that the geodesic area follows them as drawn.
        func area(_ x: GEOSGeometry) throws -> Double {
            x.isEmpty ? 0 : g.areaSquareMeters(of: Self.densifiedPolygons(try x.value()))
        }
        func overlapping(_ e: Envelope) -> Bool {
            e.minLongitude <= envelope.maxLongitude && e.maxLongitude >= envelope.minLongitude
                && e.minLatitude <= envelope.maxLatitude && e.maxLatitude >= envelope.minLatitude
        }
        // The part of `region` (the zone, or its part in the covered region) in a layer's
        // polygon. A tiled polygon's grid answers alone when every cell the zone's envelope
        // meets is wholly outside (nothing) or wholly inside (all of `region`); otherwise the
        // polygon (parsed once per classifier) is cut to the envelope and overlaid.
        func piece(_ wkb: UnsafeRawBufferPointer, tiles: TiledPolygon?, of region: GEOSGeometry) throws -> GEOSGeometry? {
            switch tiles?.locate(envelope) ?? .mixed {
            case .outside: return nil
            case .inside: return region
            case .mixed:
                let other = try parsedLayer(wkb, besides: region).clipped(
                    toMinLongitude: envelope.minLongitude - 0.01, minLatitude: envelope.minLatitude - 0.01,
                    maxLongitude: envelope.maxLongitude + 0.01, maxLatitude: envelope.maxLatitude + 0.01)
                return try region.intersection(other)
            }
        }

        var parts: [IncidentContext.Part] = []
        var firArea = 0.0
        for fir in geography.firs where overlapping(fir.tiles.envelope) {
            guard let p = try piece(fir.wkb, tiles: fir.tiles, of: zone) else { continue }
            let a = try area(p)
            if a > 0 { parts.append(.init(layer: .fir, value: fir.summary.id, share: a / total)); firArea += a }
        }
        if total - firArea > total * 1e-6 {
            parts.append(.init(layer: .fir, value: IncidentContext.noFIR, share: (total - firArea) / total))
        }
        parts = Self.sorted(parts)

        let t = geography.coverage.theatre
        let inside = try zone.intersection(zone.sibling(.rectangle(minLongitude: t.west, minLatitude: t.south,
                                                                   maxLongitude: t.east, maxLatitude: t.north)))
        let insideArea = try area(inside)
        var surfaces: [IncidentContext.Part] = []
        if total - insideArea > total * 1e-6 {
            surfaces.append(.init(layer: .surface, value: SurfaceKind.outsideCoverage.rawValue, share: (total - insideArea) / total))
        }
        if insideArea > 0 && geography.hasLand {
            var pieces: [GEOSGeometry] = []
            func add(_ x: GEOSGeometry, _ kind: SurfaceKind, _ state: String) throws {
                let a = try area(x)
                guard a > 0 else { return }
                pieces.append(x)
                if let i = surfaces.firstIndex(where: { $0.value == kind.rawValue && $0.state == state }) {
                    surfaces[i].share += a / total
                } else {
                    surfaces.append(.init(layer: .surface, value: kind.rawValue, state: state, share: a / total))
                }
            }
            for land in geography.land where overlapping(land.tiles.envelope) {
                if let p = try piece(land.wkb, tiles: land.tiles, of: inside) { try add(p, .land, land.state) }
            }
            for water in geography.internalWaters where overlapping(water.tiles.envelope) {
                if let p = try piece(water.wkb, tiles: water.tiles, of: inside) { try add(p, .internalWaters, water.state) }
            }
            if geography.maritimeZones.isEmpty {
                try sampledSea(inside, minus: pieces, total: total, into: &surfaces)
            } else {
                for z in geography.maritimeZones where overlapping(z.envelope) {
                    if let p = try piece(z.wkb, tiles: nil, of: inside) { try add(p, z.kind, z.state) }
                }
                let covered = pieces.isEmpty ? nil : try zone.collection(of: pieces).unaryUnion()
                let rest = try covered.map { try inside.difference($0) } ?? inside
                let a = try area(rest)
                if a > total * 1e-6 { surfaces.append(.init(layer: .surface, value: SurfaceKind.highSeas.rawValue, share: a / total)) }
            }
        }
        parts += Self.sorted(surfaces)

        let closest = try zoneClosestApproach(polygons, zone: zone, envelope: envelope)
        return summary(at: closest.position, try place(at: closest.position), measure: .area, parts: parts,
                       venezuelaMeters: closest.meters)
    }

    /// The sea of a zone when no maritime zones are shipped: classified on a grid of points
    /// (about 10,000, weighted by the cosine of latitude), with the shares of the rest.
    private func sampledSea(_ inside: GEOSGeometry, minus pieces: [GEOSGeometry], total: Double,
                            into surfaces: inout [IncidentContext.Part]) throws {
        let covered = pieces.isEmpty ? nil : try inside.collection(of: pieces).unaryUnion()
        let sea = try covered.map { try inside.difference($0) } ?? inside
        let seaArea = sea.isEmpty ? 0 : Geodesic.wgs84.areaSquareMeters(of: Self.densifiedPolygons(try sea.value()))
        guard seaArea > 0, let e = try sea.value().envelope else { return }
        let prepared = try PreparedGeometry(try sea.value())
        let n = 100
        var weights: [SurfaceSide: Double] = [:]
        var sum = 0.0
        for i in 0..<n {
            let lat = e.minLatitude + (Double(i) + 0.5) * (e.maxLatitude - e.minLatitude) / Double(n)
            let w = cos(lat * .pi / 180)
            for j in 0..<n {
                let lon = e.minLongitude + (Double(j) + 0.5) * (e.maxLongitude - e.minLongitude) / Double(n)
                guard try prepared.covers(longitude: lon, latitude: lat) else { continue }
                let side = try place(at: Position(longitude: lon, latitude: lat)).surface
                weights[side, default: 0] += w
                sum += w
            }
        }
        guard sum > 0 else { return }
        for (side, w) in weights.sorted(by: { $0.value > $1.value }) {
            surfaces.append(.init(layer: .surface, value: side.kind.rawValue, state: side.state, share: seaArea * w / sum / total))
        }
    }

    /// - Parameter exhaustive: measure every sample (for tests to compare with).
    func zoneClosestApproach(_ polygons: [[[Position]]], zone: GEOSGeometry, envelope: Envelope,
                             exhaustive: Bool = false) throws -> (position: Position, meters: Double) {
        // Overlapping Venezuela's land: the coast runs through the zone.
        for land in geography.land where land.state == ReferenceGeography.venezuela && land.tiles.locate(envelope) != .outside {
            let overlap = try zone.intersection(parsedLayer(land.wkb, besides: zone))
            if !overlap.isEmpty, let best = try overlap.value().positions.min(by: {
                (venezuelaCoast(from: $0)?.distanceMeters ?? .infinity) < (venezuelaCoast(from: $1)?.distanceMeters ?? .infinity)
            }) {
                return (best, venezuelaCoast(from: best)?.distanceMeters ?? 0)
            }
        }
        let g = Geodesic.wgs84
        // The boundary sampled every nautical mile at most, in order along each ring.
        struct Sample { let a: Position, b: Position, bearing: Double, s: Double, arc: Double }
        var samples: [Sample] = []
        var arc = 0.0
        for ring in polygons.flatMap({ $0 }) {
            arc += 1e12    // rings apart: no bound carries from one ring to the next
            for (a, b) in zip(ring, ring.dropFirst()) where a != b {
                let leg = g.inverse(from: a, to: b)
                let pieces = max(1, Int((leg.distanceMeters / 1852).rounded(.up)))
                for k in 0..<pieces {
                    let s = leg.distanceMeters * Double(k) / Double(pieces)
                    samples.append(Sample(a: a, b: b, bearing: leg.initialBearingDegrees, s: s, arc: arc + s))
                }
                arc += leg.distanceMeters
            }
        }
        func position(_ x: Sample) -> Position {
            x.s == 0 ? x.a : g.destination(from: x.a, bearingDegrees: x.bearing, distanceMeters: x.s)
        }
        // The distance to a coast changes no faster than the distance moved, and two samples
        // are never farther apart than the boundary between them: a sample whose bound from the
        // last one measured is above the best known cannot be nearer, and is not measured. A
        // first pass over every 16th sample gives a good best to start from. The answer is the
        // sample the full scan would choose (the first of the nearest): only samples that are
        // certainly farther are left out.
        var known = exhaustive ? Double.infinity : samples.indices.striding(by: 16).map { venezuelaCoast(from: position(samples[$0]))?.distanceMeters ?? .infinity }.min() ?? .infinity
        var best: (position: Position, meters: Double, edge: (Position, Position))?
        var anchor: (arc: Double, meters: Double)?
        for x in samples {
            if let anchor, anchor.meters.isFinite, anchor.meters - (x.arc - anchor.arc) > known { continue }
            let p = position(x)
            let d = venezuelaCoast(from: p)?.distanceMeters ?? .infinity
            anchor = (x.arc, d)
            if !exhaustive { known = min(known, d) }
            if d < best?.meters ?? .infinity { best = (p, d, (x.a, x.b)) }
        }
        guard let found = best else { return (polygons[0][0][0], .infinity) }
        // Refine along the best edge, within a nautical mile either side of the best sample.
        let (a, b) = found.edge
        let leg = g.inverse(from: a, to: b)
        let at = g.distanceMeters(from: a, to: found.position)
        func point(_ s: Double) -> Position { g.destination(from: a, bearingDegrees: leg.initialBearingDegrees, distanceMeters: s) }
        let s = goldenSection(max(0, at - 1852), min(leg.distanceMeters, at + 1852)) {
            venezuelaCoast(from: point($0))?.distanceMeters ?? .infinity
        }
        let refined = point(s)
        let d = venezuelaCoast(from: refined)?.distanceMeters ?? .infinity
        return d < found.meters ? (refined, d) : (found.position, found.meters)
    }

    // MARK: - Helpers

    private func summary(at p: Position, _ place: (fir: Int?, surface: SurfaceSide, venezuela: CoastDistance?),
                         measure: IncidentContext.Measure, parts: [IncidentContext.Part],
                         venezuelaMeters: Double? = nil) -> IncidentContext {
        IncidentContext(firID: place.fir.map { geography.firs[$0].summary.id }, surfaceKind: place.surface.kind,
                        surfaceState: place.surface.state,
                        venezuelaCoastNauticalMiles: (venezuelaMeters ?? place.venezuela?.distanceMeters).map { $0 / 1852 },
                        closestApproach: p, measure: measure, parts: parts,
                        layersVersion: geography.layersVersion, dataVersion: geography.dataVersion)
    }

    /// Largest share first.
    private static func sorted(_ parts: [IncidentContext.Part]) -> [IncidentContext.Part] {
        parts.enumerated().sorted { $0.element.share != $1.element.share ? $0.element.share > $1.element.share : $0.offset < $1.offset }
            .map(\.element)
    }

    /// A ring with a vertex at least every ~1 km along its straight lon/lat edges (so that
    /// geodesic areas follow the edges as GeoJSON draws them).
    private static func densified(_ ring: [Position]) -> [Position] {
        guard let first = ring.first else { return ring }
        var out = [first]
        for (a, b) in zip(ring, ring.dropFirst()) {
            let span = max(abs(b.longitude - a.longitude), abs(b.latitude - a.latitude))
            let steps = max(1, Int((span / 0.009).rounded(.up)))
            for k in 1...steps {
                let t = Double(k) / Double(steps)
                out.append(k == steps ? b : Position(longitude: a.longitude + t * (b.longitude - a.longitude),
                                                     latitude: a.latitude + t * (b.latitude - a.latitude)))
            }
        }
        return out
    }

    /// Every ring of the polygons in `geometry` densified (other members dropped: no area).
    static func densifiedPolygons(_ geometry: Geometry) -> Geometry {
        .multiPolygon(polygons(of: geometry).map { $0.map(densified) })
    }

    private static func polygons(of geometry: Geometry) -> [[[Position]]] {
        switch geometry {
        case .polygon(let rings): [rings]
        case .multiPolygon(let polygons): polygons
        case .geometryCollection(let members): members.flatMap { polygons(of: $0) }
        default: []
        }
    }

    private static func lines(of geometry: Geometry) -> [[Position]] {
        switch geometry {
        case .lineString(let ps): [ps]
        case .multiLineString(let ls): ls
        case .geometryCollection(let members): members.flatMap { lines(of: $0) }
        default: []
        }
    }
}
