/// What kind of event an incident records.
public enum IncidentKind: String, CaseIterable, Codable, Sendable {
    /// A strike on a vessel (e.g. the boat strikes of 2025).
    case vesselStrike = "vessel-strike"
    /// A warship's reported position or track.
    case navalPosition = "naval-position"
    /// An announced exercise or closure area.
    case exerciseZone = "exercise-zone"
    /// A flight, e.g. military aircraft inside the Maiquetía FIR.
    case flight = "flight"
    case other = "other"
}

/// How sure the sources make us of an incident.
public enum Confidence: String, CaseIterable, Codable, Sendable {
    case confirmed, likely, reported, disputed
}
