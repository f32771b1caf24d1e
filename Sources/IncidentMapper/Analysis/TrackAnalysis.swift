import Foundation

/// One fix of a track: where, and when if known (ADS-B and AIS logs give both).
public struct TrackPoint: Hashable, Sendable {
    public var position: Position
    public var time: Date?

    public init(position: Position, time: Date? = nil) {
        self.position = position
        self.time = time
    }
}

/// A crossing of a FIR limit or a maritime zone line along a track.
public struct TrackCrossing: Hashable, Sendable {
    public enum Direction: String, Sendable { case enter, exit }
    public enum Layer: String, Sendable { case fir, surface }

    public var direction: Direction
    public var layer: Layer
    /// What is entered or left: a FIR id (`SVZM`), or a zone with its state (`territorial-sea VEN`).
    public var area: String
    public var position: Position
    /// Interpolated along the geodesic leg between the fixes' times; nil when the track has none.
    public var time: Date?
    /// Geodesic distance from the start of the track, metres.
    public var distanceAlongMeters: Double
}

/// Time (or distance) spent inside one FIR or zone.
public struct TrackStay: Hashable, Sendable {
    public var layer: TrackCrossing.Layer
    public var area: String
    public var seconds: Double?
    public var meters: Double
    /// The FIR id, or the surface kind and state, behind ``area``.
    var fir: String?
    var surface: SurfaceSide?
}

/// The point of a track nearest Venezuela's coast.
public struct ClosestApproach: Hashable, Sendable {
    public var position: Position
    public var coast: CoastDistance
    public var time: Date?
    public var distanceAlongMeters: Double
    /// FIR index and surface there.
    var fir: Int?
    var surface: SurfaceSide?
}

/// What a track did: its crossings, its stays, its closest approach to Venezuela's coast.
public struct TrackReport: Sendable {
    public var crossings: [TrackCrossing]
    public var stays: [TrackStay]
    public var lengthMeters: Double
    /// The track point nearest Venezuela's coast, with the distance and when.
    public var closestApproach: ClosestApproach?
}

extension PositionClassifier {
    /// Follows a track leg by leg along the geodesic between fixes, and reports where it entered
    /// and left each FIR and maritime zone (crossings located by bisection to ~1 mm and their
    /// times interpolated by distance), how long it stayed in each, and its closest approach to
    /// Venezuela's coast (the best sample refined by a golden-section search on its leg). Legs
    /// are sampled every `stepMeters` (default 0.25 nm): an area narrower than that which the
    /// track merely clips can be missed.
    /// - Throws: ``IncidentError`` for a track of fewer than two fixes; ``GeometryError`` when GEOS fails.
    public func analyze(track: [TrackPoint], stepMeters: Double = 463) throws -> TrackReport {
        try analyze(track: track, stepMeters: stepMeters, exhaustive: false)
    }

