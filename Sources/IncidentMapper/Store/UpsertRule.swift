import Foundation

/// When an upsert replaces a stored incident, and with what: the rule both stores follow.
enum UpsertRule {
    /// The incident as a store keeps it: times to the millisecond.
    static func asStored(_ incident: Incident) -> Incident {
        var stored = incident
        let ms = Timestamp.truncatedToMilliseconds
        if let time = incident.time, let kept = try? IncidentTime(start: ms(time.start), end: time.end.map(ms)) { stored.time = kept }
        stored.createdAt = ms(incident.createdAt)
        stored.updatedAt = ms(incident.updatedAt)
        return stored
    }

    /// What replaces `stored`, or nil when nothing differs.
    /// - Parameter defaultTime: the time given to `createdAt`/`updatedAt` when the source had
    ///   none: such a time is not a difference; the stored one is kept, and `updatedAt`
    ///   becomes this time only when something else changed.
    static func replacement(_ incident: Incident, over stored: Incident, defaultTime: Date?) -> Incident? {
        var incoming = asStored(incident)
        if let defaultTime {
            if incoming.createdAt == defaultTime { incoming.createdAt = stored.createdAt }
            if incoming.updatedAt == defaultTime { incoming.updatedAt = stored.updatedAt }
        }
        if incoming == stored { return nil }
        if let defaultTime, Timestamp.truncatedToMilliseconds(incident.updatedAt) == defaultTime { incoming.updatedAt = defaultTime }
        return incoming
    }
}
