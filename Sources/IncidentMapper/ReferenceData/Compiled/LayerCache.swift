import Foundation

/// Where compiled reference layers are kept between runs, and how they are found.
///
/// The cache folder is `$INCIDENTS_CACHE_DIR`, else `$XDG_CACHE_HOME/incident-mapper`, else
/// `~/.cache/incident-mapper`. A compiled file is named by the SHA-256 of the layer files it
/// was built from (`layers-<hash>.bin`), so the same data is compiled once whatever folder it is
/// read from. Hashing 20 MB of layers at every start would cost more than the start itself, so
/// a link named by the files' cheap fingerprint (names, sizes, modification times) points at the
/// compiled file: when the fingerprint is new, the files are hashed, and a file with that hash
/// is reused or built. Builds hold a lock (concurrent first runs build once), write to a
/// temporary name and rename into place (a reader never sees half a file). When no cache folder
/// can be written, the layers are compiled in memory at every start (slower, still right).
public enum LayerCache {
    /// The environment variable naming the cache folder.
    public static let environmentVariable = "INCIDENTS_CACHE_DIR"

    /// The cache folder (not created yet).
    public static var directory: URL? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[environmentVariable], !path.isEmpty { return URL(fileURLWithPath: path) }
        if let path = environment["XDG_CACHE_HOME"], !path.isEmpty {
            return URL(fileURLWithPath: path).appendingPathComponent("incident-mapper")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/incident-mapper")
        }
        return nil
    }

    /// Reports that the layers are being compiled (seconds; once per version of the data).
    nonisolated(unsafe) public static var onBuild: (@Sendable (String) -> Void)?

    /// The compiled layers of `source`, mapped from the cache or built (and cached) first.
    /// - Throws: ``ReferenceDataError`` when the layers cannot be read or compiled.
    static func storage(for source: ReferenceLayerSource) throws -> LayerStorage {
        let suffix = "-f\(CompiledLayers.formatVersion)-\(String(CompiledLayers.layoutSignature, radix: 16))"
        guard let directory, (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)) != nil,
              access(directory.path, W_OK) == 0 else {
            return try LayerStorage(copying: build(source, hash: source.contentHash()))
        }
        let link = directory.appendingPathComponent("by-fingerprint/\(source.fingerprint().prefix(32))\(suffix)")
        if let mapped = try? open(link.path) { return mapped }

        let hash = try source.contentHash()
        let file = directory.appendingPathComponent("layers-\(hash.prefix(32))\(suffix).bin")
        if let mapped = try? open(file.path) {
            remember(link, file)
            return mapped
        }
        let lockPath = directory.appendingPathComponent(".lock").path
        let lock = Darwin_or_Glibc_open(lockPath)
        defer { if lock >= 0 { flock(lock, LOCK_UN); close(lock) } }
        if lock >= 0 { flock(lock, LOCK_EX) }
        if let mapped = try? open(file.path) {   // another process built it while we waited
            remember(link, file)
            return mapped
        }
        let bytes = try build(source, hash: hash)
        let temporary = file.path + ".\(getpid()).partial"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)),
              rename(temporary, file.path) == 0 else {
            unlink(temporary)
            return LayerStorage(copying: bytes)
        }
        remember(link, file)
        return try LayerStorage(mapping: file.path)
    }

    private static func build(_ source: ReferenceLayerSource, hash: String) throws -> [UInt8] {
        onBuild?("compiling the reference layers once (they changed or were never compiled here)")
        return try CompiledLayers.build(from: source, contentHash: hash)
    }

    private static func open(_ path: String) throws -> LayerStorage {
        let storage = try LayerStorage(mapping: path)
        try CompiledLayers.validateHeader(storage)
        return storage
    }

    /// Points the fingerprint's link at the compiled file (best effort: a miss only costs a hash).
    private static func remember(_ link: URL, _ file: URL) {
        try? FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = link.path + ".\(getpid()).partial"
        unlink(temporary)
        if symlink(file.path, temporary) == 0, rename(temporary, link.path) != 0 { unlink(temporary) }
    }

    private static func Darwin_or_Glibc_open(_ path: String) -> Int32 {
        Foundation.open(path, O_RDWR | O_CREAT, 0o644)
    }
}
