import Foundation

/// The shortest geodesic distance from a point to a geodesic segment on WGS84, and where on
/// the segment it is reached.
public struct SegmentDistance: Hashable, Sendable {
    /// Geodesic distance in metres from the point to the segment's nearest point.
    public var distanceMeters: Double
    /// The nearest point of the segment.
    public var nearest: Position
    /// Where the nearest point lies along the segment: 0 at its start, 1 at its end.
    public var fraction: Double
}

extension Geodesic {
    /// The geodesic distance from `point` to the geodesic segment `start`–`end`.
    ///
    /// Newton iteration on the along-segment distance x: at the current foot X the geodesic to
    /// the point meets the segment at an angle α, and x moves by s·cos α (Karney's
    /// "interception" condition: the shortest geodesic meets the segment at a right angle).
    /// Every distance is `geod_inverse`, every position `geod_direct`: exact to well below a
    /// millimetre for segments of any length up to a few thousand kilometres.
    public func distance(from point: Position, toSegmentFrom start: Position, to end: Position) -> SegmentDistance {
        let segment = inverse(from: start, to: end)
        let length = segment.distanceMeters
        let toStart = inverse(from: start, to: point)
        guard length > 0 else {
            return SegmentDistance(distanceMeters: toStart.distanceMeters, nearest: start, fraction: 0)
        }
        // First guess: the planar along-track distance seen from the start.
        let x = toStart.distanceMeters * cos((toStart.initialBearingDegrees - segment.initialBearingDegrees) * .pi / 180)
        return distance(from: point, alongGeodesicFrom: start, bearingDegrees: segment.initialBearingDegrees,
                        lengthMeters: length, guessMeters: x)
    }

    /// The Newton iteration of ``distance(from:toSegmentFrom:to:)`` for a segment given by its
    /// start, initial bearing and length (known in advance), from a first guess of the foot's
    /// distance along it. A good guess (e.g. from the chord) saves most iterations.
    func distance(from point: Position, alongGeodesicFrom start: Position, bearingDegrees: Double,
                  lengthMeters length: Double, guessMeters: Double) -> SegmentDistance {
        var x = min(max(guessMeters, 0), length)
        var foot = start
        var best = Double.infinity
        for _ in 0..<20 {
            let here = travel(from: start, bearingDegrees: bearingDegrees, distanceMeters: x)
            foot = here.position
            let toPoint = inverse(from: foot, to: point)
            best = toPoint.distanceMeters
            if best == 0 { break }
            let step = best * cos((toPoint.initialBearingDegrees - here.bearingDegrees) * .pi / 180)
            let next = min(max(x + step, 0), length)
            if abs(next - x) < 1e-5 { break }   // 10 µm along the segment: far below a millimetre across
            x = next
        }
        return SegmentDistance(distanceMeters: best, nearest: foot, fraction: length > 0 ? x / length : 0)
    }
}
