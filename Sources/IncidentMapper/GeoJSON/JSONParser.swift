import Foundation

/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Strict means: exactly one value surrounded by optional whitespace (space, tab, CR, LF); no comments,
/// trailing commas, single quotes, `NaN`/`Infinity`, leading zeros or unescaped control characters;
/// well-formed UTF-8 only; `\u` surrogates must pair up; numbers must fit in a double. Objects with
/// two members of the same name are rejected by default (I-JSON, RFC 7493), because readers disagree
/// on which one wins. A leading UTF-8 byte order mark is ignored (RFC 8259 §8.1 allows that).
///
/// ```swift
/// let value = try JSONParser().parse(Array(#"{"a": [1, 2.5, "x"]}"#.utf8))
/// ```
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted (the root container is level 1).
    public var maxDepth: Int
    /// When true (the default), an object with a repeated member name is an error;
    /// when false, the last value wins (at the position of the first).
    public var rejectsDuplicateKeys: Bool

    public init(maxDepth: Int = 512, rejectsDuplicateKeys: Bool = true) {
        self.maxDepth = maxDepth
        self.rejectsDuplicateKeys = rejectsDuplicateKeys
    }

    /// Parses one JSON text.
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        var scanner = JSONScanner(bytes: bytes, maxDepth: maxDepth, rejectsDuplicateKeys: rejectsDuplicateKeys)
        do {
            return try scanner.parseDocument()
        } catch {
            var located = error
            (located.line, located.column) = JSONScanner.lineAndColumn(of: error.offset, in: bytes)
            throw located
        }
    }

    /// Parses one JSON text.
    public func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        try parse([UInt8](data))
    }

    /// Parses one JSON text.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// The cursor behind ``JSONParser``: recursive descent over a byte array.
struct JSONScanner {
    let bytes: [UInt8]
    let maxDepth: Int
    let rejectsDuplicateKeys: Bool
    var position = 0
    var depth = 0

