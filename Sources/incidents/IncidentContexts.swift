import IncidentMapper

/// Computes incidents' context (FIR, surface, distance to Venezuela) with the shipped layers,
/// loading them once, on first need.
final class IncidentContexts {
    private var classifier: PositionClassifier?

    func context(for geometry: Geometry?) throws -> IncidentContext? {
        guard let geometry, !geometry.isEmpty else { return nil }
        if classifier == nil { classifier = try PositionClassifier(ReferenceGeography.load()) }
        return try classifier!.context(for: geometry)
    }
}
