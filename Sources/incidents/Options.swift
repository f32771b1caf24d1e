import ArgumentParser
import Foundation
import IncidentMapper

/// Where the store lives: `--store`, else `$INCIDENTS_STORE`, else `./incidents.gpkg`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The GeoPackage file holding the incidents (created on first use).",
                                            valueName: "path"))
    var store: String?

    var path: String {
        store ?? ProcessInfo.processInfo.environment["INCIDENTS_STORE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "incidents.gpkg"
    }

    /// Opens the store, creating it on first use.
    func open() throws -> IncidentStore { try IncidentStore(path: path) }

    /// Opens an existing store (for commands that only read or change what is there).
    func openExisting() throws -> IncidentStore { try IncidentStore(path: path, createIfMissing: false) }
}

/// Reading the values people type on the command line.
enum Input {
    /// A coordinate, latitude first.
    static func coordinate(_ text: String, field: String) throws -> Coordinate {
        do {
            return try CoordinateParser.parse(text)
        } catch {
            throw InputError(field: field, message: "\"\(text)\": \(error.description)")
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
            throw InputError(field: field, message: "\"\(text)\" must be a whole number ≥ 0 or 'unknown'")
        }
        return n
    }

    /// A geometry from a file or inline text: GeoJSON (a geometry or a Feature) or WKT.
    static func geometry(_ fileOrText: String, field: String) throws -> Geometry {
        var text = fileOrText
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: fileOrText, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw MissingFile(path: fileOrText, reason: "is a directory") }
            text = try String(contentsOfFile: fileOrText, encoding: .utf8)
        } else if looksLikePath(fileOrText) {
            throw MissingFile(path: fileOrText, reason: "no such file")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let geometry: Geometry
        do {
            if trimmed.hasPrefix("{") {
                switch try GeoJSONReader.read(Data(trimmed.utf8)) {
                case .geometry(let g): geometry = g
                case .feature(let f):
                    guard let g = f.geometry else { throw InputError(field: field, message: "the Feature has no geometry") }
                    geometry = g
                case .featureCollection:
                    throw InputError(field: field, message: "give one geometry or Feature, not a FeatureCollection (use 'incidents import')")
                }
            } else {
                geometry = try Geometry(wkt: trimmed)
            }
        } catch let error as GeoJSONError {
            throw InputError(field: field, message: error.description)
        } catch let error as GeometryError {
            throw InputError(field: field, message: "not GeoJSON or WKT: \(error.description)")
        }
        try checkGeometry(geometry, field: field)
        return geometry
    }

    /// Text with no brackets or braces that names a file (`zone.geojson`, `tracks/a.wkt`) is a path, not WKT.
    private static func looksLikePath(_ text: String) -> Bool {
        guard !text.contains("("), !text.contains("{") else { return false }
        return text.contains("/") || text.lowercased().hasSuffix(".geojson") || text.lowercased().hasSuffix(".json")
            || text.lowercased().hasSuffix(".wkt")
    }

    /// A geometry must be non-empty, within WGS84 ranges and valid (GEOS) to be stored.
    static func checkGeometry(_ geometry: Geometry, field: String) throws {
        guard !geometry.isEmpty else { throw InputError(field: field, message: "the geometry is empty") }
        if let bad = geometry.positions.first(where: { !$0.isInWGS84Range }) {
            throw InputError(field: field, message: "position (\(bad.longitude), \(bad.latitude)) is outside WGS84 longitude/latitude range")
        }
        if case .invalid(let reason) = try geometry.validity() {
            throw InputError(field: field, message: "invalid geometry: \(reason)")
        }
    }
}

extension IncidentKind: ExpressibleByArgument {}
extension Confidence: ExpressibleByArgument {}
extension DistanceUnit: ExpressibleByArgument {}
extension SurfaceKind: ExpressibleByArgument {}
