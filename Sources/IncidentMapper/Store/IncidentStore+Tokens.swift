import Foundation
import GRDB

/// A token that may write through `incidents serve`, as listed (the token itself is never stored).
public struct APITokenRecord: Sendable, Equatable {
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?
}

extension IncidentStore {
    /// Makes a new token named `name` and stores its SHA-256.
    /// - Returns: the token, to be shown once: `imt_` and 43 characters (256 random bits).
    /// - Throws: ``StoreError/invalidRequest(_:)`` when the name is empty, too long or taken.
    public func createToken(name: String, now: Date = Date()) throws -> String {
        let name = try Self.checkedTokenName(name)
        let token = Self.newToken()
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM \(GeoPackageSchema.tokensTable) WHERE name = ?", arguments: [name]) == 0 else {
                throw StoreError.invalidRequest("a token named '\(name)' exists already (revoked names are not reused)")
            }
            try db.execute(sql: "INSERT INTO \(GeoPackageSchema.tokensTable) (name, hash, created_at) VALUES (?, ?, ?)",
                           arguments: [name, Self.tokenHash(token), Timestamp.format(now)])
        }
        return token
    }

    /// Every token, oldest first, revoked ones too.
    public func tokens() throws -> [APITokenRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, created_at, revoked_at FROM \(GeoPackageSchema.tokensTable) ORDER BY created_at, name").map { row in
                APITokenRecord(name: row["name"], createdAt: try Timestamp.parse(row["created_at"]),
                               revokedAt: try (row["revoked_at"] as String?).map { try Timestamp.parse($0) })
            }
        }
    }

    /// Revokes the token named `name`: it no longer writes.
    /// - Throws: ``StoreError/notFound(_:)`` when no live token has that name.
    public func revokeToken(name: String, now: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "UPDATE \(GeoPackageSchema.tokensTable) SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                           arguments: [Timestamp.format(now), name])
            guard db.changesCount == 1 else { throw StoreError.invalidRequest("no live token named '\(name)'") }
        }
    }

    /// The name of the live token `token` is, or nil. The presented token's hash is compared
    /// with every live token's hash, each in constant time, so neither a match nor its position
    /// shows in the time taken.
    public func tokenName(for token: String) throws -> String? {
        let presented = Array(Self.tokenHash(token).utf8)
        let live = try read { db in
            try Row.fetchAll(db, sql: "SELECT name, hash FROM \(GeoPackageSchema.tokensTable) WHERE revoked_at IS NULL")
                .map { (name: $0["name"] as String, hash: Array(($0["hash"] as String).utf8)) }
        }
        var found: String?
        for entry in live where Self.constantTimeEqual(entry.hash, presented) {
            found = entry.name
        }
        return found
    }

    /// A new token: `imt_` and 32 random bytes from a cryptographic source, base64url.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()   // getrandom(2): a cryptographic source
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "imt_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A token's name, trimmed, or why it cannot be one.
    static func checkedTokenName(_ name: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count) else { throw StoreError.invalidRequest("a token's name must be 1 to 100 characters") }
        return name
    }

    static func tokenHash(_ token: String) -> String {
        var hash = SHA256()
        hash.update(Array(token.utf8))
        return hash.hexDigest()
    }

    /// True when `a` and `b` are equal, looking at every byte whatever the first difference:
    /// no early exit, no branch on a byte, so the time does not say how much of a guess was
    /// right. Lengths are compared first (they are public: a SHA-256 in hex is 64 bytes).
    /// Generic so that a test can count the bytes read.
    static func constantTimeEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
