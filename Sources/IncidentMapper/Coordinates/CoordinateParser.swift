/// Reads a latitude/longitude pair as people copy it and returns it in decimal degrees.
///
/// Latitude comes first unless hemisphere letters say otherwise (`W32, S66` is read as latitude -66,
/// longitude -32). Accepted forms:
///
/// - Decimal degrees, signed or with hemispheres: `10.6, -66.99`, `10.6 -66.99`, `40.123°,-74.123°`,
///   `40.123N 74.123W`, `N66 W32`, `S 66, W 32`, `40.123° N 74.123° W`.
/// - Degrees, minutes and seconds with symbols, unit words or hemispheres: `10°36'00"N 66°59'24"W`,
///   `10°36.0'N 66°59.4'W`, `18°24S 22°45E` (minutes without a mark), `N40°7’22.8’’, W74°7’22.8’’`,
///   `40° 26.7717 -79° 56.93172`, `27deg 15min 45.2sec S`, `40:7:22.8N` (`s` alone means south).
///   Space-separated `40 7 22.8, -74 7 22.8` needs the comma (or a sign, colons or hemispheres) to
///   tell the halves apart.
/// - ICAO / NOTAM packed values glued to a hemisphere: `1036N06659W`, `103600N0665924W`,
///   `1030N 06655W`, `36N170W`, `4007.38N7407.38W`. The count of integer digits decides: latitude
///   1–2 = degrees, 4 = DDMM, 6 = DDMMSS; longitude 1–3 = degrees, 4 = DDMM, 5 = DDDMM,
///   6 = DDMMSS, 7 = DDDMMSS; a fraction belongs to the last unit.
/// - Decimal commas when the text cannot be read otherwise: `27,71372° S 23,07771° E`.
///
/// Symbols: degrees `°` `º` `˚` `d` `deg`; minutes `'` `′` `’` `‘` `´` `min`; seconds `"` `″` `”` `“`
/// and doubled minute marks (`''`, `’’`). Hemispheres `N S E W` in either case, before or after the
/// value, or the words north/south/east/west (and Spanish norte/sur/este/oeste).
///
/// Everything else is rejected with a ``CoordinateParseError`` naming the problem: out-of-range values,
/// minutes or seconds of 60 or more, a fraction before the last component, two hemispheres of one
/// axis, a sign contradicting its hemisphere, a hemisphere on one half only, unknown words, NaN.
///
/// ```swift
/// let aves = try CoordinateParser.parse(#"15°40'24"N 63°37'00"W"#)
/// // aves.latitude == 15.673333..., aves.longitude == -63.616666...
/// let notam = try CoordinateParser.parse("1130N 06615W")   // 11.5, -66.25
/// ```
public enum CoordinateParser {
    /// Parses `text` into a ``Coordinate``; leading and trailing whitespace is ignored.
    ///
    /// - Throws: ``CoordinateParseError`` whose `description` is a one-line reason.
    public static func parse(_ text: String) throws(CoordinateParseError) -> Coordinate {
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw .empty
        }
        do {
            return try parse(tokens: CoordinateTokenizer.tokenize(text))
        } catch {
            // `40,446195° 79,948862°`: commas between digits may be decimal commas, but only when
            // something else (a space or a semicolon) separates the halves: `10,5,66,5` could be
            // 10.5/66.5 or 10°05'/66°05' and is rejected as ambiguous.
            let separatedOtherwise = text.unicodeScalars.contains { $0.properties.isWhitespace || $0 == ";" }
            guard separatedOtherwise, CoordinateTokenizer.hasDecimalCommaCandidate(text),
                let tokens = try? CoordinateTokenizer.tokenize(text, decimalComma: true),
                let coordinate = try? parse(tokens: tokens)
            else { throw error }
            return coordinate
        }
    }

    // MARK: - Halves

    /// A number with its unit mark (if written) and whether a `:` joined it to the previous number.
    struct Component: Equatable {
        var number: NumberToken
        var unit: CoordinateParseError.Unit?
        var linkedToPrevious = false
    }

    /// A component or a hemisphere, in the order written.
    enum Item: Equatable {
        case component(Component)
        case hemisphere(Hemisphere)

        var hemisphere: Hemisphere? {
            if case .hemisphere(let h) = self { h } else { nil }
        }
    }

    /// One of latitude or longitude before its axis is known.
    struct Half {
        var hemisphere: Hemisphere?
        var components: [Component]
    }

    static func parse(tokens: [CoordinateToken]) throws(CoordinateParseError) -> Coordinate {
        let parts = tokens.split(omittingEmptySubsequences: false) {
            if case .separator = $0 { true } else { false }
        }
        guard parts.count <= 2 else { throw .tooManyValues(parts.count) }
        try checkHemisphereCount(tokens)
        let items = try parts.map { part throws(CoordinateParseError) in try Self.items(Array(part)) }

        let halves: [Half]
        if items.count == 2 {
            halves = [
                try half(items[0], position: .latitude),
                try half(items[1], position: .longitude),
            ]
        } else {
            halves = try splitUnseparated(items[0])
        }
        return try coordinate(halves[0], halves[1])
    }

    /// Attaches marks and `:` links to their numbers.
    static func items(_ tokens: [CoordinateToken]) throws(CoordinateParseError) -> [Item] {
        var items: [Item] = []
        var pendingLink = false
        for token in tokens {
            switch token {
            case .number(let number):
                items.append(.component(Component(number: number, linkedToPrevious: pendingLink)))
                pendingLink = false
            case .mark(let unit, let text):
                guard !pendingLink, case .component(var last)? = items.last, last.unit == nil else {
                    throw .unexpectedText(text)
                }
                last.unit = unit
                items[items.count - 1] = .component(last)
            case .hemisphere(let hemisphere):
                guard !pendingLink else { throw .unexpectedText(":") }
                items.append(.hemisphere(hemisphere))
            case .link:
                guard !pendingLink, case .component(let last)? = items.last, last.unit == nil else {
                    throw .unexpectedText(":")
                }
                pendingLink = true
            case .separator(let c):
                throw .unexpectedText(String(c))
            case .malformedNumber(let text):
                throw .malformedNumber(text)
            }
        }
        if pendingLink { throw .unexpectedText(":") }
        return items
    }

    /// Two hemispheres of the same axis (`S … S`) are an error however they are placed.
    static func checkHemisphereCount(_ tokens: [CoordinateToken]) throws(CoordinateParseError) {
        let hemispheres = tokens.compactMap { if case .hemisphere(let h) = $0 { h } else { nil } }
        for axis in [CoordinateParseError.Axis.latitude, .longitude] {
            let letters = hemispheres.filter { $0.axis == axis }
            if letters.count > 1 {
                throw .repeatedHemisphere(axis, letters[0].rawValue, letters[1].rawValue)
            }
        }
    }

    /// One side of a `,` `;` or `/`: a value with an optional hemisphere before or after it.
    static func half(
        _ items: [Item], position: CoordinateParseError.Axis
    ) throws(CoordinateParseError) -> Half {
        var items = items
        var hemisphere: Hemisphere?
        if let h = items.first?.hemisphere {
            hemisphere = h
            items.removeFirst()
        }
        if let h = items.last?.hemisphere {
            if let first = hemisphere { throw .hemisphereBeforeAndAfter(first.rawValue, h.rawValue) }
            hemisphere = h
            items.removeLast()
        }
        guard !items.isEmpty else { throw .missingValue(hemisphere?.axis ?? position) }
        var components: [Component] = []
        for item in items {
            switch item {
            case .component(let c): components.append(c)
            case .hemisphere(let h): throw .misplacedHemisphere(h.rawValue)
            }
        }
        return Half(hemisphere: hemisphere, components: components)
    }

    /// Finds the two halves when no separator was written: by hemisphere letters, else by structure.
    static func splitUnseparated(_ items: [Item]) throws(CoordinateParseError) -> [Half] {
        let hemispheres = items.compactMap(\.hemisphere)
        guard let firstHemisphere = hemispheres.first else {
            let components = items.compactMap { if case .component(let c) = $0 { c } else { nil } }
            return try splitByStructure(components).map { Half(hemisphere: nil, components: $0) }
        }
        guard hemispheres.count == 2 else {
            // One letter: either only one value was written or the other lacks its hemisphere.
            let other: CoordinateParseError.Axis = firstHemisphere.axis == .latitude ? .longitude : .latitude
            let numbers = items.count - hemispheres.count
            throw numbers == 1 ? .missingValue(other) : .missingHemisphere(other)
        }
        // Prefix letters (`N66 W32`) start a half; suffix letters (`66N 32W`) end one.
        let prefix = items.first?.hemisphere != nil
        let cut = items.dropFirst().firstIndex { $0.hemisphere != nil }! + (prefix ? 0 : 1)
        let first = Array(items[..<cut]), second = Array(items[cut...])
        let firstOK = prefix ? first.first?.hemisphere != nil : first.last?.hemisphere != nil
        let secondOK = prefix ? second.first?.hemisphere != nil : second.last?.hemisphere != nil
        guard firstOK, secondOK, first.count > 1, second.count > 1 else { throw .misplacedHemisphere(hemispheres[1].rawValue) }
        return [
            try half(first, position: .latitude),
            try half(second, position: .longitude),
        ]
    }

    /// Splits unmarked-or-marked numbers without separator or hemispheres into two values:
    /// a sign or a degree mark starts a new value; `40 7 22.8 74 7 22.8` is ambiguous.
    static func splitByStructure(_ components: [Component]) throws(CoordinateParseError) -> [[Component]] {
        let runs =
            components.allSatisfy { $0.unit == nil }
            ? unmarkedRuns(components) : markedRuns(components)
        switch runs.count {
        case 2: return runs
        case 1: throw .missingValue(.longitude)
        default:
            let plain = components.allSatisfy { $0.unit == nil && !$0.linkedToPrevious }
            let innerSign = components.dropFirst().contains { $0.number.sign != nil }
            throw plain && !innerSign ? .ambiguousNumbers(components.count) : .tooManyValues(runs.count)
        }
    }

    /// `66 32`, `40:7:22.8 -74:7:22.8`, `40 7 -74 7`: colons join, inner signs split, else one number each.
    static func unmarkedRuns(_ components: [Component]) -> [[Component]] {
        let linked = components.contains { $0.linkedToPrevious }
        let innerSign = components.dropFirst().contains { $0.number.sign != nil }
        var runs: [[Component]] = []
        for c in components {
            let startsRun =
                runs.isEmpty || (linked ? !c.linkedToPrevious : innerSign ? c.number.sign != nil : true)
            if startsRun { runs.append([c]) } else { runs[runs.count - 1].append(c) }
        }
        return runs
    }

    /// `40°7’23" -74°7’23"`, `40° 26.7717 -79° 56.93172`: a signed degree value or a unit that does not
    /// follow the previous one starts a new value; unmarked numbers take the next unit.
    static func markedRuns(_ components: [Component]) -> [[Component]] {
        var runs: [[Component]] = []
        var lastUnit = CoordinateParseError.Unit.seconds
        for c in components {
            let unit = c.unit ?? lastUnit.next ?? .degrees
            let signedDegrees = c.number.sign != nil && unit == .degrees
            let startsRun = runs.isEmpty || signedDegrees || unit <= lastUnit
            if startsRun { runs.append([c]) } else { runs[runs.count - 1].append(c) }
            lastUnit = startsRun ? (c.unit ?? .degrees) : unit
        }
        return runs
    }

    // MARK: - Values

    /// Puts the halves on their axes (swapping `W32, S66`) and converts both.
    static func coordinate(_ a: Half, _ b: Half) throws(CoordinateParseError) -> Coordinate {
        switch (a.hemisphere, b.hemisphere) {
        case (nil, nil):
            break
        case (let h?, nil), (nil, let h?):
            throw .missingHemisphere(h.axis == .latitude ? .longitude : .latitude)
        case (let h?, _?):
            if h.axis == .longitude { return try coordinate(b, a) }
        }
        return Coordinate(
            latitude: try value(a, axis: .latitude),
            longitude: try value(b, axis: .longitude))
    }

    /// A (possibly unit-less) part of a value after units have been assigned.
    struct Part {
        var unit: CoordinateParseError.Unit
        var value: Double
        var hasFraction: Bool
        var sign: Character?
    }

    /// Decimal degrees of one half, checked against its axis.
    static func value(_ half: Half, axis: CoordinateParseError.Axis) throws(CoordinateParseError) -> Double {
        let parts =
            if let only = half.components.first, half.hemisphere != nil, half.components.count == 1,
                only.unit == nil
            {
                try unpack(only.number, axis: axis)
            } else {
                try assignUnits(half.components)
            }
        try validate(parts)
        let magnitude = parts.reduce(0.0) { sum, part in
            switch part.unit {
            case .degrees: sum + part.value
            case .minutes: sum + part.value / 60
            case .seconds: sum + part.value / 3600
            }
        }
        let negative = try isNegative(sign: parts[0].sign, hemisphere: half.hemisphere)
        let result = negative ? -magnitude : magnitude
        guard magnitude <= axis.limit else { throw .outOfRange(axis, result) }
        return result
    }

    /// Units from marks, or in order degrees → minutes → seconds for unmarked numbers.
    static func assignUnits(_ components: [Component]) throws(CoordinateParseError) -> [Part] {
        var parts: [Part] = []
        for c in components {
            let unit: CoordinateParseError.Unit
            if let previous = parts.last?.unit {
                guard let next = c.unit ?? previous.next else { throw .tooManyComponents }
                guard next > previous else { throw .misorderedComponent(next, after: previous) }
                unit = next
            } else {
                unit = c.unit ?? .degrees
                guard unit == .degrees else { throw .missingDegrees(unit, c.number.magnitude) }
            }
            parts.append(
                Part(unit: unit, value: c.number.magnitude, hasFraction: c.number.hasFraction, sign: c.number.sign))
        }
        return parts
    }

    /// ICAO packed digits (`1036`, `06659`, `0665924`): the integer digit count fixes the layout.
    static func unpack(_ number: NumberToken, axis: CoordinateParseError.Axis) throws(CoordinateParseError) -> [Part] {
        if number.exponent != nil {   // scientific notation is decimal degrees, never packed digits
            return [Part(unit: .degrees, value: number.magnitude, hasFraction: true, sign: number.sign)]
        }
        let digits = Array(number.integerDigits)
        let widths: [Int]
        switch (axis, digits.count) {
        case (.latitude, 0...2), (.longitude, 0...3): widths = [digits.count]
        case (_, 4): widths = [2, 2]
        case (.longitude, 5): widths = [3, 2]
        case (_, 6): widths = [2, 2, 2]
        case (.longitude, 7): widths = [3, 2, 2]
        default: throw .badPackedDigits(axis, number.text)
        }
        var parts: [Part] = []
        var start = 0
        for (i, width) in widths.enumerated() {
            let isLast = i == widths.count - 1
            var text = String(digits[start..<start + width])
            if text.isEmpty { text = "0" }
            if isLast, let fraction = number.fractionDigits { text += "." + fraction }
            parts.append(
                Part(
                    unit: CoordinateParseError.Unit(rawValue: i)!, value: Double(text) ?? .nan,
                    hasFraction: isLast && number.hasFraction, sign: i == 0 ? number.sign : nil))
            start += width
        }
        return parts
    }

    /// Minutes and seconds below 60 and not negative; only the last part may have a fraction.
    static func validate(_ parts: [Part]) throws(CoordinateParseError) {
        for (i, part) in parts.enumerated() {
            guard part.value.isFinite else { throw .notFinite(String(part.value)) }
            if i > 0, let sign = part.sign {
                throw sign == "-" ? .negativeComponent(part.unit, part.value) : .unexpectedText(String(sign))
            }
            if part.hasFraction, i < parts.count - 1 {
                throw .fractionNotLast(part.unit, followedBy: parts[i + 1].unit)
            }
            if part.unit != .degrees, part.value >= 60 {
                throw .componentTooLarge(part.unit, part.value)
            }
        }
    }

    /// A minus sign or a south/west letter make the value negative; a sign must not contradict the letter.
    static func isNegative(sign: Character?, hemisphere: Hemisphere?) throws(CoordinateParseError) -> Bool {
        guard let hemisphere else { return sign == "-" }
        if let sign, (sign == "-") != hemisphere.isNegative {
            throw .signContradictsHemisphere(sign, hemisphere.rawValue)
        }
        return hemisphere.isNegative
    }
}

