import Foundation

/// Reads CSV records (RFC 4180) from a file or standard input, streaming: quoted fields may hold
/// commas, doubled quotes and line breaks; records end with LF, CRLF or a lone CR. Memory stays
/// flat whatever the input: one 64 KiB buffer and the record being read, whose fields are
/// capped (``maxFieldBytes``) so that a quote that never closes fails fast instead of swallowing
/// the rest of the file.
///
/// Every error names the line it is on, counted from 1 as a text editor counts them (a record
/// whose quoted field spans lines moves the count on by as many): a stray quote (in an unquoted
/// field, or after a closing quote), a quote never closed, a field too long, invalid UTF-8.
///
/// ```swift
/// let reader = try CSVReader(path: "positions.csv")
/// while let record = try reader.next() { print(record.line, record.fields) }
/// ```
public final class CSVReader {
    /// One record: its fields and the line it starts on.
    public struct Record: Sendable {
        public var fields: [String]
        /// The line the record starts on (1 = the first line of the input).
        public var line: Int
    }

    /// The longest field accepted, bytes (1 MiB by default).
    public let maxFieldBytes: Int
    /// Bytes read so far (for progress against the file size).
    public private(set) var bytesRead = 0
    /// The size of the input when it is a regular file, for progress.
    public let totalBytes: Int?

    private let fd: Int32
    private let ownsDescriptor: Bool
    private let path: String
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private var position = 0
    private var available = 0
    private var atEnd = false
    private var line = 1
    private var started = false
    private var lastFieldCount = 4
    /// The input when it is in memory.
    private var memory: [UInt8]?
    private var memoryOffset = 0

    /// Opens `path`, or standard input for `-`.
    /// - Throws: ``CSVError/cannotRead(_:)`` when the file cannot be opened or is a directory.
    public init(path: String, maxFieldBytes: Int = 1 << 20) throws(CSVError) {
        self.path = path
        self.maxFieldBytes = maxFieldBytes
        if path == "-" {
            fd = STDIN_FILENO
            ownsDescriptor = false
        } else {
            let opened = open(path, O_RDONLY)
            guard opened >= 0 else { throw .cannotRead(path) }
            fd = opened
            ownsDescriptor = true
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            if ownsDescriptor { close(fd) }
            throw .cannotRead(path)
        }
        totalBytes = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        buffer = .allocate(capacity: 1 << 16)
    }

