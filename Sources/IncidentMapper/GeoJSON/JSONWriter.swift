import Foundation

/// Serialises ``JSONValue`` as RFC 8259 text, compact or pretty-printed.
///
/// Output is deterministic: members in the order of the ``JSONObject``; whole numbers with magnitude
/// below 2^53 without a decimal point (`3`, `-180`); other numbers in Swift's shortest round-trip form
/// (`0.1234567`, `1e-07`); non-finite numbers (not representable in JSON) as `null`. Strings escape
/// `"`, `\` and control characters; everything else is written as UTF-8.
///
/// Pretty output indents by two spaces and keeps arrays that hold only numbers (positions, bboxes)
/// on one line: `"coordinates": [-66.9, 10.5]`.
public struct JSONWriter: Sendable {
    /// Pretty-print (two-space indentation, one member per line) instead of compact output.
    public var pretty: Bool

    public init(pretty: Bool = false) {
        self.pretty = pretty
    }

    /// The JSON text of `value`.
    public func string(_ value: JSONValue) -> String {
        string(value, indentLevel: 0)
    }

    /// The JSON text of `value` as it is written `level` levels deep in a pretty document
    /// (its continuation lines indented to match), for writers that stream a document's members.
    public func string(_ value: JSONValue, indentLevel level: Int) -> String {
        var text = JSONText(pretty: pretty)
        text.value(value, indent: level)
        return text.text
    }

    /// The JSON text of `value` as UTF-8 (pretty output ends with a newline).
    public func data(_ value: JSONValue) -> Data {
        var text = string(value)
        if pretty { text += "\n" }
        return Data(text.utf8)
    }

    /// The JSON text of `value`.
    public static func string(_ value: JSONValue, pretty: Bool = false) -> String {
        JSONWriter(pretty: pretty).string(value)
    }

    /// The JSON text of a number: an integer without a decimal point when the value is whole and below
    /// 2^53 in magnitude, else the shortest text that reads back as the same double; `null` when not finite.
    public static func format(number x: Double) -> String {
        var text = JSONText(pretty: false)
        text.number(x)
        return text.text
    }

    /// `s` as a JSON string literal, quotes included.
    public static func quoted(_ s: String) -> String {
        var text = JSONText(pretty: false)
        text.string(s)
        return text.text
    }
}
