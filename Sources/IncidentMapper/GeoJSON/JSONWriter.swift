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
        var out = ""
        write(value, into: &out, indent: 0)
        return out
    }

    /// The JSON text of `value` as it is written `level` levels deep in a pretty document
    /// (its continuation lines indented to match), for writers that stream a document's members.
    public func string(_ value: JSONValue, indentLevel level: Int) -> String {
        var out = ""
        write(value, into: &out, indent: level)
        return out
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
        guard x.isFinite else { return "null" }
        if x.rounded(.towardZero) == x && abs(x) < 9_007_199_254_740_992 {
            return String(Int64(x))  // also turns -0.0 into 0
        }
        return x.description
    }

    /// `s` as a JSON string literal, quotes included.
    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        // Most strings need no escape: checked byte by byte, then appended whole (appending
        // scalar by scalar was a third of an export's time).
        let plain = s.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x7F && $0 != 0xE2 }
        if plain {
            out.append("\"")
            out.append(s)
            out.append("\"")
            return
        }
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }

    private func write(_ value: JSONValue, into out: inout String, indent: Int) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .number(let x): out.append(JSONWriter.format(number: x))
        case .string(let s): JSONWriter.appendQuoted(s, to: &out)
        case .array(let elements):
            if elements.isEmpty {
                out.append("[]")
            } else if !pretty || elements.allSatisfy({ $0.doubleValue != nil }) {
                out.append("[")
                for (i, element) in elements.enumerated() {
                    if i > 0 { out.append(pretty ? ", " : ",") }
                    write(element, into: &out, indent: indent)
                }
                out.append("]")
            } else {
                out.append("[")
                for (i, element) in elements.enumerated() {
                    out.append(i > 0 ? ",\n" : "\n")
                    appendIndent(indent + 1, to: &out)
                    write(element, into: &out, indent: indent + 1)
                }
                out.append("\n")
                appendIndent(indent, to: &out)
                out.append("]")
            }
        case .object(let object):
            if object.isEmpty {
                out.append("{}")
                return
            }
            out.append("{")
            for (i, member) in object.enumerated() {
                if pretty {
                    out.append(i > 0 ? ",\n" : "\n")
                    appendIndent(indent + 1, to: &out)
                } else if i > 0 {
                    out.append(",")
                }
                JSONWriter.appendQuoted(member.key, to: &out)
                out.append(pretty ? ": " : ":")
                write(member.value, into: &out, indent: indent + 1)
            }
            if pretty {
                out.append("\n")
                appendIndent(indent, to: &out)
            }
            out.append("}")
        }
    }

    private func appendIndent(_ level: Int, to out: inout String) {
        out.append(String(repeating: " ", count: 2 * level))
    }
}
