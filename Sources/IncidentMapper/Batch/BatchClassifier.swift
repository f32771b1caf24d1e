import Foundation

/// The format of batch results.
public enum BatchFormat: String, CaseIterable, Sendable {
    /// The input's columns, then one column per answer (see ``BatchClassifier/columns(for:)``).
    case csv
    /// A JSON array: per row, `line`, `input` (the row by column name), the classification
    /// (as `check --json`) or `error`.
    case json
}

/// What to compute for each row of a batch, and how to print it.
public struct BatchOptions: Sendable {
    /// The latitude column (default: `lat`, `latitude` or `y`).
    public var latColumn: String?
    /// The longitude column (default: `lon`, `lng`, `long`, `longitude` or `x`).
    public var lonColumn: String?
    /// What to compute: only these fields, and only their columns.
    public var fields: ClassificationFields
    /// Each position's uncertainty, nautical miles.
    public var radiusNauticalMiles: Double
    public var format: BatchFormat

    public init(latColumn: String? = nil, lonColumn: String? = nil, fields: ClassificationFields = .all,
                radiusNauticalMiles: Double = 0, format: BatchFormat = .csv) {
        self.latColumn = latColumn
        self.lonColumn = lonColumn
        self.fields = fields
        self.radiusNauticalMiles = radiusNauticalMiles
        self.format = format
    }
}

/// How a batch went.
public struct BatchSummary: Sendable {
    /// Rows read (header excluded).
    public var rows: Int
    /// Rows whose position could not be read or classified (each reported, with its line).
    public var failures: Int
}

/// Classifies every row of a CSV of positions, streaming: records are read in chunks, each
/// chunk parsed, classified and formatted on every core, and written in input order. Memory
/// stays flat whatever the number of rows. A malformed record (stray quote, invalid UTF-8)
/// stops the batch with its line; a row whose position cannot be read is reported (with its
/// line) and the batch goes on.
///
/// ```swift
/// let batch = try BatchClassifier(geography: .load(), options: BatchOptions(fields: .fir))
/// let summary = try batch.run(CSVReader(path: "in.csv"), to: BatchOutput(path: "out.csv"))
/// ```
public final class BatchClassifier {
    private let options: BatchOptions
    private let workers: ParallelClassifier
    /// Rows per chunk.
    public static let chunkSize = 8192

    public init(geography: ReferenceGeography, options: BatchOptions) throws {
        self.options = options
        workers = try ParallelClassifier(geography)
    }

    /// The columns added to the input's, for `fields` (then `error`).
    public static func columns(for fields: ClassificationFields) -> [String] {
        var columns: [String] = []
        if fields.contains(.fir) { columns += ["fir_id", "fir_name", "fir_either"] }
        if fields.contains(.surface) { columns += ["surface_kind", "surface_state", "surface_certain", "surface_either"] }
        if fields.contains(.venezuelaCoast) {
            columns += ["venezuela_coast_nm", "venezuela_coast_bearing_deg", "venezuela_coast_lat", "venezuela_coast_lon"]
        }
        if fields.contains(.nearestOtherCoast) { columns += ["nearest_other_state", "nearest_other_nm"] }
        if fields.contains(.caveats) { columns += ["caveats"] }
        return columns + ["error"]
    }

    /// Reads the header and every record of `input`, writes the results to `output` (and
    /// finishes it), and calls `progress` after each chunk and `rowError` for each row that
    /// could not be classified.
    /// - Throws: ``CSVError`` (with its line) for a malformed record, ``BatchError`` for a
    ///   missing column or a failed write; a file output is then removed, never left half-written.
    public func run(_ input: CSVReader, to output: BatchOutput,
                    progress: ((_ rows: Int, _ bytes: Int) -> Void)? = nil,
                    rowError: ((String) -> Void)? = nil) throws -> BatchSummary {
        do {
            let summary = try stream(input, output, progress, rowError)
            try output.finish()
            return summary
        } catch {
            output.abandon()
            throw error
        }
    }

