import Foundation

/// A point of the WGS84 ellipsoid's surface in earth-centred, earth-fixed coordinates (metres).
///
/// Only for bounds, never for a distance the tool reports: the straight chord between two points
/// of the surface is never longer than the geodesic between them, so a chord (or the distance to
/// a box or capsule around chords) is a safe lower bound of a geodesic distance, found without
/// trigonometry.
struct EarthCentredPoint: Sendable {
    var x: Double, y: Double, z: Double

    /// WGS84 semi-major axis (m) and first eccentricity squared.
    private static let a = 6_378_137.0
    private static let e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563)

    init(x: Double, y: Double, z: Double) {
        self.x = x; self.y = y; self.z = z
    }

    /// The surface point (height 0) at `position`.
    init(_ position: Position) {
        let phi = position.latitude * .pi / 180, lambda = position.longitude * .pi / 180
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let n = Self.a / (1 - Self.e2 * sinPhi * sinPhi).squareRoot()   // prime-vertical radius
        x = n * cosPhi * cos(lambda)
        y = n * cosPhi * sin(lambda)
        z = n * (1 - Self.e2) * sinPhi
    }

    static func - (l: Self, r: Self) -> Self { Self(x: l.x - r.x, y: l.y - r.y, z: l.z - r.z) }
    func dot(_ o: Self) -> Double { x * o.x + y * o.y + z * o.z }
    var lengthSquared: Double { dot(self) }
}

/// A geodesic segment seen from outside: its chord, and a margin so that every point of the
/// geodesic lies within `margin` metres of the chord.
///
/// The margin needs no curvature argument: a point X of the geodesic A–B of length L has
/// |XA| + |XB| ≤ L (chords are no longer than arcs), so X lies in the prolate spheroid with foci
/// A and B and major axis L, whose points are all within its semi-minor axis, √(L² − c²) / 2
/// (c = |AB|), of the chord.
struct ChordCapsule: Sendable {
    var start: EarthCentredPoint
    var direction: EarthCentredPoint       // end − start
    var inverseLengthSquared: Double      // 1 / |end − start|², 0 for a degenerate chord
    var margin: Double

    /// `geodesicLengthMeters` is the segment's exact geodesic length.
    init(from a: Position, to b: Position, geodesicLengthMeters length: Double) {
        start = EarthCentredPoint(a)
        direction = EarthCentredPoint(b) - start
        let chord2 = direction.lengthSquared
        inverseLengthSquared = chord2 > 0 ? 1 / chord2 : 0
        let chord = chord2.squareRoot()
        // L − c is tiny for short segments: a micrometre more, and a millimetre on the result,
        // cover the rounding of both lengths.
        margin = (max(0, length - chord + 1e-6) * (length + chord)).squareRoot() / 2 + 1e-3
    }

    /// Where the chord passes closest to `p`, as a fraction in [0, 1] from start to end.
    func closestFraction(to p: EarthCentredPoint) -> Double {
        min(1, max(0, (p - start).dot(direction) * inverseLengthSquared))
    }

    /// Metres that no point of the geodesic is nearer to `p` than (may be negative near it).
    func lowerBound(from p: EarthCentredPoint) -> Double {
        let t = closestFraction(to: p)
        let d = p - EarthCentredPoint(x: start.x + t * direction.x, y: start.y + t * direction.y, z: start.z + t * direction.z)
        return d.lengthSquared.squareRoot() - margin
    }

    /// A lower bound of the geodesic distance from `p` to the geodesic segment between two
    /// surface points, from straight lines alone (no geodesic computed). The segment's length is
    /// bounded by its chord c: a geodesic of the ellipsoid, as a curve in space, bends no more
    /// sharply than the surface (curvature at most a/b², the meridian's at the equator), and by
    /// Schur's comparison theorem a curve of length L bent at most that sharply has a chord of
    /// at least 2ρ·sin(L/2ρ), ρ = b²/a; so L ≤ 2ρ·asin(c/2ρ), and the margin above follows.
    static func lowerBound(from p: EarthCentredPoint, start: EarthCentredPoint, end: EarthCentredPoint) -> Double {
        let rho = 6_356_752.314245179 * 6_356_752.314245179 / 6_378_137.0
        let direction = end - start
        let chord2 = direction.lengthSquared
        let chord = chord2.squareRoot()
        guard chord < 2 * rho * 0.9 else { return 0 }   // half the globe apart: no useful bound
        let length = 2 * rho * asin(chord / (2 * rho))
        let margin = (max(0, length - chord + 1e-6) * (length + chord)).squareRoot() / 2 + 1e-3
        let t = chord2 > 0 ? min(1, max(0, (p - start).dot(direction) / chord2)) : 0
        let d = p - EarthCentredPoint(x: start.x + t * direction.x, y: start.y + t * direction.y, z: start.z + t * direction.z)
        return d.lengthSquared.squareRoot() - margin
    }

    /// The capsule's bounding box.
    var box: ChordBox {
        let end = EarthCentredPoint(x: start.x + direction.x, y: start.y + direction.y, z: start.z + direction.z)
        return ChordBox(min: EarthCentredPoint(x: Swift.min(start.x, end.x) - margin, y: Swift.min(start.y, end.y) - margin,
                                               z: Swift.min(start.z, end.z) - margin),
                        max: EarthCentredPoint(x: Swift.max(start.x, end.x) + margin, y: Swift.max(start.y, end.y) + margin,
                                               z: Swift.max(start.z, end.z) + margin))
    }
}

/// An axis-aligned box in earth-centred coordinates.
struct ChordBox: Sendable {
    var min: EarthCentredPoint
    var max: EarthCentredPoint

    func union(_ o: ChordBox) -> ChordBox {
        ChordBox(min: EarthCentredPoint(x: Swift.min(min.x, o.min.x), y: Swift.min(min.y, o.min.y), z: Swift.min(min.z, o.min.z)),
                 max: EarthCentredPoint(x: Swift.max(max.x, o.max.x), y: Swift.max(max.y, o.max.y), z: Swift.max(max.z, o.max.z)))
    }

    /// The straight-line distance from `p` to the box (0 inside): a lower bound of the geodesic
    /// distance from `p` to any surface point in the box.
    func distance(from p: EarthCentredPoint) -> Double {
        let dx = Swift.max(0, min.x - p.x, p.x - max.x)
        let dy = Swift.max(0, min.y - p.y, p.y - max.y)
        let dz = Swift.max(0, min.z - p.z, p.z - max.z)
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }
}
