import Foundation

extension IncidentImporter {
    /// What an import reads: GeoJSON features or CSV records, one at a time.
    public struct ImportSource {
        enum Reader {
            case geoJSON(GeoJSONFeatureStream)
            case csv(CSVReader, IncidentCSVMapping)
        }
        var reader: Reader

        init(reader: Reader) { self.reader = reader }

        /// Bytes read so far and the file's size when known.
        public var bytesRead: Int {
            switch reader {
            case .geoJSON(let s): s.bytesRead
            case .csv(let r, _): r.bytesRead
            }
        }
        public var totalBytes: Int? {
            switch reader {
            case .geoJSON(let s): s.totalBytes
            case .csv(let r, _): r.totalBytes
            }
        }
        /// True when the file is ACLED's CSV export.
        public var isACLED: Bool { if case .csv(_, let m) = reader { m.isACLED } else { false } }

        /// Opens a file (`-`: standard input, GeoJSON): CSV when its name ends in `.csv` or
        /// `.tsv`-less text starts with neither `{`, `[` nor RS; GeoJSON otherwise.
        /// - Throws: ``BatchError/cannotRead(_:)``, ``CSVError``, ``IncidentError`` (a header
        ///   without position columns, a bad `--map`).
        public init(path: String, fieldColumns: [String: String] = [:]) throws {
            if Self.looksLikeCSV(path) {
                let csv = try CSVReader(path: path)
                guard let header = try csv.next()?.fields else { throw BatchError.emptyInput }
                reader = .csv(csv, try IncidentCSVMapping(header: header, overrides: fieldColumns))
            } else {
                reader = .geoJSON(try GeoJSONFeatureStream(path: path))
            }
        }

        private static func looksLikeCSV(_ path: String) -> Bool {
            if path.lowercased().hasSuffix(".csv") { return true }
            guard path != "-", let handle = FileHandle(forReadingAtPath: path) else { return false }
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: 512)) ?? Data()
            guard let first = head.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else { return false }
            return first != 0x7B && first != 0x5B && first != 0x1E
        }

        mutating func next() throws -> Item? {
            switch reader {
            case .geoJSON(let stream):
                let item = try stream.next()
                return item.map { Item(index: $0.index, line: $0.line, payload: .json($0.bytes)) }
            case .csv(let csv, let mapping):
                guard let record = try csv.next() else { return nil }
                return Item(index: record.line - 2, line: record.line, payload: .csv(record.fields, mapping))
            }
        }
    }

    /// One feature or record to import.
    struct Item: Sendable {
        var index: Int
        var line: Int
        enum Payload: Sendable {
            case json([UInt8])
            case csv([String], IncidentCSVMapping)
        }
        var payload: Payload
    }
}