    /// `exhaustive`: a full answer at every sample (no high-seas skipping), for tests to compare with.
    func analyze(track: [TrackPoint], stepMeters: Double, exhaustive: Bool) throws -> TrackReport {
        guard track.count >= 2 else { throw IncidentError.invalidField("track", "needs at least two fixes, got \(track.count)") }
        guard stepMeters.isFinite, stepMeters > 0 else { throw IncidentError.invalidField("step", "must be a distance > 0") }
        let g = Geodesic.wgs84
        var crossings: [TrackCrossing] = []
        var stays: [String: TrackStay] = [:]
        var stayOrder: [String] = []
        var along = 0.0
        var closest: ClosestApproach?

        func firName(_ index: Int?) -> String? { index.map { geography.firs[$0].summary.id } }
        func surfaceName(_ side: SurfaceSide) -> String { side.kind.rawValue + (side.state.map { " " + $0 } ?? "") }
        func addStay(_ layer: TrackCrossing.Layer, _ fir: Int?, _ surface: SurfaceSide?, meters: Double, seconds: Double?) {
            let area = layer == .fir ? (firName(fir) ?? IncidentContext.noFIR) : surfaceName(surface!)
            let key = layer.rawValue + ":" + area
            if stays[key] == nil {
                stays[key] = TrackStay(layer: layer, area: area, seconds: nil, meters: 0,
                                       fir: layer == .fir ? firName(fir) : nil, surface: layer == .surface ? surface : nil)
                stayOrder.append(key)
            }
            stays[key]!.meters += meters
            if let seconds { stays[key]!.seconds = (stays[key]!.seconds ?? 0) + seconds }
        }

        // A leg whose best sample beats the closest approach so far is refined (a golden-section
        // search around that sample). The refinement waits until the next such leg: when that
        // one's best sample is lower than the waiting leg's best minus a step, the refinement
        // could not have lasted (the refined distance is at least the sample's minus the
        // distance moved) and is never computed. A track heading for the coast refines once,
        // not at every leg; the answer is the one refining every leg at once gives (a test
        // compares them).
        struct Refinement {
            let legBestMeters: Double
            let step: Double
            let refine: () throws -> ClosestApproach?
        }
        var pending: Refinement?
        func settle() throws {
            guard let waiting = pending else { return }
            pending = nil
            if let approach = try waiting.refine() { closest = approach }
        }
        func consider(_ leg: Refinement) throws {
            if exhaustive {
                if leg.legBestMeters < closest?.coast.distanceMeters ?? .infinity, let approach = try leg.refine() { closest = approach }
                return
            }
            if let waiting = pending {
                if leg.legBestMeters >= waiting.legBestMeters { return }
                if leg.legBestMeters < waiting.legBestMeters - waiting.step - 1 { pending = leg; return }
                try settle()
            }
            if leg.legBestMeters < closest?.coast.distanceMeters ?? .infinity { pending = leg }
        }
        // The fixes are samples too: the nearest of them bounds the answer from the start. A
        // sample is measured only when it could come within two steps (and a metre) of that
        // bound: a leg all of whose samples are farther could not hold the answer, nor could
        // a refinement of it outlast the leg with the nearest fix.
        let fixesBound = exhaustive ? Double.infinity
            : (track.compactMap { venezuelaCoast(from: $0.position)?.distanceMeters }.min() ?? .infinity) + 2 * stepMeters + 1
        /// What a sample must beat to matter, so far.
        func closestBound() -> Double {
            min(closest?.coast.distanceMeters ?? .infinity, pending?.legBestMeters ?? .infinity, fixesBound)
        }

        guard let first = track.first else { return TrackReport(crossings: [], stays: [], lengthMeters: 0, closestApproach: nil) }
        var follower = Follower(classifier: self, exhaustive: exhaustive)
        var current = try follower.place(first.position, along: 0, venezuelaBelow: .infinity)
        if let coast = current.venezuela {
            closest = ClosestApproach(position: first.position, coast: coast, time: first.time, distanceAlongMeters: 0,
                                      fir: current.fir, surface: current.surface)
        }
        for (a, b) in zip(track, track.dropFirst()) {
            let leg = g.inverse(from: a.position, to: b.position)
            let length = leg.distanceMeters
            let pieces = max(1, Int((length / stepMeters).rounded(.up)))
            let duration = (a.time != nil && b.time != nil) ? b.time!.timeIntervalSince(a.time!) : nil
            func point(_ s: Double) -> Position {
                g.destination(from: a.position, bearingDegrees: leg.initialBearingDegrees, distanceMeters: s)
            }
            func time(_ s: Double) -> Date? {
                guard let start = a.time, let duration, length > 0 else { return a.time }
                return start.addingTimeInterval(duration * s / length)
            }
            var s0 = 0.0
            var legBest: (s: Double, meters: Double)?
            for k in 1...pieces {
                let s1 = length * Double(k) / Double(pieces)
                let p1 = k == pieces ? b.position : point(s1)
                let next = try follower.place(p1, along: along + s1,
                                              venezuelaBelow: min(legBest?.meters ?? .infinity, closestBound()))
                if let d = next.venezuela?.distanceMeters, d < legBest?.meters ?? .infinity { legBest = (s1, d) }
                // Bisect each layer that changed between s0 and s1 to find where it changes.
                var firAt = s1, surfaceAt = s1
                if next.fir != current.fir {
                    firAt = try bisect(s0, s1) { try firLocator.firIndex(containing: point($0)) == current.fir }
                }
                if next.surface != current.surface {
                    surfaceAt = try bisect(s0, s1) { try place(at: point($0)).surface == current.surface }
                }
                let stepDuration = duration.map { $0 * (s1 - s0) / max(length, 1e-9) }
                func seconds(_ meters: Double) -> Double? { stepDuration.map { $0 * meters / max(s1 - s0, 1e-9) } }
                let firInside = next.fir != current.fir ? firAt - s0 : s1 - s0
                let surfaceInside = next.surface != current.surface ? surfaceAt - s0 : s1 - s0
                addStay(.fir, current.fir, nil, meters: firInside, seconds: seconds(firInside))
                addStay(.surface, nil, current.surface, meters: surfaceInside, seconds: seconds(surfaceInside))
                if next.fir != current.fir {
                    let p = point(firAt)
                    if let old = firName(current.fir) {
                        crossings.append(TrackCrossing(direction: .exit, layer: .fir, area: old, position: p, time: time(firAt), distanceAlongMeters: along + firAt))
                    }
                    if let new = firName(next.fir) {
                        crossings.append(TrackCrossing(direction: .enter, layer: .fir, area: new, position: p, time: time(firAt), distanceAlongMeters: along + firAt))
                    }
                    addStay(.fir, next.fir, nil, meters: s1 - firAt, seconds: seconds(s1 - firAt))
                }
                if next.surface != current.surface {
                    let p = point(surfaceAt)
                    crossings.append(TrackCrossing(direction: .exit, layer: .surface, area: surfaceName(current.surface), position: p, time: time(surfaceAt), distanceAlongMeters: along + surfaceAt))
                    crossings.append(TrackCrossing(direction: .enter, layer: .surface, area: surfaceName(next.surface), position: p, time: time(surfaceAt), distanceAlongMeters: along + surfaceAt))
                    addStay(.surface, nil, next.surface, meters: s1 - surfaceAt, seconds: seconds(s1 - surfaceAt))
                }
                current = next
                s0 = s1
            }
            // Refine the leg's closest approach between its neighbouring samples.
            if let best = legBest {
                let step = length / Double(pieces)
                let legStart = along
                try consider(Refinement(legBestMeters: best.meters, step: step) {
                    let s = self.goldenSection(max(0, best.s - step), min(length, best.s + step)) {
                        self.venezuelaCoast(from: point($0))?.distanceMeters ?? .infinity
                    }
                    let candidates = [(best.s, best.meters), (s, self.venezuelaCoast(from: point(s))?.distanceMeters ?? .infinity)]
                    let chosen = candidates.min { $0.1 < $1.1 }!.0
                    let p = chosen == length ? b.position : point(chosen)
                    guard let coast = self.venezuelaCoast(from: p) else { return nil }
                    let there = try self.place(at: p)
                    return ClosestApproach(position: p, coast: coast, time: time(chosen), distanceAlongMeters: legStart + chosen,
                                           fir: there.fir, surface: there.surface)
                })
            }
            along += length
        }
        try settle()
        crossings.sort { $0.distanceAlongMeters < $1.distanceAlongMeters }
        return TrackReport(crossings: crossings, stays: stayOrder.map { stays[$0]! }, lengthMeters: along, closestApproach: closest)
    }