    /// Reads from bytes in memory (tests, small inputs).
    public init(bytes: [UInt8], maxFieldBytes: Int = 1 << 20) {
        fd = -1
        ownsDescriptor = false
        path = "(memory)"
        self.maxFieldBytes = maxFieldBytes
        totalBytes = bytes.count
        memory = bytes
        buffer = .allocate(capacity: 1 << 16)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(fd) }
    }

    private static let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// The next record, or nil at the end of the input. Blank lines are skipped.
    /// - Throws: ``CSVError`` naming the line of a malformed record; ``CSVError/cannotRead(_:)``
    ///   when reading fails.
    public func next() throws(CSVError) -> Record? {
        if !started {
            started = true
            try skipByteOrderMark()
        }
        var fields: [String] = []
        fields.reserveCapacity(lastFieldCount)
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false      // just read the closing quote of a quoted field
        var fieldStart = true
        var recordLine = line
        var fieldLine = line
        var sawAnything = false
        // The hot loop works on locals; they go back to the properties around each refill.
        var pos = position, avail = available
        let bytes = buffer.baseAddress!

        func finishField() throws(CSVError) {
            fields.append(try Self.text(field, line: fieldLine))
            field.removeAll(keepingCapacity: true)
            quoted = false
            afterQuote = false
            fieldStart = true
        }

        while true {
            if pos == avail {
                position = pos; available = avail
                try fill()
                pos = position; avail = available
                if pos == avail {
                    if quoted && !afterQuote { throw .unclosedQuote(line: fieldLine) }
                    if !sawAnything { return nil }
                    try finishField()
                    lastFieldCount = fields.count
                    return Record(fields: fields, line: recordLine)
                }
            }
            let byte = bytes[pos]
            pos += 1
            switch byte {
            case Self.lf, Self.cr:
                if byte == Self.cr {   // CRLF is one line break
                    if pos == avail { position = pos; available = avail; try fill(); pos = position; avail = available }
                    if pos < avail && bytes[pos] == Self.lf { pos += 1 }
                }
                if quoted && !afterQuote {
                    // A line break inside a quoted field belongs to the field.
                    if byte == Self.cr { field.append(Self.cr) }
                    field.append(Self.lf)
                    line += 1
                    try checkLength(field.count, fieldLine)
                    continue
                }
                line += 1
                if !sawAnything {   // a blank line
                    recordLine = line
                    fieldLine = line
                    continue
                }
                position = pos; available = avail
                try finishField()
                lastFieldCount = fields.count
                return Record(fields: fields, line: recordLine)
            case Self.quote:
                sawAnything = true
                if quoted {
                    if afterQuote {   // a doubled quote stands for one
                        field.append(Self.quote)
                        afterQuote = false
                    } else {
                        afterQuote = true
                    }
                } else if fieldStart {
                    quoted = true
                    fieldStart = false
                    fieldLine = line
                } else {
                    throw .strayQuote(line: line, detail: "a quote inside an unquoted field")
                }
            case Self.comma where !quoted || afterQuote:
                sawAnything = true
                try finishField()
                fieldLine = line
            default:
                sawAnything = true
                if afterQuote { throw .strayQuote(line: line, detail: "text after the closing quote of a field") }
                field.append(byte)
                fieldStart = false
                if field.count > maxFieldBytes { throw .fieldTooLong(line: fieldLine, limit: maxFieldBytes) }
            }
        }
    }

    /// A field's text: ASCII taken as is, anything else validated as UTF-8.
    private static func text(_ bytes: [UInt8], line: Int) throws(CSVError) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8(line: line) }
        return text
    }

    private func checkLength(_ count: Int, _ fieldLine: Int) throws(CSVError) {
        if count > maxFieldBytes { throw .fieldTooLong(line: fieldLine, limit: maxFieldBytes) }
    }

    private func skipByteOrderMark() throws(CSVError) {
        try fill()
        if available - position >= 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
            position += 3
        }
    }

    /// Refills the buffer when it is used up (keeps unread bytes).
    private func fill() throws(CSVError) {
        guard !atEnd, position == available || available < 3 else { return }
        if position < available {   // keep the few unread bytes (only at the start, for the BOM)
            let rest = available - position
            for i in 0..<rest { buffer[i] = buffer[position + i] }
            available = rest
        } else {
            available = 0
        }
        position = 0
        while available < buffer.count {
            let n: Int
            if let memory {
                n = min(memory.count - memoryOffset, buffer.count - available)
                for i in 0..<n { buffer[available + i] = memory[memoryOffset + i] }
                memoryOffset += n
            } else {
                n = read(fd, buffer.baseAddress! + available, buffer.count - available)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path)
            }
            if n == 0 { atEnd = true; break }
            available += n
            bytesRead += n
            if available >= 3 { break }
        }
    }
}

/// What is wrong with a CSV input, and on which line.
public enum CSVError: Error, Equatable, CustomStringConvertible {
    case cannotRead(String)
    case strayQuote(line: Int, detail: String)
    case unclosedQuote(line: Int)
    case fieldTooLong(line: Int, limit: Int)
    case invalidUTF8(line: Int)

    public var description: String {
        switch self {
        case .cannotRead(let path): "\(path): \(BatchError.whyUnreadable(path))"
        case .strayQuote(let line, let detail): "line \(line): stray quote (\(detail)); quote the whole field and double the quotes inside it"
        case .unclosedQuote(let line): "line \(line): a quoted field opened here is never closed"
        case .fieldTooLong(let line, let limit): "line \(line): a field longer than \(limit / 1024) KiB (a quote opened here and never closed?)"
        case .invalidUTF8(let line): "line \(line): not valid UTF-8 text"
        }
    }

    /// The line the error is on, if any.
    public var line: Int? {
        switch self {
        case .cannotRead: nil
        case .strayQuote(let line, _), .unclosedQuote(let line), .fieldTooLong(let line, _), .invalidUTF8(let line): line
        }
    }
}
