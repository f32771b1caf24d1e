/// Why and where ``JSONParser`` rejected a text.
///
/// `offset` is the zero-based byte offset of the problem in the UTF-8 input; `line` and `column` are
/// one-based (the column counts Unicode scalars, not bytes); `path` is the value being read
/// (for a duplicate member, the path of that member).
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// The input holds no JSON value (empty or only whitespace).
        case emptyInput
        /// The input ended inside a value.
        case unexpectedEndOfInput(expected: String)
        /// A character that cannot appear here.
        case unexpectedCharacter(found: String, expected: String)
        /// A literal that is not `true`, `false` or `null` (this includes `NaN` and `Infinity`).
        case invalidLiteral(String)
        /// A number that breaks the RFC 8259 number grammar (leading zeros, `1.`, `.5`, `+1`, ...).
        case invalidNumber(String)
        /// A number too large for a double (I-JSON: not interoperable).
        case numberOutOfRange(String)
        /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
        case invalidEscape(String)
        /// A `\u` escape without four hex digits.
        case invalidUnicodeEscape
        /// A UTF-16 surrogate escape that is not part of a high/low pair.
        case loneSurrogate(UInt16)
        /// An unescaped control character (U+0000 to U+001F) inside a string.
        case controlCharacterInString(UInt8)
        /// Bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// An object with two members of the same name (I-JSON, RFC 7493 §2.3).
        case duplicateKey(String)
        /// Something other than whitespace after the top-level value.
        case trailingCharacters
        /// Arrays and objects nested deeper than the parser's limit.
        case depthLimitExceeded(Int)
    }

    /// What went wrong.
    public var kind: Kind
    /// Zero-based byte offset in the input.
    public var offset: Int
    /// One-based line number.
    public var line: Int
    /// One-based column (in Unicode scalars).
    public var column: Int
    /// The value being read when the problem was found.
    public var path: JSONPath

    public init(kind: Kind, offset: Int, line: Int = 0, column: Int = 0, path: JSONPath = .root) {
        self.kind = kind
        self.offset = offset
        self.line = line
        self.column = column
        self.path = path
    }

    /// A sentence describing the problem, without its location.
    public var message: String {
        switch kind {
        case .emptyInput: "no JSON value in the input"
        case .unexpectedEndOfInput(let expected): "unexpected end of input, expected \(expected)"
        case .unexpectedCharacter(let found, let expected): "unexpected \(found.clippedForMessage()), expected \(expected)"
        case .invalidLiteral(let text): "invalid literal \(text.clippedForMessage()) (only true, false and null; NaN and Infinity are not JSON)"
        case .invalidNumber(let text): "invalid number \(text.clippedForMessage())"
        case .numberOutOfRange(let text): "number \(text.clippedForMessage()) is out of the range of a double"
        case .invalidEscape(let text): "invalid escape \\\(text) in string"
        case .invalidUnicodeEscape: "\\u escape needs four hexadecimal digits"
        case .loneSurrogate(let unit): "lone UTF-16 surrogate \\u\(String(unit, radix: 16, uppercase: true)) in string"
        case .controlCharacterInString(let byte): "unescaped control character U+\(String(format2: byte)) in string"
        case .invalidUTF8: "invalid UTF-8"
        case .duplicateKey(let key): "duplicate member name \(JSONWriter.quoted(key).clippedForMessage()) in object"
        case .trailingCharacters: "unexpected characters after the JSON value"
        case .depthLimitExceeded(let limit): "arrays and objects nested deeper than \(limit) levels"
        }
    }

    /// One line: the message, the line and column, the byte offset and the path.
    public var description: String {
        "\(message) at line \(line), column \(column) (byte \(offset)), path \(path.description.clippedForMessage(200))"
    }
}

extension String {
    /// Four uppercase hex digits of a byte, for U+00XX.
    fileprivate init(format2 byte: UInt8) {
        let hex = String(byte, radix: 16, uppercase: true)
        self = String(repeating: "0", count: 4 - hex.count) + hex
    }
}
