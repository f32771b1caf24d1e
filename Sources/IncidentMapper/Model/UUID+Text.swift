import Foundation

extension UUID {
    /// The lowercase 8-4-4-4-12 text the store and exports use, written without Foundation's
    /// formatter (which was a visible share of a bulk import).
    public var lowercasedText: String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0x2D, count: 36)
        withUnsafeBytes(of: uuid) { bytes in
            var o = 0
            for (i, byte) in bytes.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 { o += 1 }   // the dashes
                out[o] = hex[Int(byte >> 4)]
                out[o + 1] = hex[Int(byte & 0xF)]
                o += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
