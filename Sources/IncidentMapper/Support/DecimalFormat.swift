/// Fixed-point decimal text without Foundation's `String(format:)` (which costs microseconds a
/// call: too much for a million rows).
public enum DecimalFormat {
    /// `value` with exactly `decimals` digits after the point (0...9), rounded half away from
    /// zero; `String(format: "%.<d>f")` for values beyond ±9e9 or not finite.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        let scale = powersOfTen[decimals]
        guard value.isFinite, abs(value) < 9e9 else { return String(describing: value) }
        let scaled = (abs(value) * Double(scale)).rounded()
        var units = UInt64(scaled)
        let negative = value < 0 && units > 0
        return String(unsafeUninitializedCapacity: 32) { buffer in
            var end = 32   // written from the right
            func put(_ byte: UInt8) { end -= 1; buffer[end] = byte }
            for _ in 0..<decimals {
                put(UInt8(48 + units % 10))
                units /= 10
            }
            if decimals > 0 { put(46) }   // "."
            repeat {
                put(UInt8(48 + units % 10))
                units /= 10
            } while units > 0
            if negative { put(45) }       // "-"
            let count = 32 - end
            for i in 0..<count { buffer[i] = buffer[end + i] }
            return count
        }
    }

    private static let powersOfTen: [UInt64] = (0...9).map { (0..<$0).reduce(UInt64(1)) { p, _ in p * 10 } }
}
