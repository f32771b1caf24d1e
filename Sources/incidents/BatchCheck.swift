import ArgumentParser
import Foundation
import IncidentMapper

/// `check --input`: classify every row of a CSV, streaming, in chunks spread over the cores.
struct BatchCheck {
    var input: String
    var output: String?
    var format: BatchFormat
    var latColumn: String?
    var lonColumn: String?
    var radius: Double

    static let chunkSize = 8192
    static let addedColumns = [
        "fir_id", "fir_name", "surface_kind", "surface_state", "venezuela_coast_nm", "venezuela_coast_bearing_deg",
        "venezuela_coast_lat", "venezuela_coast_lon", "nearest_other_state", "nearest_other_nm", "caveats", "error",
    ]

    func run(_ geography: ReferenceGeography) throws {
        let reader = try LineReader(path: input)
        guard let headerLine = reader.next(),
              let header = CSVRow.fields(Substring(headerLine.hasPrefix("\u{FEFF}") ? String(headerLine.dropFirst()) : headerLine))
        else { throw BatchError.emptyInput }
        let latIndex = try column(header, given: latColumn, defaults: ["lat", "latitude", "y"])
        let lonIndex = try column(header, given: lonColumn, defaults: ["lon", "lng", "long", "longitude", "x"])
        let sink = try OutputSink(path: output)
        let progress = Progress(totalBytes: input == "-" ? nil : fileSize(input))
        let classifier = try ParallelClassifier(geography)
        if format == .csv { try sink.write(CSVRow.line(header + Self.addedColumns) + "\n") } else { try sink.write("[") }

        var rowNumber = 1, failures = 0, written = 0
        var done = false
        while !done {
            var rows: [[String]] = []
            var lineNumbers: [Int] = []
            while rows.count < Self.chunkSize, let line = reader.next() {
                rowNumber += 1
                if line.isEmpty { continue }
                var text = line
                var fields = CSVRow.fields(Substring(text))
                while fields == nil, let more = reader.next() {   // a quoted field spanning lines
                    text += "\n" + more
                    fields = CSVRow.fields(Substring(text))
                }
                rows.append(fields ?? [text])
                lineNumbers.append(rowNumber)
            }
            done = rows.count < Self.chunkSize
            // Parse, classify and format on every core; print and write in order here.
            let firstIndex = written
            let lines: [(text: String, error: String?)] = classifier.map(count: rows.count) { c, i in
                let row = rows[i]
                var answer: PositionClassification?
                var error: String?
                do {
                    answer = try c.classify(try position(row, latIndex, lonIndex), radiusNauticalMiles: radius)
                } catch let e {
                    error = "line \(lineNumbers[i]): \(e)"
                }
                let text = format == .csv ? csvLine(row, answer, error)
                                          : (firstIndex + i == 0 ? "\n" : ",\n") + jsonLine(header, row, answer, error)
                return (text, error)
            }
            for line in lines {
                if let error = line.error { failures += 1; printError("incidents: \(error)") }
                try sink.write(line.text)
            }
            written += lines.count
            progress.update(rows: written, bytes: reader.bytesRead)
        }
        if format == .json { try sink.write(written == 0 ? "]\n" : "\n]\n") }
        try sink.finish()
        progress.finish(rows: written)
        if failures > 0 {
            printError("incidents: \(failures) of \(written) rows could not be classified")
            throw ExitCode(Exit.dataError)
        }
    }

    private func column(_ header: [String], given: String?, defaults: [String]) throws -> Int {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let given {
            guard let i = names.firstIndex(of: given.lowercased()) else {
                throw BatchError.missingColumn(given, available: header)
            }
            return i
        }
        guard let i = names.firstIndex(where: defaults.contains) else {
            throw BatchError.missingColumn(defaults.joined(separator: "|"), available: header)
        }
        return i
    }

    private func position(_ row: [String], _ lat: Int, _ lon: Int) throws -> Position {
        guard lat < row.count, lon < row.count else { throw InputError(field: "row", message: "has too few columns") }
        let c = try CoordinateParser.parse(row[lat] + ", " + row[lon])
        return c.position
    }

    private func csvLine(_ row: [String], _ a: PositionClassification?, _ error: String?) -> String {
        let v = a?.venezuelaCoast, o = a?.nearestOtherCoast
        let added: [String] = [
            a?.fir?.id ?? "", a?.fir?.name ?? "", a?.surface.kind.rawValue ?? "", a?.surface.state ?? "",
            v.map { Format.fixed($0.distanceNauticalMiles, 6) } ?? "", v.map { Format.fixed($0.bearingDegrees, 2) } ?? "",
            v.map { Format.fixed($0.nearest.latitude, 7) } ?? "", v.map { Format.fixed($0.nearest.longitude, 7) } ?? "",
            o?.state ?? "", o.map { Format.fixed($0.distanceNauticalMiles, 6) } ?? "",
            a?.caveats.joined(separator: " | ") ?? "", error ?? "",
        ]
        return CSVRow.line(row + added) + "\n"
    }

    private func jsonLine(_ header: [String], _ row: [String], _ a: PositionClassification?, _ error: String?) -> String {
        var input = JSONObject()
        for (i, name) in header.enumerated() where i < row.count { input[name] = .string(row[i]) }
        var object: JSONObject = ["input": .object(input)]
        if let a, case .object(let members) = a.jsonValue {
            for member in members { object[member.key] = member.value }
        }
        if let error { object["error"] = .string(error) }
        return "  " + JSONWriter().string(.object(object))
    }

    private func fileSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    }
}

/// Buffered output to a file (written to a temporary name, moved into place at the end) or stdout.
final class OutputSink {
    private let handle: FileHandle
    private let finalPath: String?
    private let temporaryPath: String?
    private var buffer = Data()

    init(path: String?) throws {
        if let path {
            let temporary = path + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
                throw MissingFile(path: path, reason: "cannot be written")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            finalPath = path
            temporaryPath = temporary
        } else {
            handle = FileHandle.standardOutput
            finalPath = nil
            temporaryPath = nil
        }
    }

    /// - Throws: when the output cannot be written (e.g. the disk is full); a file output then
    ///   keeps its previous content, the partial one is left beside it.
    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 1 << 20 { try flush() }
    }

    func finish() throws {
        try flush()
        if let finalPath, let temporaryPath {
            try handle.close()
            if FileManager.default.fileExists(atPath: finalPath) { try FileManager.default.removeItem(atPath: finalPath) }
            try FileManager.default.moveItem(atPath: temporaryPath, toPath: finalPath)
        }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A one-line progress report on standard error, only when it is a terminal.
final class Progress {
    private let totalBytes: Int?
    private let enabled = isatty(STDERR_FILENO) == 1
    private let start = Date()
    private var last = Date.distantPast

    init(totalBytes: Int?) { self.totalBytes = totalBytes }

    func update(rows: Int, bytes: Int) {
        guard enabled, Date().timeIntervalSince(last) > 0.2 else { return }
        last = Date()
        let rate = Double(rows) / max(Date().timeIntervalSince(start), 1e-3)
        let percent = totalBytes.map { String(format: " %3.0f%%", 100 * Double(bytes) / Double(max($0, 1))) } ?? ""
        FileHandle.standardError.write(Data(String(format: "\r%@ %d rows, %.0f rows/s   ", percent, rows, rate).utf8))
    }

    func finish(rows: Int) {
        guard enabled else { return }
        let seconds = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(format: "\r%d rows in %.1f s                    \n", rows, seconds).utf8))
    }
}
