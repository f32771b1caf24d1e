/// A hemisphere letter (or word) attached to a coordinate value.
enum Hemisphere: Character, Sendable {
    case north = "N", south = "S", east = "E", west = "W"

    var axis: CoordinateParseError.Axis {
        switch self {
        case .north, .south: .latitude
        case .east, .west: .longitude
        }
    }

    /// South and west are the negative hemispheres.
    var isNegative: Bool { self == .south || self == .west }
}

/// One number as written: its optional sign, integer digits and optional fraction digits.
struct NumberToken: Equatable, Sendable {
    var sign: Character?
    var integerDigits: String
    var fractionDigits: String?
    /// A decimal exponent as in `9.1545929720554e-05` (how programs print small numbers).
    var exponent: String?

    /// True for a value with a fraction or an exponent: a decimal number, never packed ICAO digits.
    var hasFraction: Bool { fractionDigits != nil || exponent != nil }

    /// The unsigned value of the digits.
    var magnitude: Double {
        let mantissa = (integerDigits.isEmpty ? "0" : integerDigits) + (fractionDigits.map { "." + $0 } ?? "")
        return Double(mantissa + (exponent.map { "e" + $0 } ?? "")) ?? .nan
    }

    var text: String {
        (sign.map(String.init) ?? "") + integerDigits + (fractionDigits.map { "." + $0 } ?? "")
            + (exponent.map { "e" + $0 } ?? "")
    }
}

/// A lexical unit of a coordinate string.
enum CoordinateToken: Equatable, Sendable {
    case number(NumberToken)
    /// A degree, minute or second mark (symbol or word such as `d`, `min`, `sec`), with the text it was written as.
    case mark(CoordinateParseError.Unit, String)
    case hemisphere(Hemisphere)
    /// `,` `;` or `/` between latitude and longitude.
    case separator(Character)
    /// `:` between the parts of a sexagesimal value (`40:7:22.8`).
    case link
    /// A number with more than one decimal point (`27.45.34`); reported after hemisphere checks.
    case malformedNumber(String)
}

/// Splits coordinate text into ``CoordinateToken``s by hand (no regular expressions).
///
/// Numbers never carry an exponent; letters are read in runs so `N40` and `40N` both give a hemisphere
/// and a number, while an unknown word (`cruft`, `th` of `5th`) is reported as unexpected text.
struct CoordinateTokenizer {
    private let scalars: [Unicode.Scalar]
    /// When true, a comma between two digits (`40,446195`) is a decimal comma, not a separator.
    private let decimalComma: Bool
    private var index = 0

    private init(_ text: String, decimalComma: Bool) {
        self.scalars = Array(text.unicodeScalars)
        self.decimalComma = decimalComma
    }

    /// The tokens of `text`, or the first piece of text that is not part of a coordinate.
    static func tokenize(
        _ text: String, decimalComma: Bool = false
    ) throws(CoordinateParseError) -> [CoordinateToken] {
        var tokenizer = CoordinateTokenizer(text, decimalComma: decimalComma)
        return try tokenizer.run()
    }

    /// True when `text` has a comma with a digit immediately on both sides (`40,5`), which could be a
    /// decimal comma.
    static func hasDecimalCommaCandidate(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        return s.indices.dropFirst().dropLast().contains { i in
            s[i] == "," && isDigit(s[i - 1]) && isDigit(s[i + 1])
        }
    }

    // MARK: - Scanning

