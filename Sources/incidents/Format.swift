import Foundation

/// Number formatting for printed results.
enum Format {
    /// Decimal degrees with up to 10 places, trailing zeros removed (about 0.01 mm).
    static func degrees(_ value: Double) -> String {
        trimmed(String(format: "%.10f", value))
    }

    /// A length with 9 decimal places (below a micrometre in metres, nm or km).
    static func length(_ value: Double) -> String {
        String(format: "%.9f", value)
    }

    /// A value with a fixed number of decimals.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = Substring(text)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return t == "-0" ? "0" : String(t)
    }
}
