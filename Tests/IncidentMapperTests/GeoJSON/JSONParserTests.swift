import Foundation
import Testing
@testable import IncidentMapper

@Suite("JSON parser and writer")
struct JSONParserTests {
    private func parse(_ text: String, maxDepth: Int = 512) throws(JSONParseError) -> JSONValue {
        try JSONParser(maxDepth: maxDepth).parse(Array(text.utf8))
    }

    private func failure(_ text: String) -> JSONParseError? {
        failure(bytes: Array(text.utf8))
    }

    private func failure(bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONParser().parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("Values, numbers and member order")
    func values() throws {
        let value = try parse(#" {"z": 1, "a": [true, false, null, -0.5, 1.5e3, 0, -12, 1E-2], "m": {}} "#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["a"] == [true, false, nil, -0.5, 1500, 0, -12, 0.01])
        #expect(value["z"]?.intValue == 1)
        #expect(value["m"] == .object([:]))
        #expect(try parse("9007199254740993") == .number(9007199254740992))  // beyond 2^53: nearest double
        #expect(try parse("\u{FEFF}[]") == [])  // a leading byte order mark is ignored
    }

    @Test("Duplicate member names are rejected with the member's path")
    func duplicates() throws {
        let error = try #require(failure(#"{"x": {"y": [0, {"a": 1, "b": 2, "a": 3}]}}"#))
        #expect(error.kind == .duplicateKey("a"))
        #expect(error.path.description == "x.y[1].a")
        #expect(error.offset == 33)
        #expect(error.description.contains("duplicate member name \"a\""))

        let lenient = try JSONParser(rejectsDuplicateKeys: false).parse(Array(#"{"a": 1, "b": 2, "a": 3}"#.utf8))
        #expect(lenient.objectValue?.keys == ["a", "b"])
        #expect(lenient["a"] == 3)
    }

    @Test("Escapes and surrogate pairs")
    func escapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t\u00e9\u20AC""#) == .string("\"\\/\u{08}\u{0C}\n\r\té€"))
        #expect(try parse(#""\uD83D\uDE00 ok""#) == .string("😀 ok"))
        #expect(try parse("\"raw UTF-8: Canaima ñ 😀\"") == .string("raw UTF-8: Canaima ñ 😀"))
        #expect(failure(#""\uD83D""#)?.kind == .loneSurrogate(0xD83D))
        #expect(failure(#""\uDE00""#)?.kind == .loneSurrogate(0xDE00))
        #expect(failure(#""\uD83D\u0041""#)?.kind == .loneSurrogate(0xD83D))
        #expect(failure(#""\u12G4""#)?.kind == .invalidUnicodeEscape)
        #expect(failure(#""\x""#)?.kind == .invalidEscape("x"))
        #expect(failure("\"tab\there\"")?.kind == .controlCharacterInString(0x09))
        #expect(failure(bytes: [0x22, 0xC3, 0x28, 0x22])?.kind == .invalidUTF8)
        #expect(failure(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22])?.kind == .invalidUTF8)  // encoded surrogate
        #expect(failure(bytes: [0x22, 0xC0, 0xAF, 0x22])?.kind == .invalidUTF8)  // overlong
    }

    struct BadText: Sendable, CustomTestStringConvertible {
        var text: String
        var kind: JSONParseError.Kind
        var testDescription: String { text }
    }

    static let badTexts: [BadText] = [
        .init(text: "", kind: .emptyInput),
        .init(text: "  \n ", kind: .emptyInput),
        .init(text: "{} x", kind: .trailingCharacters),
        .init(text: "[1] [2]", kind: .trailingCharacters),
        .init(text: "NaN", kind: .invalidLiteral("NaN")),
        .init(text: "[Infinity]", kind: .invalidLiteral("Infinity")),
        .init(text: "-Infinity", kind: .invalidLiteral("-Infinity")),
        .init(text: "tru", kind: .invalidLiteral("tru")),
        .init(text: "01", kind: .invalidNumber("01")),
        .init(text: "[1.]", kind: .invalidNumber("1.")),
        .init(text: "-", kind: .invalidNumber("-")),
        .init(text: "1e", kind: .invalidNumber("1e")),
        .init(text: "1e400", kind: .numberOutOfRange("1e400")),
        .init(text: ".5", kind: .unexpectedCharacter(found: "'.'", expected: "a value")),
        .init(text: "+1", kind: .unexpectedCharacter(found: "'+'", expected: "a value")),
        .init(text: "[1,]", kind: .unexpectedCharacter(found: "']'", expected: "a value")),
        .init(text: #"{"a": 1,}"#, kind: .unexpectedCharacter(found: "'}'", expected: "a member name in double quotes")),
        .init(text: "{'a': 1}", kind: .unexpectedCharacter(found: "'''", expected: "a member name in double quotes")),
        .init(text: #"{"a" 1}"#, kind: .unexpectedCharacter(found: "'1'", expected: "':' after the member name")),
        .init(text: #"["abc"#, kind: .unexpectedEndOfInput(expected: "'\"' to close the string")),
        .init(text: "[1, 2", kind: .unexpectedEndOfInput(expected: "',' or ']'")),
        .init(text: "[1 2]", kind: .unexpectedCharacter(found: "'2'", expected: "',' or ']' after an array element")),
        .init(text: "/* c */ 1", kind: .unexpectedCharacter(found: "'/'", expected: "a value")),
    ]

    @Test("Malformed texts are rejected", arguments: badTexts)
    func rejects(_ bad: BadText) {
        #expect(failure(bad.text)?.kind == bad.kind)
    }

    @Test("Errors carry line, column, byte offset and path")
    func location() throws {
        // The column counts Unicode scalars: "é" is two bytes but one column.
        let error = try #require(failure("{\n  \"wind speed\": [1,\n  \"é\", tru]\n}"))
        #expect(error.kind == .invalidLiteral("tru"))
        #expect(error.line == 3)
        #expect(error.column == 8)
        #expect(error.offset == 30)
        #expect(error.path.description == #"["wind speed"][2]"#)
        #expect(error.description == #"invalid literal tru (only true, false and null; NaN and Infinity are not JSON) at line 3, column 8 (byte 30), path ["wind speed"][2]"#)
    }

    @Test("Nesting deeper than the limit is rejected")
    func depthLimit() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try parse(deepest)
        let tooDeep = "[" + deepest + "]"
        #expect(failure(tooDeep)?.kind == .depthLimitExceeded(512))
        #expect(throws: JSONParseError.self) { try parse(#"{"a": {"b": 1}}"#, maxDepth: 1) }
    }

    @Test("The writer formats integers without a decimal point and escapes strings")
    func writer() throws {
        let value: JSONValue = [
            "n": [3, -180, 0.1, 1.5e300, 0.0000001, 9007199254740993.0, -0.0, .number(.nan)],
            "s": "quote \" backslash \\ newline \n nul \u{0} é 😀",
            "o": ["b": 1, "a": nil],
        ]
        let compact = JSONWriter.string(value)
        #expect(compact == #"{"n":[3,-180,0.1,1.5e+300,1e-07,9007199254740992.0,0,null],"s":"quote \" backslash \\ newline \n nul \u0000 é 😀","o":{"b":1,"a":null}}"#)
        #expect(try parse(compact)["s"] == value["s"])

        #expect(JSONWriter.string(["a": [1, 2], "b": [["x": true]], "c": [], "d": [:]], pretty: true) == """
            {
              "a": [1, 2],
              "b": [
                {
                  "x": true
                }
              ],
              "c": [],
              "d": {}
            }
            """)
    }

    @Test("Parse → write → parse is the identity")
    func roundTrip() throws {
        let text = #"{"type":"Feature","id":3,"properties":{"casualties":3,"ratio":0.25,"names":["a","b\u0001"],"ok":true,"none":null}}"#
        let value = try parse(text)
        #expect(JSONWriter.string(value) == text)
        #expect(try parse(JSONWriter.string(value, pretty: true)) == value)
    }
}
