import Foundation

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

extension Incident {
    /// This incident as an edit of `original` should be stored: its context recomputed when the
    /// geometry changed (or the original had none), `updatedAt` set to `now` when anything
    /// changed; nil when nothing did. The rule of `edit`, for every front end.
    /// - Throws: what ``IncidentContextComputer/context(for:)`` throws.
    public func asEdit(of original: Incident, contexts: IncidentContextComputer,
                       now: Date = Date()) throws -> Incident? {
        var edited = self
        if edited.geometry != original.geometry || original.context == nil {
            edited.context = try contexts.context(for: edited.geometry)
        }
        guard edited != original else { return nil }
        edited.updatedAt = Timestamp.truncatedToMilliseconds(now)
        return edited
    }
}