    private func stream(_ input: CSVReader, _ output: BatchOutput, _ progress: ((Int, Int) -> Void)?,
                        _ rowError: ((String) -> Void)?) throws -> BatchSummary {
        guard let header = try input.next()?.fields else { throw BatchError.emptyInput }
        let lat = try column(header, given: options.latColumn, defaults: ["lat", "latitude", "y"])
        let lon = try column(header, given: options.lonColumn, defaults: ["lon", "lng", "long", "longitude", "x"])
        let format = options.format, fields = options.fields, radius = options.radiusNauticalMiles
        if format == .csv { try output.write(CSVRow.line(header + Self.columns(for: fields)) + "\n") } else { try output.write("[") }

        var written = 0, failures = 0
        var done = false
        while !done {
            var records: [CSVReader.Record] = []
            records.reserveCapacity(Self.chunkSize)
            while records.count < Self.chunkSize, let record = try input.next() { records.append(record) }
            done = records.count < Self.chunkSize
            let first = written
            let lines: [(text: String, error: String?)] = workers.map(count: records.count) { classifier, i in
                let record = records[i]
                var answer: PositionClassification?
                var error: String?
                do {
                    let p = try Self.position(record.fields, lat, lon, headerCount: header.count)
                    answer = try classifier.classify(p, radiusNauticalMiles: radius, fields: fields)
                } catch let e {
                    error = "line \(record.line): \(e)"
                }
                let text = format == .csv
                    ? Self.csvLine(record.fields, answer, error, fields)
                    : (first + i == 0 ? "\n" : ",\n") + Self.jsonLine(header, record, answer, error)
                return (text, error)
            }
            for line in lines {
                if let error = line.error { failures += 1; rowError?(error) }
                try output.write(line.text)
            }
            written += lines.count
            progress?(written, input.bytesRead)
        }
        if format == .json { try output.write(written == 0 ? "]\n" : "\n]\n") }
        return BatchSummary(rows: written, failures: failures)
    }

    private func column(_ header: [String], given: String?, defaults: [String]) throws -> Int {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let given {
            guard let i = names.firstIndex(of: given.lowercased()) else { throw BatchError.missingColumn(given, available: header) }
            return i
        }
        guard let i = names.firstIndex(where: defaults.contains) else {
            throw BatchError.missingColumn(defaults.joined(separator: "|"), available: header)
        }
        return i
    }

    /// The row's position: plain decimal degrees read directly, anything else (DMS, ICAO, with
    /// hemisphere letters) through the ``CoordinateParser``.
    static func position(_ row: [String], _ lat: Int, _ lon: Int, headerCount: Int) throws -> Position {
        guard row.count == headerCount, lat < row.count, lon < row.count else {
            throw InputProblem("has \(row.count) fields, the header has \(headerCount)")
        }
        if let y = Double(row[lat]), let x = Double(row[lon]), y.isFinite, x.isFinite, abs(y) <= 90, abs(x) <= 180 {
            return Position(longitude: x, latitude: y)
        }
        return try CoordinateParser.parse(row[lat] + ", " + row[lon]).position
    }

    private static func csvLine(_ row: [String], _ a: PositionClassification?, _ error: String?,
                                _ fields: ClassificationFields) -> String {
        var line = CSVRow.line(row)
        line.reserveCapacity(line.utf8.count + 160)
        func add(_ value: String) {
            line += ","
            line += CSVRow.needsQuotes(value) ? CSVRow.quoted(value) : value
        }
        func fixed(_ v: Double?, _ d: Int) { add(v.map { DecimalFormat.fixed($0, d) } ?? "") }
        if fields.contains(.fir) {
            add(a?.fir?.id ?? "")
            add(a?.fir?.name ?? "")
            add(a.map { $0.firEither.isEmpty ? "" : $0.firEither.map { $0?.id ?? "none" }.joined(separator: "|") } ?? "")
        }
        if fields.contains(.surface) {
            add(a?.surface?.kind.rawValue ?? "")
            add(a?.surface?.state ?? "")
            add(a.map { $0.surfaceEither.isEmpty && ($0.surface?.kind.isKnown ?? false) ? "true" : "false" } ?? "")
            add(a.map { $0.surfaceEither.isEmpty ? "" : $0.surfaceEither.map(\.text).joined(separator: "|") } ?? "")
        }
        if fields.contains(.venezuelaCoast) {
            let v = a?.venezuelaCoast
            fixed(v?.distanceNauticalMiles, 6)
            fixed(v?.bearingDegrees, 2)
            fixed(v?.nearest.latitude, 7)
            fixed(v?.nearest.longitude, 7)
        }
        if fields.contains(.nearestOtherCoast) {
            add(a?.nearestOtherCoast?.state ?? "")
            fixed(a?.nearestOtherCoast?.distanceNauticalMiles, 6)
        }
        if fields.contains(.caveats) { add(a?.caveats.joined(separator: " | ") ?? "") }
        add(error ?? "")
        line += "\n"
        return line
    }

    private static func jsonLine(_ header: [String], _ record: CSVReader.Record, _ a: PositionClassification?,
                                 _ error: String?) -> String {
        var input = JSONObject()
        for (i, name) in header.enumerated() where i < record.fields.count { input[name] = .string(record.fields[i]) }
        var object: JSONObject = ["line": .number(Double(record.line)), "input": .object(input)]
        if let a, case .object(let members) = a.jsonValue {
            for member in members { object[member.key] = member.value }
        }
        if let error { object["error"] = .string(error) }
        return "  " + JSONWriter().string(.object(object))
    }
}

/// A row's problem, said as is.
struct InputProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
