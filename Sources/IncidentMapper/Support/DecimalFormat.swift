/// Fixed-point decimal text without Foundation's `String(format:)` (which costs microseconds a
/// call: too much for a million rows).
enum DecimalFormat {
    /// `value` with exactly `decimals` digits after the point (0...9), rounded half away from
    /// zero; `String(format: "%.<d>f")` for values beyond ±9e9 or not finite.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        let scale = powersOfTen[decimals]
        guard value.isFinite, abs(value) < 9e9 else { return String(describing: value) }
        let scaled = (abs(value) * Double(scale)).rounded()
        var units = UInt64(scaled)
        let negative = value < 0 && units > 0
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        for _ in 0..<decimals {
            digits.append(UInt8(48 + units % 10))
            units /= 10
        }
        if decimals > 0 { digits.append(46) }   // "."
        repeat {
            digits.append(UInt8(48 + units % 10))
            units /= 10
        } while units > 0
        if negative { digits.append(45) }       // "-"
        digits.reverse()
        return String(decoding: digits, as: UTF8.self)
    }

    private static let powersOfTen: [UInt64] = (0...9).map { (0..<$0).reduce(UInt64(1)) { p, _ in p * 10 } }
}
