import Foundation

/// A parameter bound to a statement: SQL NULL, text (which the server reads as the type the
/// statement needs: numbers, times, JSON ...), or bytes sent in binary as `bytea`.
enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case bytes(Data)

    /// A string, or NULL.
    static func of(_ text: String?) -> PostgresValue { text.map(PostgresValue.text) ?? .null }
    /// An integer as text, or NULL.
    static func of<I: BinaryInteger>(_ number: I?) -> PostgresValue { number.map { .text(String($0)) } ?? .null }
    /// A double as text, or NULL. Its shortest form that reads back as the same double.
    static func of(_ number: Double?) -> PostgresValue {
        guard let number else { return .null }
        return .text(text(for: number))
    }
    /// A double as PostgreSQL reads it back exactly.
    static func text(for number: Double) -> String {
        number.isFinite ? "\(number)" : number.isNaN ? "NaN" : number > 0 ? "Infinity" : "-Infinity"
    }
    /// A time as `timestamptz` text (UTC, milliseconds), or NULL.
    static func of(_ date: Date?) -> PostgresValue { date.map { .text(Timestamp.format($0)) } ?? .null }
    /// Bytes, or NULL.
    static func of(_ data: Data?) -> PostgresValue { data.map(PostgresValue.bytes) ?? .null }
}

extension PostgresValue: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .text(value) }
}

extension PostgresValue: ExpressibleByIntegerLiteral {
    init(integerLiteral value: Int) { self = .text(String(value)) }
}