extension CoordinateParseError.Axis {
    /// 90 for latitude, 180 for longitude.
    var limit: Double { self == .latitude ? 90 : 180 }
}

extension CoordinateParseError.Unit: Comparable {
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The unit written after this one (minutes after degrees), or nil after seconds.
    var next: Self? { Self(rawValue: rawValue + 1) }
}

/// Why a coordinate string could not be read; `description` is a one-line, actionable message.
///
/// ```swift
/// do { _ = try CoordinateParser.parse("8°83S 35°67E") }
/// catch { print(error) }   // minutes 83 must be below 60
/// ```
public enum CoordinateParseError: Error, Equatable, CustomStringConvertible {
    /// Latitude or longitude.
    public enum Axis: Sendable, Equatable {
        case latitude, longitude
    }

    /// A sexagesimal unit.
    public enum Unit: Int, Sendable, Equatable {
        case degrees, minutes, seconds
    }

    /// Nothing but whitespace.
    case empty
    /// A word or symbol that is not part of a coordinate (`cruft`, `th` in `5th`).
    case unexpectedText(String)
    /// `nan`, `inf`, or a number too large to represent.
    case notFinite(String)
    /// A number with two decimal points (`27.45.34`).
    case malformedNumber(String)
    /// Only one of latitude or longitude was written.
    case missingValue(Axis)
    /// More than two values (separators or structure give this many).
    case tooManyValues(Int)
    /// This many unmarked numbers with no separator, sign or hemisphere to split them.
    case ambiguousNumbers(Int)
    /// Two hemisphere letters of one axis (`S … S`).
    case repeatedHemisphere(Axis, Character, Character)
    /// One half has a hemisphere letter and the other (this axis) has none.
    case missingHemisphere(Axis)
    /// A hemisphere letter in the middle of a value, or prefix and suffix letters mixed.
    case misplacedHemisphere(Character)
    /// One value with a hemisphere letter both before and after it.
    case hemisphereBeforeAndAfter(Character, Character)
    /// A `+` with S/W or a `-` with N/E.
    case signContradictsHemisphere(Character, Character)
    /// The value (signed, decimal degrees) is beyond ±90 or ±180.
    case outOfRange(Axis, Double)
    /// Minutes or seconds of 60 or more.
    case componentTooLarge(Unit, Double)
    /// A minus sign on minutes or seconds.
    case negativeComponent(Unit, Double)
    /// A decimal fraction on a unit that is followed by a smaller one (`40.5° 30'`).
    case fractionNotLast(Unit, followedBy: Unit)
    /// Units out of order (`minutes` after `seconds`, two degree values in one half).
    case misorderedComponent(Unit, after: Unit)
    /// A value that starts with minutes or seconds.
    case missingDegrees(Unit, Double)
    /// More than degrees, minutes and seconds in one value.
    case tooManyComponents
    /// ICAO packed digits of a length that fits no layout (latitude `123N`, `12345N`).
    case badPackedDigits(Axis, String)