    private mutating func run() throws(CoordinateParseError) -> [CoordinateToken] {
        var tokens: [CoordinateToken] = []
        while let c = peek() {
            if c.properties.isWhitespace {
                index += 1
            } else if Self.isDigit(c) || (c == "." && peek(1).map(Self.isDigit) == true) {
                tokens.append(number(sign: nil))
            } else if let sign = Self.sign(c) {
                tokens.append(try signedNumber(sign))
            } else if let mark = mark() {
                tokens.append(mark)
            } else if c == "," || c == ";" || c == "/" {
                tokens.append(.separator(Character(c)))
                index += 1
            } else if c == ":" {
                tokens.append(.link)
                index += 1
            } else if c.properties.isAlphabetic {
                tokens.append(try word())
            } else {
                throw .unexpectedText(String(Character(c)))
            }
        }
        return tokens
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    /// `-`, `+` and the Unicode minus sign.
    private static func sign(_ c: Unicode.Scalar) -> Character? {
        switch c {
        case "-", "\u{2212}": "-"
        case "+": "+"
        default: nil
        }
    }

    private mutating func signedNumber(_ sign: Character) throws(CoordinateParseError) -> CoordinateToken {
        let next = peek(1)
        let startsNumber = next.map { Self.isDigit($0) || ($0 == "." && peek(2).map(Self.isDigit) == true) }
        guard startsNumber == true else { throw .unexpectedText(String(sign)) }
        index += 1
        return number(sign: sign)
    }

    private mutating func digits() -> String {
        var result = ""
        while let c = peek(), Self.isDigit(c) {
            result.unicodeScalars.append(c)
            index += 1
        }
        return result
    }

    private func isDecimalPoint(_ c: Unicode.Scalar?) -> Bool {
        guard let c, c == "." || (decimalComma && c == ",") else { return false }
        return peek(1).map(Self.isDigit) == true
    }

    private mutating func number(sign: Character?) -> CoordinateToken {
        var token = NumberToken(sign: sign, integerDigits: digits())
        if isDecimalPoint(peek()) {
            index += 1
            token.fractionDigits = digits()
        }
        // An exponent needs digits right after the e (optionally signed), so `10E` stays East.
        if let e = peek(), e == "e" || e == "E" {
            if let d = peek(1), Self.isDigit(d) {
                index += 1
                token.exponent = digits()
            } else if let s = peek(1), s == "-" || s == "+", let d = peek(2), Self.isDigit(d) {
                index += 2
                token.exponent = String(Character(s)) + digits()
            }
        }
        // A second point (`27.45.34`) is not a number this parser reads.
        if peek() == ".", peek(1).map(Self.isDigit) == true {
            var text = token.text
            while let c = peek(), c == "." || Self.isDigit(c) {
                text.unicodeScalars.append(c)
                index += 1
            }
            return .malformedNumber(text)
        }
        return .number(token)
    }

    /// A degree, minute or second symbol; two minute marks in a row (`''`, `’’`, `´´`) are seconds.
    private mutating func mark() -> CoordinateToken? {
        guard let c = peek() else { return nil }
        let text = String(Character(c))
        switch c {
        case "°", "º", "˚":
            index += 1
            return .mark(.degrees, text)
        case "'", "′", "’", "‘", "´", "ʹ":
            if let next = peek(1), Self.isMinuteSymbol(next) {
                index += 2
                return .mark(.seconds, text + String(Character(next)))
            }
            index += 1
            return .mark(.minutes, text)
        case "\"", "″", "”", "“", "ʺ":
            index += 1
            return .mark(.seconds, text)
        default:
            return nil
        }
    }

    private static func isMinuteSymbol(_ c: Unicode.Scalar) -> Bool {
        ["'", "′", "’", "‘", "´", "ʹ"].contains(c)
    }

    /// A run of letters: a hemisphere, a unit word, or unexpected text.
    private mutating func word() throws(CoordinateParseError) -> CoordinateToken {
        var text = ""
        while let c = peek(), c.properties.isAlphabetic {
            text.unicodeScalars.append(c)
            index += 1
        }
        switch text.lowercased() {
        case "n", "north", "norte": return .hemisphere(.north)
        case "s", "south", "sur": return .hemisphere(.south)
        case "e", "east", "este": return .hemisphere(.east)
        case "w", "west", "oeste": return .hemisphere(.west)
        case "d", "deg", "degree", "degrees": return .mark(.degrees, text)
        case "m", "min", "mins", "minute", "minutes": return .mark(.minutes, text)
        case "sec", "secs", "second", "seconds": return .mark(.seconds, text)
        case "nan", "inf", "infinity": throw .notFinite(text)
        default: throw .unexpectedText(text)
        }
    }
}
