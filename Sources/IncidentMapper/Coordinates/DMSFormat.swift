/// Degrees, minutes and seconds as people write them: `10°36'00.0"N`, `066°59'24.0"W`
/// (seconds to a tenth, about 3 m; what the coordinate parser reads back).
public enum DMSFormat {
    /// A latitude, `N`/`S`.
    public static func latitude(_ value: Double) -> String { format(value, degreeDigits: 2, positive: "N", negative: "S") }

    /// A longitude, `E`/`W`.
    public static func longitude(_ value: Double) -> String { format(value, degreeDigits: 3, positive: "E", negative: "W") }

    private static func format(_ value: Double, degreeDigits: Int, positive: String, negative: String) -> String {
        let tenths = Int((abs(value) * 36_000).rounded())   // tenths of a second
        let degrees = tenths / 36_000, minutes = tenths / 600 % 60, seconds = tenths % 600
        func padded(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(padded(degrees, degreeDigits))°\(padded(minutes, 2))'\(padded(seconds / 10, 2)).\(seconds % 10)\"" + (value < 0 ? negative : positive)
    }
}
