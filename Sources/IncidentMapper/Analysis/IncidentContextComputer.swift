/// Computes incidents' contexts (``IncidentContext``) with the reference layers, loading them
/// on first need, so that work without geometry costs nothing. Not `Sendable`: one per thread.
///
/// ```swift
/// let contexts = IncidentContextComputer()
/// incident.context = try contexts.context(for: incident.geometry)
/// ```
public final class IncidentContextComputer {
    private var geography: ReferenceGeography?
    private var classifier: PositionClassifier?

    /// Computes with `geography`, or with the current layers (loaded when first needed).
    public init(geography: ReferenceGeography? = nil) {
        self.geography = geography
    }

    /// The layers used (loaded now if they were not).
    public func layers() throws -> ReferenceGeography {
        if let geography { return geography }
        let loaded = try ReferenceGeography.load()
        geography = loaded
        return loaded
    }

    /// The context of `geometry`, nil when there is none.
    /// - Throws: ``ReferenceDataError`` when the layers cannot be loaded, ``GeometryError`` when GEOS fails.
    public func context(for geometry: Geometry?) throws -> IncidentContext? {
        guard let geometry, !geometry.isEmpty else { return nil }
        if classifier == nil { classifier = try PositionClassifier(layers()) }
        return try classifier!.context(for: geometry)
    }
}
