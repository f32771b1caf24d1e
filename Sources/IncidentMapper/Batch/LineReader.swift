import Foundation

/// Reads a file or standard input line by line without loading it (memory stays flat).
public final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// Bytes read so far (for progress against the file size).
    public private(set) var bytesRead = 0

    /// Opens `path`, or standard input for `-`.
    /// - Throws: ``BatchError/cannotRead(_:)`` when the file cannot be opened.
    public init(path: String) throws {
        if path == "-" {
            guard let f = fdopen(dup(STDIN_FILENO), "r") else { throw BatchError.cannotRead(path) }
            file = f
        } else {
            guard let f = fopen(path, "r") else { throw BatchError.cannotRead(path) }
            file = f
        }
    }

    deinit {
        free(buffer)
        fclose(file)   // standard input is read through a dup of its descriptor
    }

    /// The next line without its line break, or nil at the end.
    public func next() -> String? {
        let count = getline(&buffer, &capacity, file)
        guard count >= 0, let buffer else { return nil }
        bytesRead += count
        var length = count
        while length > 0 && (buffer[length - 1] == 0x0A || buffer[length - 1] == 0x0D) { length -= 1 }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}

/// What can go wrong in batch work.
public enum BatchError: Error, CustomStringConvertible {
    case cannotRead(String)
    case missingColumn(String, available: [String])
    case emptyInput

    public var description: String {
        switch self {
        case .cannotRead(let path): "\(path): cannot be read"
        case .missingColumn(let name, let available): "no column \"\(name)\" in the header (columns: \(available.joined(separator: ", ")))"
        case .emptyInput: "the input has no header line"
        }
    }
}
