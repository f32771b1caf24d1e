extension PositionClassifier {
    /// The context of an incident's geometry: for a point, its classification; for a track or a
    /// zone, the classification of its point nearest Venezuela's coast (lines and rings followed
    /// along their geodesics every `stepMeters`, 1 nm by default).
    public func context(for geometry: Geometry, stepMeters: Double = 1852) throws -> IncidentContext? {
        let candidates: [Position]
        switch geometry {
        case .point(let p): candidates = [p]
        case .multiPoint(let ps): candidates = ps
        default:
            let lines: [[Position]] = switch geometry {
            case .lineString(let ps): [ps]
            case .multiLineString(let ls): ls
            default: Geometry.rings(of: geometry) + Self.lines(of: geometry)
            }
            candidates = lines.flatMap { line in
                zip(line, line.dropFirst()).flatMap { a, b in
                    Geodesic.wgs84.densify(from: a, to: b, maxSpacingMeters: stepMeters).dropLast()
                } + line.suffix(1)
            }
        }
        guard !candidates.isEmpty else { return nil }
        let nearest = candidates.min {
            (venezuelaCoast(from: $0)?.distanceMeters ?? .infinity) < (venezuelaCoast(from: $1)?.distanceMeters ?? .infinity)
        }!
        let answer = try classify(nearest)
        return IncidentContext(firID: answer.fir?.id, surfaceKind: answer.surface.kind, surfaceState: answer.surface.state,
                               venezuelaCoastNauticalMiles: answer.venezuelaCoast?.distanceNauticalMiles,
                               dataVersion: answer.dataVersion)
    }

    private static func lines(of geometry: Geometry) -> [[Position]] {
        switch geometry {
        case .lineString(let ps): [ps]
        case .multiLineString(let ls): ls
        case .point(let p): [[p]]
        case .multiPoint(let ps): ps.map { [$0] }
        case .geometryCollection(let members): members.flatMap { lines(of: $0) }
        default: []
        }
    }
}