    /// Places the samples of a track in order. Where the last full answer was high seas with a
    /// reach (``placeWithReach(at:)``), samples within that reach along the track are high seas
    /// without a coast search (the distance along the track is never shorter than the distance
    /// between its points); Venezuela's coast is searched there only when it could be nearer
    /// than the best approach so far (it is at least the last distance found minus the distance
    /// moved since).
    private struct Follower {
        let classifier: PositionClassifier
        var highSeas: (along: Double, reach: Double)?
        var venezuela: (along: Double, meters: Double)?
        var other: (along: Double, meters: Double)?
        let exhaustive: Bool

        init(classifier: PositionClassifier, exhaustive: Bool) {
            self.classifier = classifier
            self.exhaustive = exhaustive
        }

        mutating func place(_ p: Position, along: Double,
                            venezuelaBelow best: Double) throws -> (fir: Int?, surface: SurfaceSide, venezuela: CoastDistance?) {
            if !exhaustive, let h = highSeas, along >= h.along, along - h.along < h.reach, classifier.geography.coverage.theatre.contains(p) {
                let fir = try classifier.firLocator.firIndex(containing: p)
                var coast: CoastDistance?
                if let v = venezuela, v.meters - (along - v.along) >= best {
                    coast = nil                                   // cannot beat the best approach
                } else {
                    coast = classifier.venezuelaCoast(from: p)
                    if let c = coast { venezuela = (along, c.distanceMeters) }
                }
                return (fir, SurfaceSide(kind: .highSeas, state: nil), coast)
            }
            func atLeast(_ anchor: (along: Double, meters: Double)?) -> Double {
                guard !exhaustive, let anchor, along >= anchor.along else { return 0 }
                return max(0, anchor.meters - (along - anchor.along))
            }
            let found = try classifier.placeWithReach(at: p, venezuelaAtLeast: atLeast(venezuela), otherAtLeast: atLeast(other),
                                                      venezuelaWantedBelow: best)
            highSeas = found.highSeasReachMeters > 0 ? (along, found.highSeasReachMeters) : nil
            if let v = found.venezuela { venezuela = (along, v.distanceMeters) }
            if let o = found.other { other = (along, o.distanceMeters) }
            return (found.fir, found.surface, found.venezuela)
        }
    }

    /// The distance in [lower, upper] where `isBefore` turns false, to within a millimetre.
    private func bisect(_ lower: Double, _ upper: Double, _ isBefore: (Double) throws -> Bool) throws -> Double {
        var lo = lower, hi = upper
        while hi - lo > 0.001 {
            let mid = (lo + hi) / 2
            if try isBefore(mid) { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The minimum of `f` on [lower, upper] (unimodal there), to within a metre.
    func goldenSection(_ lower: Double, _ upper: Double, _ f: (Double) -> Double) -> Double {
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = lower, b = upper
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = f(c), fd = f(d)
        while b - a > 1 {
            if fc < fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = f(c) } else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = f(d) }
        }
        return (a + b) / 2
    }
}
