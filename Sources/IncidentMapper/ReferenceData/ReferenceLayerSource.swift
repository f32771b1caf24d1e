import Foundation
import ReferenceLayers

/// A folder of reference layers, laid out as `GeoData/` is: `fir/*.geojson`, `land/land.geojson`,
/// `maritime/internal_waters.geojson`, `maritime/maritime.geojson`, `caveats/caveats.geojson`
/// and `coverage.json`. The tool ships one (``shipped``); `INCIDENTS_GEODATA` names another
/// (``current``), e.g. to test a new version of a layer before it ships.
///
/// ```swift
/// let source = try ReferenceLayerSource.current()
/// let geography = try ReferenceGeography.load(from: source)
/// ```
public struct ReferenceLayerSource: Sendable, Hashable {
    /// The folder.
    public let directory: URL

    /// The environment variable that names another folder of layers.
    public static let environmentVariable = "INCIDENTS_GEODATA"

    public init(directory: URL) {
        self.directory = directory.standardizedFileURL
    }

    /// The layers shipped in the package's resources.
    /// - Throws: ``ReferenceDataError/missingLayer(_:)`` when the resource bundle is missing.
    public static func shipped() throws -> ReferenceLayerSource {
        guard let directory = ReferenceLayerFiles.directory else {
            throw ReferenceDataError.missingLayer("the resource bundle IncidentMapper_ReferenceLayers (copy it beside the binary)")
        }
        return ReferenceLayerSource(directory: directory)
    }

    /// The folder `INCIDENTS_GEODATA` names, else the shipped layers.
    public static func current() throws -> ReferenceLayerSource {
        if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ReferenceDataError.missingLayer("\(environmentVariable)=\(path) is not a folder")
            }
            return ReferenceLayerSource(directory: URL(fileURLWithPath: path))
        }
        return try shipped()
    }

    /// Every FIR file, sorted by name.
    public var firFiles: [URL] { files(in: "fir", withExtension: "geojson") }
    /// The land layer, if present.
    public var landFile: URL? { file("land/land.geojson") }
    /// Internal waters, if present.
    public var internalWatersFile: URL? { file("maritime/internal_waters.geojson") }
    /// The derived maritime zones (display polygons), if present.
    public var maritimeFile: URL? { file("maritime/maritime.geojson") }
    /// The caveats, if present.
    public var caveatsFile: URL? { file("caveats/caveats.geojson") }
    /// The coverage description, if present.
    public var coverageFile: URL? { file("coverage.json") }

    /// Every file the compiled layers are built from, in a fixed order.
    public var inputFiles: [URL] {
        firFiles + [landFile, internalWatersFile, maritimeFile, caveatsFile, coverageFile].compactMap { $0 }
    }

    /// The provenance notes (`.md`) of a layer folder (`fir`, `land`, `maritime`, `caveats`).
    public func provenanceFiles(_ folder: String) -> [URL] { files(in: folder, withExtension: "md") }

    /// A cheap stand-in for the content: each input's name, size and modification time. It
    /// changes when a file is touched; ``contentHash()`` then says whether its bytes did.
    public func fingerprint() -> String {
        var hash = SHA256()
        hash.update(Array(directory.path.utf8))
        for url in inputFiles {
            var info = stat()
            guard stat(url.path, &info) == 0 else { continue }
            let line = "\(url.lastPathComponent) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)\n"
            hash.update(Array(line.utf8))
        }
        return hash.hexDigest()
    }

    /// SHA-256 over every input file's relative path and bytes: the layers' version, the same
    /// on every machine for the same data.
    /// - Throws: when a file cannot be read.
    public func contentHash() throws -> String {
        var hash = SHA256()
        for url in inputFiles {
            let relative = String(url.path.dropFirst(directory.path.count))
            hash.update(Array("\(relative)\n".utf8))
            hash.update(try Data(contentsOf: url))
        }
        return hash.hexDigest()
    }

    private func file(_ relativePath: String) -> URL? {
        let url = directory.appendingPathComponent(relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    private func files(in folder: String, withExtension ext: String) -> [URL] {
        let url = directory.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { url.appendingPathComponent($0) }
    }
}
