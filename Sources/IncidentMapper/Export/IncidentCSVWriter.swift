import Foundation

/// Writes incidents as CSV for spreadsheets, one row each, as they are read. Columns: every
/// field (`sources` and `tags` as JSON arrays, times ISO 8601 UTC, an empty cell for unknown),
/// the position as `lat`/`lon` and `lat_dms`/`lon_dms` for a point, the whole geometry as
/// `wkt` (7 decimals, as in GeoJSON), the stored context, and last the high ends of casualty
/// ranges (`killed_max`, ...; empty for a single number). `import` reads this back.
public final class IncidentCSVWriter {
    /// The header row.
    public static let columns = ["id", "kind", "title", "description", "time_start", "time_end", "killed", "injured", "missing",
                                 "confidence", "uncertainty_m", "sources", "tags", "created_at", "updated_at",
                                 "lat", "lon", "lat_dms", "lon_dms", "wkt",
                                 "fir", "surface_kind", "surface_state", "venezuela_coast_nm",
                                 "killed_max", "injured_max", "missing_max"]

    private let output: BatchOutput
    private var pending: [Incident] = []
    public private(set) var count = 0

    public init(output: BatchOutput) throws {
        self.output = output
        try output.write(CSVRow.line(Self.columns) + "\n")
    }

    /// Queues an incident; rows are formatted on every core, a batch at a time.
    public func append(_ incident: Incident) throws {
        pending.append(incident)
        if pending.count >= 1_024 { try flush() }
    }

    /// Writes what is queued (the output is not finished here).
    public func finish() throws { try flush() }

    private func flush() throws {
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let rows = ParallelMap.map(count: batch.count, workers: ProcessInfo.processInfo.activeProcessorCount, minimumPerWorker: 64) { _, i in
            Result { () throws(GeometryError) -> String in try Self.row(batch[i]) }
        }
        var text = ""
        for row in rows { text += try row.get() + "\n" }
        count += batch.count
        try output.write(text)
    }

    static func row(_ i: Incident) throws(GeometryError) -> String {
        func number(_ n: Int?) -> String { n.map(String.init) ?? "" }
        var lat = "", lon = "", latDMS = "", lonDMS = ""
        if case .point(let p) = i.geometry {
            lat = DecimalFormat.fixed(p.latitude, 7); lon = DecimalFormat.fixed(p.longitude, 7)
            latDMS = DMSFormat.latitude(p.latitude); lonDMS = DMSFormat.longitude(p.longitude)
        }
        let wkt = try i.geometry.map { g throws(GeometryError) in try g.wkt(decimals: IncidentExporter.safeDecimals(for: g)) } ?? ""
        return CSVRow.line([
            i.id.lowercasedText, i.kind.rawValue, i.title, i.description ?? "",
            i.time.map { Timestamp.format($0.start) } ?? "", i.time?.end.map { Timestamp.format($0) } ?? "",
            number(i.casualties.killed), number(i.casualties.injured), number(i.casualties.missing),
            i.confidence.rawValue, i.positionUncertaintyMeters.map { JSONWriter.format(number: $0) } ?? "",
            IncidentRow.sourcesJSON(i.sources), JSONWriter.string(.array(i.tags.map(JSONValue.string))),
            Timestamp.format(i.createdAt), Timestamp.format(i.updatedAt),
            lat, lon, latDMS, lonDMS, wkt,
            i.context?.firID ?? "", i.context?.surfaceKind.rawValue ?? "", i.context?.surfaceState ?? "",
            i.context?.venezuelaCoastNauticalMiles.map { DecimalFormat.fixed($0, 3) } ?? "",
            number(i.casualties.killedMax), number(i.casualties.injuredMax), number(i.casualties.missingMax),
        ])
    }
}
