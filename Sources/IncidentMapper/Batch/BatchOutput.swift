import Foundation

/// Where batch results go: standard output, or a file written under a temporary name
/// (`FILE.partial`) and moved into place only when complete, so that a failure or a kill never
/// leaves a half-written result in the file's place. Writes are buffered (1 MiB).
public final class BatchOutput {
    private let fd: Int32
    private let finalPath: String?
    private let temporaryPath: String?
    private var buffer: [UInt8] = []

    /// When true, every `<` written becomes `\u003c`, so that JSON text inside an HTML
    /// `<script>` element can never end it (`</script>`) or open a comment there. In JSON a
    /// `<` occurs only inside strings, where `\u003c` is the same character.
    public var escapesLessThanForHTML = false

    /// Writes to `path`, or to standard output when nil.
    /// - Throws: ``BatchError/cannotWrite(_:errno:)`` when the file cannot be created.
    public init(path: String?) throws(BatchError) {
        if let path {
            let temporary = path + ".partial"
            let opened = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard opened >= 0 else { throw .cannotWrite(path, errno: errno) }
            fd = opened
            finalPath = path
            temporaryPath = temporary
        } else {
            fd = STDOUT_FILENO
            finalPath = nil
            temporaryPath = nil
        }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if temporaryPath != nil { close(fd) }
    }

    /// - Throws: ``BatchError/cannotWrite(_:errno:)`` when the output cannot be written (e.g. the disk is full).
    public func write(_ text: String) throws(BatchError) {
        if escapesLessThanForHTML { return try write(utf8: Array(text.utf8)) }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes text that is already UTF-8.
    /// - Throws: ``BatchError/cannotWrite(_:errno:)`` when the output cannot be written.
    public func write(utf8 bytes: [UInt8]) throws(BatchError) {
        if escapesLessThanForHTML && bytes.contains(UInt8(ascii: "<")) {
            for byte in bytes {
                if byte == UInt8(ascii: "<") { buffer.append(contentsOf: Self.escapedLessThan) } else { buffer.append(byte) }
            }
        } else {
            buffer.append(contentsOf: bytes)
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    private static let escapedLessThan = Array("\\u003c".utf8)

    /// Flushes, and moves a file output into place.
    public func finish() throws(BatchError) {
        try flush()
        if let finalPath, let temporaryPath {
            guard fsync(fd) == 0, rename(temporaryPath, finalPath) == 0 else { throw .cannotWrite(finalPath, errno: errno) }
        }
    }

    /// Removes the partial file of an output that will not be finished.
    public func abandon() {
        if let temporaryPath { unlink(temporaryPath) }
    }

    private func flush() throws(BatchError) {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .cannotWrite(finalPath ?? "standard output", errno: n < 0 ? errno : 0) }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// What can go wrong in batch work.
public enum BatchError: Error, Equatable, CustomStringConvertible {
    /// Why a path cannot be read: no such file, a directory, or no permission.
    static func whyUnreadable(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        return isDirectory.boolValue ? "is a directory" : "cannot be read"
    }

    /// What `errno` says about a write that failed, in words a user can act on.
    static func whyUnwritable(_ code: Int32) -> String {
        switch code {
        case 0: "is the disk full?"
        case ENOSPC: "the disk is full (\(String(cString: strerror(code))))"
        case EFBIG: "the file size limit was reached (\(String(cString: strerror(code))); see ulimit -f)"
        default: String(cString: strerror(code))
        }
    }

    case cannotRead(String)
    /// A path (or "standard output") that could not be written, with the system's reason
    /// (`errno`: ENOSPC for a full disk, EFBIG past a file size limit, EACCES, ...; 0: unknown).
    case cannotWrite(String, errno: Int32 = 0)
    case missingColumn(String, available: [String])
    case emptyInput

    public var description: String {
        switch self {
        case .cannotRead(let path): "\(path): \(Self.whyUnreadable(path))"
        case .cannotWrite(let path, let code): "\(path): cannot be written: \(Self.whyUnwritable(code))"
        case .missingColumn(let name, let available): "no column \"\(name)\" in the header (columns: \(available.joined(separator: ", ")))"
        case .emptyInput: "the input has no header line"
        }
    }
}
