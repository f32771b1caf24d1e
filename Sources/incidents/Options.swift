import ArgumentParser
import Foundation
import IncidentMapper

/// Where the store lives: `--store`, else `$INCIDENTS_STORE`, else `./incidents.gpkg`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The GeoPackage file holding the incidents (created on first use), or a PostgreSQL + PostGIS database: postgresql://user@host/db[?sslmode=require&pool_size=4].",
        valueName: "path|url"))
    var store: String?

    var path: String {
        store ?? ProcessInfo.processInfo.environment["INCIDENTS_STORE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "incidents.gpkg"
    }

    /// The store for messages: its path, or its URL without a password.
    var displayLocation: String {
        PostgresLocation.isURL(path) ? PostgresLocation.redacted(path) : path
    }

    /// The store's file name, or the database's name (for a map's description).
    var shortName: String {
        guard PostgresLocation.isURL(path) else { return URL(fileURLWithPath: path).lastPathComponent }
        let withoutQuery = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        return "database " + (withoutQuery.split(separator: "/").last.map(String.init) ?? "")
    }

    /// Opens the store, creating it on first use.
    func open() throws -> any IncidentStoring { try IncidentStores.open(path) }

    /// Opens an existing store (for commands that only read or change what is there).
    func openExisting() throws -> any IncidentStoring { try IncidentStores.open(path, createIfMissing: false) }
}

/// Reading the values people type on the command line.
enum Input {
    /// A coordinate, latitude first.
    static func coordinate(_ text: String, field: String) throws -> Coordinate {
        do {
            return try CoordinateParser.parse(text)
        } catch {
            throw InputError(field: field, message: "\"\(text.clippedForMessage())\": \(error.description)")
        }
    }

    /// An ISO 8601 date or UTC date-time.
    /// As an upper bound (`upperBound`), a bare date means the end of that day.
    static func time(_ text: String, field: String, upperBound: Bool = false) throws -> Date {
        do {
            return upperBound ? try Timestamp.parseUpperBound(text, field: field) : try Timestamp.parse(text, field: field)
        } catch {
            throw InputError(field: field, message: error.problem)
        }
    }

    /// A casualty count: a whole number ≥ 0, or `unknown`.
    static func count(_ text: String, field: String) throws -> Int? {
        if text.lowercased() == "unknown" { return nil }
        guard let n = Int(text), n >= 0 else {
            throw InputError(field: field, message: "\"\(text.clippedForMessage())\" must be a whole number ≥ 0 or 'unknown'")
        }
        return n
    }

    /// A number of people, `LOW-HIGH` when reports differ, or `unknown` (nil).
    static func countRange(_ text: String, field: String) throws -> ClosedRange<Int>? {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2 else { return try count(text, field: field).map { $0...$0 } }
        guard let low = Int(ends[0].trimmingCharacters(in: .whitespaces)), let high = Int(ends[1].trimmingCharacters(in: .whitespaces)),
              low >= 0, high >= low else {
            throw InputError(field: field, message: "\"\(text.clippedForMessage())\" must be a whole number ≥ 0, a range LOW-HIGH with LOW ≤ HIGH, or 'unknown'")
        }
        return low...high
    }

    /// A geometry from a file or inline text: GeoJSON (a geometry or a Feature) or WKT.
    static func geometry(_ fileOrText: String, field: String) throws -> Geometry {
        try GeometryInput.read(fileOrText: fileOrText, field: field)
    }
}

extension IncidentKind: ExpressibleByArgument {}
extension Confidence: ExpressibleByArgument {}
extension DistanceUnit: ExpressibleByArgument {}
extension SurfaceKind: ExpressibleByArgument {}
