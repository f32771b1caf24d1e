/// A JSON object that keeps its members in order.
///
/// Members are looked up by name through an index, and iterate in insertion (document) order, so a
/// document read and written again keeps its member order. Names are unique: assigning to an existing
/// name replaces the value in place. Equality is order-sensitive (two objects with the same members in a
/// different order are not equal).
///
/// ```swift
/// var properties: JSONObject = ["name": "Dam breach", "casualties": 3]
/// properties["status"] = "confirmed"
/// properties["casualties"]?.intValue   // 3
/// ```
public struct JSONObject: Hashable, Sendable {
    /// One member of an object: a name and its value.
    public struct Member: Hashable, Sendable {
        /// The member name.
        public var key: String
        /// The member value.
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in order.
    public private(set) var members: [Member]
    private var indexByKey: [String: Int]

    /// An empty object.
    public init() {
        members = []
        indexByKey = [:]
    }

    /// An object with these members, in this order; a repeated name keeps its first position and its
    /// last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    /// The value of the member `key`, or nil when there is none. Setting nil removes the member;
    /// setting an existing name replaces its value in place, a new name is appended.
    public subscript(key: String) -> JSONValue? {
        get { indexByKey[key].map { members[$0].value } }
        set {
            if let newValue {
                if let i = indexByKey[key] {
                    members[i].value = newValue
                } else {
                    indexByKey[key] = members.count
                    members.append(Member(key: key, value: newValue))
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// True when the object has a member named `key`.
    public func contains(key: String) -> Bool { indexByKey[key] != nil }

    /// The member names in order.
    public var keys: [String] { members.map(\.key) }

    /// Appends a member; returns false (and changes nothing) when the name is already present.
    @discardableResult
    public mutating func appendUnique(key: String, value: JSONValue) -> Bool {
        guard indexByKey[key] == nil else { return false }
        indexByKey[key] = members.count
        members.append(Member(key: key, value: value))
        return true
    }

    /// Removes the member `key` and returns its value, or nil when there was none.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = indexByKey.removeValue(forKey: key) else { return nil }
        let removed = members.remove(at: i)
        for j in i..<members.count { indexByKey[members[j].key] = j }
        return removed.value
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members == rhs.members
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members)
    }
}

extension JSONObject: RandomAccessCollection {
    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with the literal's members in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
