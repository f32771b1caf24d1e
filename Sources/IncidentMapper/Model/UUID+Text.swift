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

extension UUID {
    /// Reads the 8-4-4-4-12 hex text (either case), as `UUID(uuidString:)` does but without
    /// `sscanf` (a tenth of an export's time); nil for anything else.
    public init?(text: String) {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var copy = text
        let ok = copy.withUTF8 { utf8 -> Bool in
            guard utf8.count == 36 else { return false }
            return withUnsafeMutableBytes(of: &bytes) { out -> Bool in
                func nibble(_ c: UInt8) -> UInt8? {
                    switch c {
                    case 0x30...0x39: c - 0x30
                    case 0x61...0x66: c - 0x61 + 10
                    case 0x41...0x46: c - 0x41 + 10
                    default: nil
                    }
                }
                var i = 0
                for k in 0..<16 {
                    if i == 8 || i == 13 || i == 18 || i == 23 {
                        guard utf8[i] == 0x2D else { return false }
                        i += 1
                    }
                    guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return false }
                    out[k] = high << 4 | low
                    i += 2
                }
                return true
            }
        }
        guard ok else { return nil }
        self.init(uuid: bytes)
    }
}