    public var description: String {
        switch self {
        case .empty:
            "empty coordinate"
        case .unexpectedText(let text):
            "unexpected text '\(text.clippedForMessage())'"
        case .notFinite(let text):
            "'\(text.clippedForMessage())' is not a finite number"
        case .malformedNumber(let text):
            "malformed number '\(text.clippedForMessage())' (more than one decimal point)"
        case .missingValue(let axis):
            "missing \(axis); write latitude and longitude"
        case .tooManyValues(let count):
            "\(count) values found; expected only latitude and longitude"
        case .ambiguousNumbers(let count):
            "\(count) numbers without marks: separate latitude and longitude with a comma"
        case .repeatedHemisphere(let axis, let a, let b):
            "two \(axis) hemispheres (\(a) … \(b))"
        case .missingHemisphere(let axis):
            "missing \(axis) hemisphere (\(axis == .latitude ? "N/S" : "E/W")): give both halves a letter or neither"
        case .misplacedHemisphere(let letter):
            "hemisphere '\(letter)' is misplaced: put letters all before or all after their values"
        case .hemisphereBeforeAndAfter(let a, let b):
            "hemisphere letters both before and after one value (\(a) … \(b))"
        case .signContradictsHemisphere(let sign, let letter):
            "sign '\(sign)' contradicts hemisphere \(letter)"
        case .outOfRange(let axis, let value):
            "\(axis) \(Self.format(value)) is beyond ±\(Int(axis.limit))"
        case .componentTooLarge(let unit, let value):
            "\(unit) \(Self.format(value)) must be below 60"
        case .negativeComponent(let unit, let value):
            "\(unit) -\(Self.format(value)) must not be negative"
        case .fractionNotLast(let unit, let next):
            "decimal \(unit) cannot be followed by \(next)"
        case .misorderedComponent(let unit, let previous):
            "\(unit) cannot follow \(previous) in one value"
        case .missingDegrees(let unit, let value):
            "\(unit) \(Self.format(value)) without degrees"
        case .tooManyComponents:
            "more than degrees, minutes and seconds in one value"
        case .badPackedDigits(let axis, let text):
            "'\(text)' is not a packed \(axis): use \(axis == .latitude ? "DD, DDMM or DDMMSS" : "DDD, DDMM, DDDMM, DDMMSS or DDDMMSS") digits"
        }
    }

    /// Up to six decimals, no trailing zeros (`90.071583`, `83`); all digits when rounding would hide
    /// the fraction (`90.0000001`).
    static func format(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
        if value == value.rounded() { return "\(Int(value))" }
        let rounded = (value * 1e6).rounded() / 1e6
        return rounded == rounded.rounded() ? "\(value)" : "\(rounded)"
    }
}
