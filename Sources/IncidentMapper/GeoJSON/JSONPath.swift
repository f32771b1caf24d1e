/// A location inside a JSON document, such as `features[3].geometry.coordinates[0][2]`.
///
/// Used by ``JSONParseError`` and ``GeoJSONError`` to say where a problem is. The empty path is the
/// root value; its ``description`` is `$`.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    /// One step into a JSON value: an object member or an array element.
    public enum Component: Hashable, Sendable {
        /// The member with this name of an object.
        case key(String)
        /// The element at this zero-based index of an array.
        case index(Int)
    }

    /// The steps from the root, outermost first.
    public var components: [Component]

    /// A path made of the given steps (the root when empty).
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The root value.
    public static let root = JSONPath()

    /// True for the root value.
    public var isRoot: Bool { components.isEmpty }

    /// This path followed by `component`.
    public func appending(_ component: Component) -> JSONPath {
        JSONPath(components + [component])
    }

    /// This path with `prefix` in front of it.
    public func prepending(_ prefix: Component) -> JSONPath {
        JSONPath([prefix] + components)
    }

    /// The path in dotted/bracket notation: `features[3].geometry`; member names that are not plain
    /// identifiers are quoted (`properties["wind speed"]`); the root is `$`.
    public var description: String {
        if components.isEmpty { return "$" }
        var text = ""
        for component in components {
            switch component {
            case .index(let i):
                text += "[\(i)]"
            case .key(let key):
                if JSONPath.isIdentifier(key) {
                    if !text.isEmpty { text += "." }
                    text += key
                } else {
                    text += "[" + JSONWriter.quoted(key) + "]"
                }
            }
        }
        return text
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else {
            return false
        }
        return key.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
