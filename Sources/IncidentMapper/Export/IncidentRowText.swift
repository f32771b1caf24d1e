import Foundation

/// Writes the GeoJSON Feature of a stored row (``IncidentRowBatch``) straight from its bytes:
/// the same text as ``IncidentFeatureText`` writes for the incident the row decodes to, without
/// decoding it first. Ids, kinds, confidences and times in the form the store writes them are
/// copied as they are (after checking that they are in that form: a time must be
/// `YYYY-MM-DDTHH:MM:SS.sssZ` with every field in range); geometry, casualties, sources, tags
/// and context go through the shared writers. A row in any other form (another tool wrote it)
/// is decoded and written by the general path, which also reports what is wrong with it. A
/// test holds the two paths to the same bytes.
enum IncidentRowText {
    /// Appends the Feature of row `row` of `batch`, `level` levels deep.
    /// - Throws: the error decoding the row gives (``StoreError``), or ``GeometryError``.
    static func append(_ batch: IncidentRowBatch, row: Int, currentLayersVersion: String?, indent level: Int,
                       to text: inout JSONText) throws {
        let mark = text.count
        if try appendStoredForm(batch, row: row, currentLayersVersion: currentLayersVersion, indent: level, to: &text) {
            return
        }
        text.truncate(to: mark)
        let incident = try batch.incident(at: row)
        try IncidentFeatureText.append(incident, currentLayersVersion: currentLayersVersion, indent: level, to: &text)
    }

