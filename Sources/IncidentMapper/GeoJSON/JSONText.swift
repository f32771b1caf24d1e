/// JSON text being written, as UTF-8 bytes: the one place that knows how this tool spells
/// strings, numbers, separators and indentation (``JSONWriter`` and the incident feature
/// writer both write through it, so their texts agree byte for byte).
struct JSONText {
    /// The text so far.
    private(set) var buffer: ByteBuffer
    /// Two-space indentation and one member per line, instead of compact output.
    let pretty: Bool

    init(pretty: Bool, capacity: Int = 0) {
        self.pretty = pretty
        buffer = ByteBuffer(capacity: capacity)
    }

    /// The text so far, as bytes (a copy).
    var bytes: [UInt8] { buffer.array }

    /// How many bytes are written.
    var count: Int { buffer.count }

    /// Drops what was written from `length` on.
    mutating func truncate(to length: Int) { buffer.truncate(to: length) }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append($0) }
    }

    /// One byte, as is.
    @inline(__always)
    mutating func append(byte: UInt8) { buffer.append(byte) }

    /// Bytes, as they are (already JSON text).
    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) { buffer.append(bytes) }

    /// A newline and `level` levels of indentation (pretty only).
    mutating func newline(indent level: Int) {
        buffer.append(0x0A)
        buffer.append(0x20, times: 2 * level)
    }

    /// Opens the member `key` of an object whose members are `level` deep: the separator
    /// (none before the first), the quoted name and the colon. `key` needs no escaping.
    @inline(__always)
    mutating func member(_ key: StaticString, first: Bool, indent level: Int) {
        if pretty {
            append(first ? "\n" : ",\n")
            buffer.append(0x20, times: 2 * level)
        } else if !first {
            buffer.append(0x2C)
        }
        buffer.append(0x22)
        append(key)
        append(pretty ? "\": " : "\":")
    }

    /// Closes an object whose members were `level` deep.
    @inline(__always)
    mutating func closeObject(indent level: Int) {
        if pretty { newline(indent: level - 1) }
        buffer.append(0x7D)
    }

    /// A number: an integer without a decimal point when whole and below 2^53 in magnitude,
    /// else the shortest text that reads back as the same double; `null` when not finite.
    mutating func number(_ x: Double) {
        guard x.isFinite else { append("null"); return }
        if x.rounded(.towardZero) == x && abs(x) < 9_007_199_254_740_992 {
            integer(Int64(x))   // also turns -0.0 into 0
        } else {
            var description = x.description
            description.withUTF8 { buffer.append($0) }
        }
    }

    mutating func integer(_ n: Int64) {
        if n < 0 { buffer.append(0x2D) }
        var magnitude = n.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            self.buffer.append(UnsafeRawBufferPointer(rebasing: buffer[(20 - count)...]))
        }
    }

    /// `s` as a JSON string literal: `"`, `\` and control characters escaped (`\n`, `\r`, `\t`,
    /// `\b`, `\f`, else `\u00XX`), and DEL, U+2028 and U+2029 as `\u` escapes (JavaScript
    /// reads those two as line ends); everything else as UTF-8.
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { string(utf8: $0) }
    }

    /// Bytes that may not be valid UTF-8 as a JSON string literal: those of the String they
    /// decode to (invalid sequences replaced by U+FFFD), as ``string(_:)``.
    mutating func string(repairing bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            string(utf8: bytes)
        } else {
            string(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// UTF-8 bytes (valid: a String's) as a JSON string literal, as ``string(_:)``.
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        do {
            buffer.append(0x22)
            var plainFrom = 0
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                var escape: StaticString?
                var width = 1
                var hex: UInt32?
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0x00..<0x20, 0x7F: hex = UInt32(b)
                case 0xE2 where i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    hex = utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029
                    width = 3
                default:
                    i += 1
                    continue
                }
                buffer.append(UnsafeBufferPointer(rebasing: utf8[plainFrom..<i]))
                if let escape { append(escape) }
                if let hex {
                    append("\\u")
                    for shift in stride(from: 12, through: 0, by: -4) {
                        let digit = UInt8((hex >> UInt32(shift)) & 0xF)
                        buffer.append(digit < 10 ? 0x30 + digit : 0x41 + digit - 10)
                    }
                }
                i += width
                plainFrom = i
            }
            buffer.append(UnsafeBufferPointer(rebasing: utf8[plainFrom..<n]))
            buffer.append(0x22)
        }
    }

    /// Any value, `level` levels deep (its continuation lines indented to match). Pretty
    /// output keeps arrays that hold only numbers (positions, bboxes) on one line.
    mutating func value(_ value: JSONValue, indent level: Int) {
        switch value {
        case .null: append("null")
        case .bool(let b): b ? append("true") : append("false")
        case .number(let x): number(x)
        case .string(let s): string(s)
        case .array(let elements):
            if elements.isEmpty {
                append("[]")
            } else if !pretty || elements.allSatisfy({ $0.doubleValue != nil }) {
                buffer.append(0x5B)
                for (i, element) in elements.enumerated() {
                    if i > 0 { pretty ? append(", ") : append(",") }
                    self.value(element, indent: level)
                }
                buffer.append(0x5D)
            } else {
                buffer.append(0x5B)
                for (i, element) in elements.enumerated() {
                    if i > 0 { buffer.append(0x2C) }
                    newline(indent: level + 1)
                    self.value(element, indent: level + 1)
                }
                newline(indent: level)
                buffer.append(0x5D)
            }
        case .object(let object):
            if object.isEmpty { append("{}"); return }
            buffer.append(0x7B)
            for (i, member) in object.enumerated() {
                if pretty {
                    if i > 0 { buffer.append(0x2C) }
                    newline(indent: level + 1)
                } else if i > 0 {
                    buffer.append(0x2C)
                }
                string(member.key)
                pretty ? append(": ") : append(":")
                self.value(member.value, indent: level + 1)
            }
            if pretty { newline(indent: level) }
            buffer.append(0x7D)
        }
    }

    /// The text as a String (it is valid UTF-8 by construction).
    var text: String { buffer.withBytes { String(decoding: $0, as: UTF8.self) } }
}
