import Foundation

/// One recorded event: where, when, what, who says so, and with what confidence.
///
/// Casualty counts are optional: `nil` means unknown, which is not zero.
public struct Incident: Hashable, Sendable, Identifiable {
    /// Stable identifier (a UUID), kept across export and import.
    public var id: UUID
    public var kind: IncidentKind
    /// Where: a point, a track (LineString) or a zone (Polygon), in WGS84. `nil` when no position
    /// was published (possible for imported records).
    public var geometry: Geometry?
    /// How far the true position may be from the one given, metres (`nil`: not stated), e.g.
    /// from ACLED's `geo_precision`.
    public var positionUncertaintyMeters: Double?
    /// When: an instant or an interval; `nil` when the source gives no time (imported records).
    public var time: IncidentTime?
    public var title: String
    public var description: String?
    public var casualties: Casualties
    public var sources: [Source]
    public var confidence: Confidence
    public var tags: [String]
    /// Where it is, as the reference layers classify it (computed on log and import).
    public var context: IncidentContext?
    /// When the record was created and last changed, UTC.
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID = UUID(), kind: IncidentKind, geometry: Geometry?, time: IncidentTime?,
                title: String, description: String? = nil, casualties: Casualties = Casualties(),
                sources: [Source] = [], confidence: Confidence = .reported, tags: [String] = [],
                context: IncidentContext? = nil, createdAt: Date = Date(), updatedAt: Date? = nil,
                positionUncertaintyMeters: Double? = nil) {
        self.id = id
        self.positionUncertaintyMeters = positionUncertaintyMeters
        self.kind = kind
        self.geometry = geometry
        self.time = time
        self.title = title
        self.description = description
        self.casualties = casualties
        self.sources = sources
        self.confidence = confidence
        self.tags = tags
        self.context = context
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// An instant, or an interval when `end` is set (exercises run for days).
public struct IncidentTime: Hashable, Sendable {
    public var start: Date
    public var end: Date?

    /// - Throws: ``IncidentError/invalidField(_:_:)`` when `end` is before `start`.
    public init(start: Date, end: Date? = nil) throws(IncidentError) {
        if let end, end < start {
            throw .invalidField("time_end", "ends (\(Timestamp.format(end))) before it starts (\(Timestamp.format(start)))")
        }
        self.start = start
        self.end = end
    }

    /// A time as people write it, at the precision they give: a bare date as the start with no
    /// end means sometime that day, so it becomes that day's interval (00:00 to 23:59:59.999
    /// UTC); a bare date as the end means the end of that day. A filter for the afternoon of
    /// that day then finds the incident, instead of missing one stored as midnight.
    /// - Throws: ``IncidentError/invalidField(_:_:)`` naming the field that is not a time, or
    ///   the end when it is before the start.
    public init(parsing start: String, end: String?, startField: String = "time_start",
                endField: String = "time_end") throws(IncidentError) {
        let first = try Timestamp.parse(start, field: startField)
        if let end {
            try self.init(start: first, end: try Timestamp.parseUpperBound(end, field: endField))
        } else if Timestamp.isDateOnly(start) {
            try self.init(start: first, end: first.addingTimeInterval(86_400 - 0.001))
        } else {
            try self.init(start: first)
        }
    }

    /// True when the instant or interval overlaps [since, until] (either bound optional).
    public func overlaps(since: Date?, until: Date?) -> Bool {
        let last = end ?? start
        if let since, last < since { return false }
        if let until, start > until { return false }
        return true
    }
}

/// Killed, injured and missing; `nil` means unknown.
///
/// Each count is one number, or a range when reports differ (a merge of three reports of one
/// strike that say 3, 4 and 6 dead keeps 3…6): the count is then the low end and its `…Max`
/// the high end. A `…Max` is `nil` for a single number.
public struct Casualties: Hashable, Sendable {
    public var killed: Int?
    public var injured: Int?
    public var missing: Int?
    /// The high end of each count when it is a range (`nil`: a single number, or unknown).
    public var killedMax: Int?
    public var injuredMax: Int?
    public var missingMax: Int?

    public init(killed: Int? = nil, injured: Int? = nil, missing: Int? = nil,
                killedMax: Int? = nil, injuredMax: Int? = nil, missingMax: Int? = nil) {
        self.killed = killed
        self.injured = injured
        self.missing = missing
        self.killedMax = killedMax
        self.injuredMax = injuredMax
        self.missingMax = missingMax
    }

    /// One of the three counts.
    public enum Category: String, CaseIterable, Sendable {
        case killed, injured, missing
    }

    /// A count as a range (`3...3` for a single number), `nil` when unknown.
    public subscript(category: Category) -> ClosedRange<Int>? {
        get {
            let (low, high): (Int?, Int?) = switch category {
            case .killed: (killed, killedMax)
            case .injured: (injured, injuredMax)
            case .missing: (missing, missingMax)
            }
            guard let low else { return nil }
            return low...max(low, high ?? low)
        }
        set {
            let low = newValue?.lowerBound
            let high = newValue.flatMap { $0.upperBound == $0.lowerBound ? nil : $0.upperBound }
            switch category {
            case .killed: (killed, killedMax) = (low, high)
            case .injured: (injured, injuredMax) = (low, high)
            case .missing: (missing, missingMax) = (low, high)
            }
        }
    }

    /// The widest range the reports support, count by count: from the lowest to the highest
    /// number any report gives. A report that does not give a count adds nothing (unknown is
    /// not zero); a count no report gives stays unknown.
    public static func widest(_ reports: [Casualties]) -> Casualties {
        var merged = Casualties()
        for category in Category.allCases {
            let known = reports.compactMap { $0[category] }
            guard let low = known.map(\.lowerBound).min(), let high = known.map(\.upperBound).max() else { continue }
            merged[category] = low...high
        }
        return merged
    }

    /// A count as people read it: `unknown`, `4`, or `3–6`.
    public func text(_ category: Category) -> String {
        guard let range = self[category] else { return "unknown" }
        return range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
    }
}

/// Where a report comes from.
public struct Source: Hashable, Sendable {
    /// The report's address.
    public var url: String
    /// Who published it (e.g. `Reuters`, `US SOUTHCOM`).
    public var publisher: String?
    /// The publication date as written (ISO 8601 date or date-time).
    public var date: String?

    public init(url: String, publisher: String? = nil, date: String? = nil) {
        self.url = url
        self.publisher = publisher
        self.date = date
    }
}

extension Incident {
    /// Checks the rules every stored incident keeps, whoever stores it: a non-empty title, a
    /// geometry (when there is one) that is non-empty, within WGS84 ranges and valid, casualty
    /// counts ≥ 0.
    /// - Throws: ``IncidentError/invalidField(_:_:)`` naming the field.
    public func validateForStorage() throws(IncidentError) {
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .invalidField("title", "must not be empty") }
        // U+0000 ends a string in C and in PostgreSQL, which cannot store it: no store keeps it,
        // so a record moves between the GeoPackage and a database unchanged.
        let texts: [(String, String?)] = [("title", title), ("description", description)] + tags.map { ("tags", $0) }
            + sources.flatMap { [("sources", $0.url), ("sources", $0.publisher), ("sources", $0.date)] }
        for (name, text) in texts where text?.utf8.contains(0) == true {
            throw .invalidField(name, "contains the character U+0000 (NUL), which no store keeps")
        }
        try geometry?.validateForStorage(field: "geometry")
        if let u = positionUncertaintyMeters, !(u.isFinite && u >= 0 && u <= 20_037_509) {
            throw .invalidField("uncertainty_m", "must be a distance in metres ≥ 0")
        }
        for (name, value) in [("killed", casualties.killed), ("injured", casualties.injured), ("missing", casualties.missing)] {
            if let value, value < 0 { throw .invalidField(name, "must be ≥ 0") }
        }
        for (name, low, high) in [("killed", casualties.killed, casualties.killedMax), ("injured", casualties.injured, casualties.injuredMax),
                                  ("missing", casualties.missing, casualties.missingMax)] {
            guard let high else { continue }
            guard let low else { throw .invalidField(name + "_max", "given without \(name)") }
            if high <= low { throw .invalidField(name + "_max", "must be above \(name) (\(low)); a single number needs no \(name)_max") }
        }
    }
}
