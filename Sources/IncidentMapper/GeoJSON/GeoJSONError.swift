/// Why the GeoJSON reader rejected a document: what, where (a JSON path), and which rule of RFC 7946.
///
/// ```text
/// features[3].geometry.coordinates[0]: linear ring is not closed: the first and last positions differ (RFC 7946 §3.1.6)
/// ```
public struct GeoJSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The family of problem, for callers that branch on it.
    public enum Kind: Hashable, Sendable {
        /// The text is not JSON (see ``GeoJSONError/jsonError``).
        case invalidJSON
        /// An object has two members of the same name (I-JSON).
        case duplicateMember
        /// A value is not an object, or `type` is missing, not a string or not a GeoJSON type.
        case invalidType
        /// A required member (`geometry`, `properties`, `features`, `coordinates`, `geometries`) is absent.
        case missingMember
        /// A member has a value of the wrong kind (`properties` an array, `id` an object, ...).
        case invalidMember
        /// A member that would change the meaning of the object (RFC 7946 §7.1).
        case changedSemantics
        /// A position, a coordinate array or a linear ring breaks the rules of its geometry type.
        case invalidCoordinates
        /// A position outside WGS84 longitude [-180, 180] / latitude [-90, 90].
        case outOfRange
        /// A `bbox` that is not an array of 2*n numbers, n >= 2.
        case invalidBBox
    }

    /// The family of problem.
    public var kind: Kind
    /// Where the problem is, e.g. `features[3].geometry.coordinates[0][2]` (`$` for the root).
    public var path: JSONPath
    /// The index of the feature in a FeatureCollection's `features` when the problem is inside one.
    public var featureIndex: Int?
    /// What is wrong, as a sentence fragment.
    public var message: String
    /// The RFC 7946 section of the rule that is broken, e.g. `3.1.6`.
    public var rfcSection: String
    /// The JSON syntax error, when the text is not JSON.
    public var jsonError: JSONParseError?

    public init(_ kind: Kind, _ message: String, section: String, path: JSONPath = .root,
                featureIndex: Int? = nil, jsonError: JSONParseError? = nil) {
        self.kind = kind
        self.message = message
        self.rfcSection = section
        self.path = path
        self.featureIndex = featureIndex
        self.jsonError = jsonError
    }

    /// One line: `path: message (RFC 7946 §section)`.
    public var description: String {
        // A path hundreds of levels deep would drown the message: keep its two ends.
        "\(path.description.clippedForMessage(120)): \(message.clippedForMessage(300)) (RFC 7946 §\(rfcSection))"
    }

    /// The same error located one step further out: `component` is put in front of the path.
    func within(_ component: JSONPath.Component) -> GeoJSONError {
        var copy = self
        copy.path = path.prepending(component)
        return copy
    }
}
