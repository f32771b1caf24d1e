/// A JSON value (RFC 8259) as a plain Swift value.
///
/// Numbers are `Double`: integers up to 2^53 in magnitude are exact and are written back without a
/// decimal point by ``JSONWriter`` (`3` stays `3`). Objects keep their member order (``JSONObject``).
///
/// ```swift
/// let value: JSONValue = ["type": "Point", "coordinates": [-66.9, 10.5]]
/// value["type"]?.stringValue   // "Point"
/// ```
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// True for `null`.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value of a boolean, else nil.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }

    /// The value of a number, else nil.
    public var doubleValue: Double? { if case .number(let d) = self { d } else { nil } }

    /// The value of a number that is an exact integer representable as `Int`, else nil.
    public var intValue: Int? {
        guard case .number(let d) = self, d.rounded(.towardZero) == d else { return nil }
        return Int(exactly: d)
    }

    /// The value of a string, else nil.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }

    /// The elements of an array, else nil.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }

    /// The members of an object, else nil.
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }

    /// The member `key` of an object; nil when this is not an object or has no such member.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// The element at `index` of an array; nil when this is not an array or the index is out of range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let a) = self, a.indices.contains(index) else { return nil }
        return a[index]
    }

    /// A short name of the kind of value, for messages: `null`, `boolean`, `number`, `string`,
    /// `array`, `object`.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