    /// Writes the row when every field is in the form the store writes; false (with some text
    /// written, to be dropped) when one is not.
    static func appendStoredForm(_ batch: IncidentRowBatch, row: Int, currentLayersVersion: String?,
                                 indent level: Int, to text: inout JSONText) throws -> Bool {
        guard let raw = batch.raw else { return false }   // decoded already (PostGIS): the general path
        let rows = raw.rows, c = raw.columns
        func cell(_ column: Int) -> RawRows.Cell { rows[row, column] }
        /// A text cell copied between quotes when `isValid` says it needs no change.
        func verbatim(_ column: Int, _ isValid: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            guard case .text = cell(column) else { return false }
            return rows.withBytes(cell(column)) { bytes in
                guard isValid(bytes) else { return false }
                text.append(byte: 0x22)
                text.append(bytes: bytes)
                text.append(byte: 0x22)
                return true
            }
        }
        /// A text cell as GRDB reads it (up to a NUL, invalid UTF-8 replaced), escaped.
        func string(_ column: Int) -> Bool {
            guard case .text = cell(column) else { return false }
            rows.withBytes(cell(column)) { bytes in
                text.string(repairing: UnsafeBufferPointer(rebasing: bytes[..<(bytes.firstIndex(of: 0) ?? bytes.count)]))
            }
            return true
        }
        func optionalString(_ column: Int) -> Bool {
            if case .null = cell(column) { text.append("null"); return true }
            return string(column)
        }
        /// An integer column: .some(nil) for NULL, nil for a value GRDB would not read as an Int.
        func integer(_ column: Int) -> Int?? {
            switch cell(column) {
            case .null: return .some(nil)
            case .integer(let n): return .some(Int(n))
            default: return nil
            }
        }
        /// A real column: .some(nil) for NULL, nil for text or a blob.
        func real(_ column: Int) -> Double?? {
            switch cell(column) {
            case .null: return .some(nil)
            case .real(let x): return .some(x)
            case .integer(let n): return .some(Double(n))
            default: return nil
            }
        }
        func optionalNumber(_ x: Double?) { if let x { text.number(x) } else { text.append("null") } }
        func optionalText(_ column: Int) -> String?? {
            switch cell(column) {
            case .null: return .some(nil)
            case .text: return .some(rows.string(cell(column)))
            default: return nil
            }
        }

        let inner = level + 1, properties = inner + 1
        text.append("{")
        text.member("type", first: true, indent: inner)
        text.append("\"Feature\"")
        text.member("id", first: false, indent: inner)
        guard verbatim(c.id, StoredForm.isLowercaseUUID) else { return false }
        text.member("geometry", first: false, indent: inner)
        switch cell(c.geom) {
        case .null: try IncidentFeatureText.geometry(nil, indent: inner, to: &text)
        case .blob:
            if let point = rows.withBytes(cell(c.geom), StoredForm.point) {
                IncidentFeatureText.point(point, indent: inner, to: &text)
            } else {
                guard let geometry = rows.withBytes(cell(c.geom), { try? GeoPackageGeometry.decode(Data($0)) }) else { return false }
                try IncidentFeatureText.geometry(geometry, indent: inner, to: &text)
            }
        default: return false
        }
        text.member("properties", first: false, indent: inner)
        text.append("{")
        text.member("id", first: true, indent: properties)
        _ = verbatim(c.id) { _ in true }   // the id again, checked above
        text.member("kind", first: false, indent: properties)
        guard verbatim(c.kind, StoredForm.isKind) else { return false }
        text.member("title", first: false, indent: properties)
        guard string(c.title) else { return false }
        text.member("description", first: false, indent: properties)
        guard optionalString(c.description) else { return false }
        // The end is read only with a start, and must not come before it (as IncidentTime).
        text.member("time_start", first: false, indent: properties)
        switch cell(c.timeStart) {
        case .null:
            text.append("null")
            text.member("time_end", first: false, indent: properties)
            text.append("null")
        default:
            guard verbatim(c.timeStart, StoredForm.isTimestamp) else { return false }
            text.member("time_end", first: false, indent: properties)
            if case .null = cell(c.timeEnd) {
                text.append("null")
            } else {
                let notBeforeStart = rows.withBytes(cell(c.timeStart)) { start in
                    rows.withBytes(cell(c.timeEnd)) { end in !end.lexicographicallyPrecedes(start) }
                }
                guard notBeforeStart, verbatim(c.timeEnd, StoredForm.isTimestamp) else { return false }
            }
        }
        guard let killed = integer(c.killed), let injured = integer(c.injured), let missing = integer(c.missing),
              let killedMax = integer(c.killedMax), let injuredMax = integer(c.injuredMax),
              let missingMax = integer(c.missingMax) else { return false }
        text.member("killed", first: false, indent: properties)
        optionalNumber(killed.map(Double.init))
        text.member("injured", first: false, indent: properties)
        optionalNumber(injured.map(Double.init))
        text.member("missing", first: false, indent: properties)
        optionalNumber(missing.map(Double.init))
        text.member("confidence", first: false, indent: properties)
        guard verbatim(c.confidence, StoredForm.isConfidence) else { return false }
        text.member("uncertainty_m", first: false, indent: properties)
        guard let uncertainty = real(c.uncertainty) else { return false }
        optionalNumber(uncertainty)
        guard case .text = cell(c.sources), case .text = cell(c.tags) else { return false }
        // Sources and tags straight from the stored JSON when it is in the store's own form; on
        // anything else (escapes, spaces, other keys) the row goes the general way.
        text.member("sources", first: false, indent: properties)
        var list = ListText(level: properties)
        let sourcesRead = rows.withBytes(cell(c.sources)) { json in
            StoredJSONList.forEachSource(json) { source in
                list.next(&text)
                let level = properties + 2
                text.append("{")
                text.member("url", first: true, indent: level)
                text.string(repairing: UnsafeBufferPointer(rebasing: json[source.url]))
                text.member("publisher", first: false, indent: level)
                if let publisher = source.publisher { text.string(repairing: UnsafeBufferPointer(rebasing: json[publisher])) } else { text.append("null") }
                text.member("date", first: false, indent: level)
                if let date = source.date { text.string(repairing: UnsafeBufferPointer(rebasing: json[date])) } else { text.append("null") }
                text.closeObject(indent: level)
            }
        }
        guard sourcesRead else { return false }
        list.end(&text)
        text.member("tags", first: false, indent: properties)
        list = ListText(level: properties)
        let tagsRead = rows.withBytes(cell(c.tags)) { json in
            StoredJSONList.forEachString(json) { tag in
                list.next(&text)
                text.string(repairing: UnsafeBufferPointer(rebasing: json[tag]))
            }
        }
        guard tagsRead else { return false }
        list.end(&text)
        text.member("created_at", first: false, indent: properties)
        guard verbatim(c.createdAt, StoredForm.isTimestamp) else { return false }
        text.member("updated_at", first: false, indent: properties)
        guard verbatim(c.updatedAt, StoredForm.isTimestamp) else { return false }

        var context: IncidentContext?
        if let surface = rows.string(cell(c.surfaceKind)).flatMap(SurfaceKind.init(rawValue:)) {
            guard let fir = optionalText(c.fir), let state = optionalText(c.surfaceState),
                  let nm = real(c.coastNM), let lat = real(c.closestLat), let lon = real(c.closestLon),
                  let measure = optionalText(c.contextMeasure), let layers = optionalText(c.contextLayers) else { return false }
            let parts = raw.parts(of: row)
            context = IncidentContext(firID: fir, surfaceKind: surface, surfaceState: state, venezuelaCoastNauticalMiles: nm,
                                      closestApproach: lat.flatMap { la in lon.map { Position(longitude: $0, latitude: la) } },
                                      measure: measure.flatMap(IncidentContext.Measure.init(rawValue:)) ?? .points,
                                      parts: parts.isEmpty ? nil : parts, layersVersion: layers ?? "unknown", dataVersion: "")
        }
        IncidentFeatureText.contextSummary(context, indent: properties, to: &text)
        let casualties = Casualties(killed: killed, injured: injured, missing: missing,
                                    killedMax: killedMax, injuredMax: injuredMax, missingMax: missingMax)
        IncidentFeatureText.casualtyRanges(casualties, indent: properties, to: &text)
        if let context {
            IncidentFeatureText.contextDetails(context, currentLayersVersion: currentLayersVersion, indent: properties, to: &text)
        }
        text.closeObject(indent: properties)
        text.closeObject(indent: inner)
        return true
    }
}

