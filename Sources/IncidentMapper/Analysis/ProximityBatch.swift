import Foundation

/// `near --input`: many query positions answered in one process, streaming
/// `query,id,distance_nm` rows (one per incident found, nearest first within each query).
///
/// Queries come from a CSV file (a `lat`/`latitude`/`y` and a `lon`/`lng`/`longitude`/`x`
/// column, in any notation ``CoordinateParser`` reads; an `id`, `name` or `query` column labels
/// them, else the line number) or from GeoJSON points (labelled by their id, else their index).
/// Queries are answered on every core, each worker with its own connection to the store.
public enum ProximityBatch {
    /// One query position and its label.
    public struct Query: Sendable {
        public var label: String
        public var position: Position
    }

    /// What a batch did.
    public struct Summary: Sendable {
        public var queries = 0
        public var rows = 0
    }

    /// Reads every query of a file (CSV, or GeoJSON when the name ends in .geojson/.json or the
    /// text starts with `{`).
    /// - Throws: ``BatchError``, ``CSVError``, ``ImportError`` or ``IncidentError`` naming the line.
    public static func readQueries(path: String) throws -> [Query] {
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") || lower.hasSuffix(".geojsonl") || lower.hasSuffix(".geojsons") {
            return try geoJSONQueries(path: path)
        }
        let reader = try CSVReader(path: path)
        guard let header = try reader.next()?.fields else { throw BatchError.emptyInput }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func index(_ candidates: [String]) -> Int? { names.firstIndex(where: candidates.contains) }
        guard let lat = index(["lat", "latitude", "y"]) else { throw BatchError.missingColumn("lat|latitude|y", available: header) }
        guard let lon = index(["lon", "lng", "long", "longitude", "x"]) else {
            throw BatchError.missingColumn("lon|lng|long|longitude|x", available: header)
        }
        let label = index(["id", "name", "query", "label"])
        var queries: [Query] = []
        while let record = try reader.next() {
            do {
                let p = try BatchClassifier.position(record.fields, lat, lon, headerCount: header.count)
                queries.append(Query(label: label.map { record.fields[$0] } ?? "line \(record.line)", position: p))
            } catch {
                throw IncidentError.invalidField("line \(record.line)", "\(error)")
            }
        }
        return queries
    }

    private static func geoJSONQueries(path: String) throws -> [Query] {
        let stream = try GeoJSONFeatureStream(path: path)
        var queries: [Query] = []
        while let item = try stream.next() {
            let feature = try GeoJSONReader.readFeature(JSONParser().parse(item.bytes))
            guard case .point(let p) = feature.geometry else {
                throw IncidentError.invalidField("feature \(item.index) (line \(item.line))", "a query must be a Point")
            }
            let label = feature.id.map { $0.stringValue ?? JSONWriter().string($0) } ?? "feature \(item.index)"
            queries.append(Query(label: label, position: p))
        }
        return queries
    }

    /// Answers `queries` against the store at `storePath` and writes the CSV rows to `output`
    /// (which is finished here).
    public static func run(_ queries: [Query], storePath: String, withinMeters radius: Double, filter: IncidentFilter,
                           limit: Int?, to output: BatchOutput,
                           progress: ((Int) -> Void)? = nil) throws -> Summary {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let stores = try (0..<workers).map { _ in try IncidentStores.open(storePath, createIfMissing: false) }
        try output.write("query,id,distance_nm\n")
        var summary = Summary()
        let chunk = 256
        var start = 0
        while start < queries.count {
            let slice = Array(queries[start..<min(queries.count, start + chunk)])
            // Each worker answers its part of the chunk inside one read of its own connection,
            // and writes its rows' text (this thread only writes the text out, in order).
            let parts = min(workers, slice.count)
            let answers = ParallelMap.map(count: parts, workers: parts, minimumPerWorker: 1) { worker, _ in
                let range = (slice.count * worker / parts)..<(slice.count * (worker + 1) / parts)
                do {
                    let answers = try stores[worker].incidentIDs(near: range.map { slice[$0].position }, withinMeters: radius,
                                                                 matching: filter, limit: limit)
                    return zip(range, answers).map { i, hits in
                        var text = ""
                        for hit in hits {
                            text += CSVRow.line([slice[i].label, hit.id.lowercasedText,
                                                 DecimalFormat.fixed(hit.distanceMeters / 1852, 3)]) + "\n"
                        }
                        return Result<(text: String, rows: Int), Error>.success((text, hits.count))
                    }
                } catch {
                    return range.map { _ in Result<(text: String, rows: Int), Error>.failure(error) }
                }
            }.flatMap { $0 }
            for answer in answers {
                let (text, rows) = try answer.get()
                try output.write(text)
                summary.rows += rows
            }
            summary.queries += slice.count
            start += slice.count
            progress?(summary.queries)
        }
        try output.finish()
        return summary
    }
}