    init(bytes: [UInt8], maxDepth: Int, rejectsDuplicateKeys: Bool) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.rejectsDuplicateKeys = rejectsDuplicateKeys
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        skipWhitespace()
        guard position < bytes.count else { throw JSONParseError(kind: .emptyInput, offset: position) }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw JSONParseError(kind: .trailingCharacters, offset: position) }
        return value
    }

    // MARK: Values

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw endOfInput(expecting: "a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"),
             UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return try parseLiteral()
        default:
            throw unexpected(expecting: "a value")
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw endOfInput(expecting: "a member name") }
            guard bytes[position] == UInt8(ascii: "\"") else { throw unexpected(expecting: "a member name in double quotes") }
            let keyOffset = position
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after the member name")
            skipWhitespace()
            let value: JSONValue
            do {
                value = try parseValue()
            } catch {
                var e = error
                e.path = e.path.prepending(.key(key))
                throw e
            }
            if !object.appendUnique(key: key, value: value) {
                if rejectsDuplicateKeys {
                    throw JSONParseError(kind: .duplicateKey(key), offset: keyOffset, path: JSONPath([.key(key)]))
                }
                object[key] = value
            }
            skipWhitespace()
            guard position < bytes.count else { throw endOfInput(expecting: "',' or '}'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(object)
            default:
                throw unexpected(expecting: "',' or '}' after an object member")
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            do {
                elements.append(try parseValue())
            } catch {
                var e = error
                e.path = e.path.prepending(.index(elements.count))
                throw e
            }
            skipWhitespace()
            guard position < bytes.count else { throw endOfInput(expecting: "',' or ']'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw unexpected(expecting: "',' or ']' after an array element")
            }
        }
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw JSONParseError(kind: .depthLimitExceeded(maxDepth), offset: position) }
    }

    mutating func parseLiteral() throws(JSONParseError) -> JSONValue {
        let start = position
        while position < bytes.count, isLetter(bytes[position]) { position += 1 }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: throw JSONParseError(kind: .invalidLiteral(word), offset: start)
        }
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < bytes.count, isDigit(bytes[position]) else {
            if position < bytes.count, isLetter(bytes[position]) {
                // -Infinity, -NaN
                while position < bytes.count, isLetter(bytes[position]) { position += 1 }
                throw JSONParseError(kind: .invalidLiteral(text(start..<position)), offset: start)
            }
            throw JSONParseError(kind: .invalidNumber(numberText(from: start)), offset: start)
        }
        var integer: Int64 = 0
        var digits = 0
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw JSONParseError(kind: .invalidNumber(numberText(from: start)), offset: start)
            }
            digits = 1
        } else {
            while position < bytes.count, isDigit(bytes[position]) {
                if digits < 18 { integer = integer * 10 + Int64(bytes[position] - UInt8(ascii: "0")) }
                digits += 1
                position += 1
            }
        }
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw JSONParseError(kind: .invalidNumber(numberText(from: start)), offset: start)
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw JSONParseError(kind: .invalidNumber(numberText(from: start)), offset: start)
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if isInteger && digits <= 15 {
            // Exact in a double: no need for the decimal conversion.
            let value = Double(integer)
            return negative ? -value : value
        }
        let literal = text(start..<position)
        guard let value = Double(literal), value.isFinite else {
            throw JSONParseError(kind: .numberOutOfRange(literal), offset: start)
        }
        return value
    }

    /// The text of a malformed number, up to the next delimiter, for the message.
    func numberText(from start: Int) -> String {
        var end = start + 1
        while end < bytes.count, !isDelimiter(bytes[end]) { end += 1 }
        return text(start..<min(end, start + 40))
    }

    // MARK: Strings

    mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return s
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw JSONParseError(kind: .controlCharacterInString(byte), offset: position) }
            if byte < 0x80 { position += 1 } else { try skipUTF8Sequence() }
        }
        var buffer = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw JSONParseError(kind: .controlCharacterInString(byte), offset: position)
            case 0x20..<0x80:
                buffer.append(byte)
                position += 1
            default:
                let sequenceStart = position
                try skipUTF8Sequence()
                buffer.append(contentsOf: bytes[sequenceStart..<position])
            }
        }
        throw endOfInput(expecting: "'\"' to close the string")
    }

    mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = position
        position += 1  // backslash
        guard position < bytes.count else { throw endOfInput(expecting: "an escape character") }
        let c = bytes[position]
        position += 1
        switch c {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            let scalarValue: UInt32
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed by \u and a low surrogate.
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else {
                    throw JSONParseError(kind: .loneSurrogate(unit), offset: escapeStart)
                }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONParseError(kind: .loneSurrogate(unit), offset: escapeStart)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw JSONParseError(kind: .loneSurrogate(unit), offset: escapeStart)
            } else {
                scalarValue = UInt32(unit)
            }
            // Every value here is a valid scalar (surrogates were handled above).
            let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
            buffer.append(contentsOf: UTF8.encode(scalar)!)
        default:
            let shown = c < 0x80 && c >= 0x20 ? String(UnicodeScalar(c)) : "byte 0x\(String(c, radix: 16))"
            throw JSONParseError(kind: .invalidEscape(shown), offset: escapeStart)
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard position + 4 <= bytes.count else {
            throw JSONParseError(kind: .invalidUnicodeEscape, offset: position)
        }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw JSONParseError(kind: .invalidUnicodeEscape, offset: position)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// Steps over one well-formed multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates,
    /// nothing above U+10FFFF).
    mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = bytes[position]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw JSONParseError(kind: .invalidUTF8, offset: position)
        }
        guard position + length <= bytes.count else { throw JSONParseError(kind: .invalidUTF8, offset: position) }
        guard secondRange.contains(bytes[position + 1]) else { throw JSONParseError(kind: .invalidUTF8, offset: position) }
        for k in 2..<length where !(0x80...0xBF).contains(bytes[position + k]) {
            throw JSONParseError(kind: .invalidUTF8, offset: position)
        }
        position += length
    }

    // MARK: Helpers

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONParseError) {
        guard position < bytes.count else { throw endOfInput(expecting: what) }
        guard bytes[position] == byte else { throw unexpected(expecting: what) }
        position += 1
    }

    func endOfInput(expecting what: String) -> JSONParseError {
        JSONParseError(kind: .unexpectedEndOfInput(expected: what), offset: position)
    }

    func unexpected(expecting what: String) -> JSONParseError {
        let b = bytes[position]
        let found: String
        if b >= 0x20 && b < 0x7F {
            found = "'\(String(UnicodeScalar(b)))'"
        } else {
            found = "byte 0x" + (b < 0x10 ? "0" : "") + String(b, radix: 16, uppercase: true)
        }
        return JSONParseError(kind: .unexpectedCharacter(found: found, expected: what), offset: position)
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"): true
        default: false
        }
    }

    /// One-based line and column (in Unicode scalars) of a byte offset.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for b in bytes[0..<min(offset, bytes.count)] {
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
