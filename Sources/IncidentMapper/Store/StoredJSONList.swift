/// A quick reader for the two JSON columns the store writes itself: `tags` (an array of
/// strings) and `sources` (an array of objects whose values are strings), in the compact form
/// ``IncidentRow`` writes. It returns nil for anything else (an escape, a number, white space,
/// text another tool wrote), and the caller then uses the full ``JSONParser``: so it is never
/// wrong, only sometimes not the one that answers. A million rows read without building a JSON
/// tree for each.
enum StoredJSONList {
    /// `["a","b"]` → `["a", "b"]`.
    static func strings(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { utf8 -> [String]? in
            var scanner = Scanner(utf8: utf8)
            guard scanner.take(0x5B) else { return nil }
            var items: [String] = []
            if scanner.take(0x5D) { return scanner.atEnd ? items : nil }
            repeat {
                guard let item = scanner.string() else { return nil }
                items.append(item)
            } while scanner.take(0x2C)
            return scanner.take(0x5D) && scanner.atEnd ? items : nil
        }
    }

    /// `[{"k":"v",...},...]` → one dictionary per object.
    static func objects(_ text: String) -> [[String: String]]? {
        var text = text
        return text.withUTF8 { utf8 -> [[String: String]]? in
            var scanner = Scanner(utf8: utf8)
            guard scanner.take(0x5B) else { return nil }
            var items: [[String: String]] = []
            if scanner.take(0x5D) { return scanner.atEnd ? items : nil }
            repeat {
                guard scanner.take(0x7B) else { return nil }
                var object: [String: String] = [:]
                if !scanner.take(0x7D) {
                    repeat {
                        guard let key = scanner.string(), scanner.take(0x3A), let value = scanner.string(),
                              object.updateValue(value, forKey: key) == nil else { return nil }
                    } while scanner.take(0x2C)
                    guard scanner.take(0x7D) else { return nil }
                }
                items.append(object)
            } while scanner.take(0x2C)
            return scanner.take(0x5D) && scanner.atEnd ? items : nil
        }
    }

    /// Where a source's strings lie in the stored bytes (their contents, between the quotes).
    struct SourceRanges {
        var url: Range<Int>
        var publisher: Range<Int>?
        var date: Range<Int>?
    }

    /// The same reading as ``objects(_:)`` followed by the store's decoding of sources, as byte
    /// ranges handed to `body` one source at a time: false (some sources perhaps handed over
    /// already) whenever ``objects(_:)`` would be nil, a source has no url or a key other than
    /// `url`, `publisher` and `date` (the caller then takes the general path).
    static func forEachSource(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (SourceRanges) -> Void) -> Bool {
        var scanner = Scanner(utf8: utf8)
        guard scanner.take(0x5B) else { return false }
        if scanner.take(0x5D) { return scanner.atEnd }
        repeat {
            guard scanner.take(0x7B) else { return false }
            var url: Range<Int>?, publisher: Range<Int>?, date: Range<Int>?
            if !scanner.take(0x7D) {
                repeat {
                    guard let key = scanner.stringRange(), scanner.take(0x3A), let value = scanner.stringRange() else { return false }
                    let name = UnsafeBufferPointer(rebasing: utf8[key])
                    // A key twice makes objects(_:) give up.
                    if name.elementsEqual("url".utf8) {
                        guard url == nil else { return false }
                        url = value
                    } else if name.elementsEqual("publisher".utf8) {
                        guard publisher == nil else { return false }
                        publisher = value
                    } else if name.elementsEqual("date".utf8) {
                        guard date == nil else { return false }
                        date = value
                    } else {
                        return false
                    }
                } while scanner.take(0x2C)
                guard scanner.take(0x7D) else { return false }
            }
            guard let url else { return false }
            body(SourceRanges(url: url, publisher: publisher, date: date))
        } while scanner.take(0x2C)
        return scanner.take(0x5D) && scanner.atEnd
    }

    /// The same reading as ``strings(_:)``, as byte ranges handed to `body` one at a time:
    /// false (some perhaps handed over already) whenever ``strings(_:)`` would be nil.
    static func forEachString(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) -> Bool {
        var scanner = Scanner(utf8: utf8)
        guard scanner.take(0x5B) else { return false }
        if scanner.take(0x5D) { return scanner.atEnd }
        repeat {
            guard let item = scanner.stringRange() else { return false }
            body(item)
        } while scanner.take(0x2C)
        return scanner.take(0x5D) && scanner.atEnd
    }

    private struct Scanner {
        let utf8: UnsafeBufferPointer<UInt8>
        var i = 0

        var atEnd: Bool { i == utf8.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard i < utf8.count, utf8[i] == byte else { return false }
            i += 1
            return true
        }

        /// A string without escapes or control characters (nil otherwise: the full parser decides).
        mutating func string() -> String? {
            stringRange().map { String(decoding: UnsafeBufferPointer(rebasing: utf8[$0]), as: UTF8.self) }
        }

        /// Where the contents of such a string lie.
        mutating func stringRange() -> Range<Int>? {
            guard take(0x22) else { return nil }
            let start = i
            while i < utf8.count {
                let b = utf8[i]
                if b == 0x22 {
                    i += 1
                    return start..<i - 1
                }
                if b == 0x5C || b < 0x20 { return nil }
                i += 1
            }
            return nil
        }
    }
}
