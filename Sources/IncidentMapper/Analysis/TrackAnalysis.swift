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
}

/// What a track did: its crossings, its stays, its closest approach to Venezuela's coast.
public struct TrackReport: Sendable {
    public var crossings: [TrackCrossing]
    public var stays: [TrackStay]
    public var lengthMeters: Double
    /// The track point nearest Venezuela's coast, with the distance and when.
    public var closestApproach: (position: Position, coast: CoastDistance, time: Date?, distanceAlongMeters: Double)?
}

extension PositionClassifier {
    /// Follows a track leg by leg along the geodesic between fixes, and reports where it entered
    /// and left each FIR and maritime zone (crossings located by bisection to ~1 m and their times
    /// interpolated by distance), how long it stayed in each, and its closest approach to
    /// Venezuela's coast. Legs are sampled every `stepMeters` (default 0.25 nm): an area narrower
    /// than that which the track merely clips can be missed.
    public func analyze(track: [TrackPoint], stepMeters: Double = 463) throws -> TrackReport {
        let g = Geodesic.wgs84
        var crossings: [TrackCrossing] = []
        var stays: [String: TrackStay] = [:]
        var stayOrder: [String] = []
        var along = 0.0
        var closest: (position: Position, coast: CoastDistance, time: Date?, distanceAlongMeters: Double)?

        func state(_ p: Position) throws -> (fir: String?, surface: String) {
            let s = try surface(at: p)
            return (try firContaining(p)?.id, s.kind.rawValue + (s.state.map { " " + $0 } ?? ""))
        }
        func noteClosest(_ p: Position, _ time: Date?, _ at: Double) {
            guard let coast = venezuelaCoast(from: p) else { return }
            if closest == nil || coast.distanceMeters < closest!.coast.distanceMeters {
                closest = (p, coast, time, at)
            }
        }
        func addStay(_ layer: TrackCrossing.Layer, _ area: String?, meters: Double, seconds: Double?) {
            guard let area else { return }
            let key = layer.rawValue + ":" + area
            if stays[key] == nil { stays[key] = TrackStay(layer: layer, area: area, seconds: nil, meters: 0); stayOrder.append(key) }
            stays[key]!.meters += meters
            if let seconds { stays[key]!.seconds = (stays[key]!.seconds ?? 0) + seconds }
        }

        guard let first = track.first else { return TrackReport(crossings: [], stays: [], lengthMeters: 0, closestApproach: nil) }
        var current = try state(first.position)
        noteClosest(first.position, first.time, 0)
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
            for k in 1...pieces {
                let s1 = length * Double(k) / Double(pieces)
                let p1 = k == pieces ? b.position : point(s1)
                let next = try state(p1)
                noteClosest(p1, time(s1), along + s1)
                // Bisect each layer that changed between s0 and s1 to find where it changes.
                var firAt = s1, surfaceAt = s1
                if next.fir != current.fir { firAt = try bisect(s0, s1) { try firContaining(point($0))?.id == current.fir } }
                if next.surface != current.surface { surfaceAt = try bisect(s0, s1) { try state(point($0)).surface == current.surface } }
                let stepDuration = duration.map { $0 * (s1 - s0) / max(length, 1e-9) }
                let firInside = next.fir != current.fir ? firAt - s0 : s1 - s0
                let surfaceInside = next.surface != current.surface ? surfaceAt - s0 : s1 - s0
                addStay(.fir, current.fir, meters: firInside, seconds: stepDuration.map { $0 * firInside / max(s1 - s0, 1e-9) })
                addStay(.surface, current.surface, meters: surfaceInside, seconds: stepDuration.map { $0 * surfaceInside / max(s1 - s0, 1e-9) })
                if next.fir != current.fir {
                    let p = point(firAt)
                    if let old = current.fir { crossings.append(TrackCrossing(direction: .exit, layer: .fir, area: old, position: p, time: time(firAt), distanceAlongMeters: along + firAt)) }
                    if let new = next.fir { crossings.append(TrackCrossing(direction: .enter, layer: .fir, area: new, position: p, time: time(firAt), distanceAlongMeters: along + firAt)) }
                    addStay(.fir, next.fir, meters: s1 - firAt, seconds: stepDuration.map { $0 * (s1 - firAt) / max(s1 - s0, 1e-9) })
                }
                if next.surface != current.surface {
                    let p = point(surfaceAt)
                    crossings.append(TrackCrossing(direction: .exit, layer: .surface, area: current.surface, position: p, time: time(surfaceAt), distanceAlongMeters: along + surfaceAt))
                    crossings.append(TrackCrossing(direction: .enter, layer: .surface, area: next.surface, position: p, time: time(surfaceAt), distanceAlongMeters: along + surfaceAt))
                    addStay(.surface, next.surface, meters: s1 - surfaceAt, seconds: stepDuration.map { $0 * (s1 - surfaceAt) / max(s1 - s0, 1e-9) })
                }
                current = next
                s0 = s1
            }
            along += length
        }
        crossings.sort { $0.distanceAlongMeters < $1.distanceAlongMeters }
        return TrackReport(crossings: crossings, stays: stayOrder.map { stays[$0]! }, lengthMeters: along, closestApproach: closest)
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
}