/// The separators of an array written an element at a time, as ``IncidentFeatureText`` writes
/// arrays of strings and of objects: `[]` when empty, else one element per line when pretty.
private struct ListText {
    let level: Int
    private var count = 0

    init(level: Int) { self.level = level }

    /// Before an element.
    mutating func next(_ text: inout JSONText) {
        text.append(count == 0 ? "[" : ",")
        if text.pretty { text.newline(indent: level + 1) }
        count += 1
    }

    /// After the last element.
    func end(_ text: inout JSONText) {
        if count == 0 { text.append("[]"); return }
        if text.pretty { text.newline(indent: level) }
        text.append("]")
    }
}

/// Checks that a stored value is in the very form this tool writes, so it can be copied.
enum StoredForm {
    /// The position of a GeoPackage geometry blob that holds a little-endian WKB Point with
    /// two finite coordinates and nothing after it; nil for any other blob (decoded in full).
    static func point(_ b: UnsafeBufferPointer<UInt8>) -> Position? {
        guard b.count >= 8, b[0] == 0x47, b[1] == 0x50 else { return nil }
        let envelopeBytes: Int
        switch (b[3] >> 1) & 0x07 {
        case 0: envelopeBytes = 0
        case 1: envelopeBytes = 32
        case 2, 3: envelopeBytes = 48
        case 4: envelopeBytes = 64
        default: return nil
        }
        let w = 8 + envelopeBytes
        guard b.count == w + 21, b[w] == 1 else { return nil }
        func little(_ at: Int, _ count: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in (0..<count).reversed() { v = v << 8 | UInt64(b[at + k]) }
            return v
        }
        guard little(w + 1, 4) == 1 else { return nil }
        let x = Double(bitPattern: little(w + 5, 8)), y = Double(bitPattern: little(w + 13, 8))
        guard x.isFinite, y.isFinite else { return nil }
        return Position(longitude: x, latitude: y)
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase hexadecimal.
    static func isLowercaseUUID(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count == 36 else { return false }
        for (i, byte) in b.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard byte == 0x2D else { return false }
            } else {
                guard (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) else { return false }
            }
        }
        return true
    }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ`, years 0001–9999, a real calendar day, hour < 24, minute and
    /// second < 60: what ``Timestamp/format(_:)`` writes, and reads back unchanged.
    static func isTimestamp(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              b[19] == 0x2E, b[23] == 0x5A else { return false }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<from + count {
                let digit = Int(b[i]) - 0x30
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), number(20, 3) != nil else { return false }
        return year >= 1 && (1...12).contains(month) && day >= 1 && day <= Timestamp.daysInMonth(year: year, month: month)
            && hour < 24 && minute < 60 && second < 60
    }

    private static let kindNames = IncidentKind.allCases.map { Array($0.rawValue.utf8) }
    private static let confidenceNames = Confidence.allCases.map { Array($0.rawValue.utf8) }

    static func isKind(_ b: UnsafeBufferPointer<UInt8>) -> Bool { kindNames.contains { $0.elementsEqual(b) } }
    static func isConfidence(_ b: UnsafeBufferPointer<UInt8>) -> Bool { confidenceNames.contains { $0.elementsEqual(b) } }
}
