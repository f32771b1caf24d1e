import Foundation

/// Reads the Features of a GeoJSON file one at a time, without holding the file: a
/// FeatureCollection (its `features` array is split as it is read), GeoJSON Text Sequences
/// (RFC 8142, records after RS), newline-delimited GeoJSON, or a lone Feature or geometry.
///
/// Memory stays bounded by the largest feature, not the file. Each item carries its index and
/// the line it starts on, so an error can name both. What lies around the features (the
/// collection's `type`, foreign members) is kept and checked strictly at the end of each
/// top-level value (``finishedOuterValue``).
///
/// ```swift
/// var stream = try GeoJSONFeatureStream(path: "reports.geojson")
/// while let item = try stream.next() { ... GeoJSONReader.readFeature(JSONParser().parse(item.bytes)) ... }
/// ```
public final class GeoJSONFeatureStream {
    /// One Feature's JSON text and where it was.
    public struct Item: Sendable {
        /// Its position among the features of the file, from 0.
        public var index: Int
        /// The line of the file its text starts on, from 1.
        public var line: Int
        /// Its JSON text (UTF-8).
        public var bytes: [UInt8]
    }

    /// The largest feature read (an unclosed string or bracket would otherwise swallow the file).
    public static let maximumFeatureBytes = 256 << 20

    private let handle: FileHandle
    private let ownsHandle: Bool
    /// Bytes read so far, and the file's size when known (for progress).
    public private(set) var bytesRead = 0
    public let totalBytes: Int?
    private var atEnd = false
    /// The scanner: a value of its own, taken out of the class while it scans so that its
    /// per-byte work is not checked for exclusive access at every byte (a third of an import's
    /// reading time).
    private var state = ScanState()

    private struct ScanState {
        var chunk: [UInt8] = []
        var position = 0
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var outer: [UInt8] = []          // the current top-level value, features left out
        var outerStartLine = 1
        var item: [UInt8] = []
        var itemLine = 1
        var inFeatures = false           // inside the top-level object's "features" array
        var keyBytes: [UInt8] = []
        var lastKey: [UInt8]? = nil
        var afterColon = false
        var nextIndex = 0
        /// Top-level values begun so far (none at the end: the input was empty).
        var valuesBegun = 0
        var pending: [Item] = []
        /// Scans the current chunk until it ends or an item is complete.
        mutating func scan() throws {
            while position < chunk.count {
                let c = chunk[position]
                position += 1
                if c == 0x0A { line += 1 }
                let capturing = inFeatures && depth >= 3    // inside one feature of the features array
                if inString {
                    if capturing { item.append(c) } else { outer.append(c) }
                    if escaped { escaped = false; continue }
                    if c == 0x5C { escaped = true; continue }
                    if c == 0x22 {
                        inString = false
                        if depth == 1 && !inFeatures { lastKey = keyBytes; afterColon = false }
                    } else if depth == 1 && !inFeatures && keyBytes.count < 16 {
                        keyBytes.append(c)
                    }
                    continue
                }
                switch c {
                case 0x20, 0x09, 0x0A, 0x0D:
                    if capturing { item.append(c) } else if depth > 0 { outer.append(c) }
                    continue
                case 0x1E where depth == 0:             // RFC 8142 record separator
                    continue
                default: break
                }
                if depth == 0 {
                    guard c == 0x7B || c == 0x5B else {   // '{' or '['
                        throw ImportError.malformedInput("line \(line): expected a GeoJSON object, found \(Self.describe(c))")
                    }
                    outerStartLine = line
                    valuesBegun += 1
                }
                if inFeatures && depth == 2 {
                    // Between features: ',' or the array's end or a feature's start.
                    if c == 0x2C { continue }
                    if c == 0x5D { inFeatures = false; depth = 1; outer.append(contentsOf: [0x5B, 0x5D]); lastKey = nil; continue }
                    guard c == 0x7B else {
                        throw ImportError.malformedInput("line \(line): feature \(nextIndex) is not a Feature object (found \(Self.describe(c)))")
                    }
                    itemLine = line
                }
                if inFeatures && depth >= 2 {
                    item.append(c)
                    if item.count > GeoJSONFeatureStream.maximumFeatureBytes {
                        throw ImportError.malformedInput("feature \(nextIndex) (line \(itemLine)) is over \(GeoJSONFeatureStream.maximumFeatureBytes >> 20) MiB: an unclosed string or bracket?")
                    }
                } else if !(depth == 1 && c == 0x5B && afterColon && lastKey == Self.featuresKey) {
                    outer.append(c)
                    if outer.count > GeoJSONFeatureStream.maximumFeatureBytes {
                        throw ImportError.malformedInput("the JSON value starting on line \(outerStartLine) is over \(GeoJSONFeatureStream.maximumFeatureBytes >> 20) MiB outside a features array: an unclosed string or bracket?")
                    }
                }
                switch c {
                case 0x22:
                    inString = true
                    if depth == 1 && !inFeatures { keyBytes = [] }
                case 0x3A where depth == 1 && !inFeatures:
                    afterColon = lastKey != nil
                case 0x7B, 0x5B:
                    if depth == 1 && c == 0x5B && afterColon && lastKey == Self.featuresKey && !inFeatures {
                        inFeatures = true
                        depth = 2
                        continue
                    }
                    depth += 1
                case 0x7D, 0x5D:
                    depth -= 1
                    if inFeatures && depth == 2 {
                        pending.append(Item(index: nextIndex, line: itemLine, bytes: item))
                        nextIndex += 1
                        item = []
                        return
                    }
                    if depth == 0 { try finishedOuterValue(); return }
                default:
                    if depth == 1 && !inFeatures { lastKey = nil; afterColon = false }
                }
            }
        }

        /// A top-level value ended: check it, and emit it when it is itself a Feature or geometry.
        mutating func finishedOuterValue() throws {
            defer { outer = []; lastKey = nil; afterColon = false }
            let value: JSONValue
            do {
                value = try JSONParser(rejectsDuplicateKeys: true).parse(outer)
            } catch {
                throw ImportError.malformedInput("the JSON value starting on line \(outerStartLine) is not valid JSON: \(error)")
            }
            if case .array = value {
                throw ImportError.malformedInput("line \(outerStartLine): a JSON array is not GeoJSON; expected a FeatureCollection, Feature or geometry")
            }
            switch try GeoJSONReader.read(json: value) {
            case .featureCollection: break           // its features were emitted as they were read
            case .feature:
                pending.append(Item(index: nextIndex, line: outerStartLine, bytes: outer))
                nextIndex += 1
            case .geometry:   // a lone geometry is a feature without properties
                pending.append(Item(index: nextIndex, line: outerStartLine,
                                    bytes: Array(#"{"type":"Feature","properties":null,"geometry":"#.utf8) + outer + [0x7D]))
                nextIndex += 1
            }
        }

        private static let featuresKey: [UInt8] = Array("features".utf8)

        private static func describe(_ c: UInt8) -> String {
            c >= 0x21 && c < 0x7F ? "'\(Character(UnicodeScalar(c)))'" : String(format: "byte 0x%02X", c)
        }
    }

    /// Opens a file, or standard input for `-`.
    /// - Throws: ``BatchError/cannotRead(_:)`` when it is missing or a folder.
    public init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardInput
            ownsHandle = false
            totalBytes = nil
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let opened = FileHandle(forReadingAtPath: path) else { throw BatchError.cannotRead(path) }
            handle = opened
            ownsHandle = true
            totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        }
    }

    /// Reads from bytes in memory (tests, small inputs).
    public init(bytes: [UInt8]) {
        handle = FileHandle.nullDevice
        ownsHandle = false
        totalBytes = bytes.count
        state.chunk = bytes
        bytesRead = bytes.count
        atEnd = true
    }

    /// The next Feature, or nil at the end of the input.
    /// - Throws: ``GeoJSONError`` when the text around the features is not GeoJSON (not JSON,
    ///   a lone value that is neither a Feature nor a geometry, a feature over the size limit);
    ///   ``ImportError/malformedInput(_:)`` when the input holds no value at all.
    public func next() throws -> Item? {
        while state.pending.isEmpty {
            if state.position == state.chunk.count {
                if atEnd {
                    if state.inString || state.depth > 0 || !state.outer.isEmpty {
                        throw ImportError.malformedInput("the file ends inside a JSON value that starts on line \(state.outerStartLine)")
                    }
                    if state.valuesBegun == 0 {
                        throw ImportError.malformedInput("the input holds no GeoJSON: it is empty (or only whitespace)")
                    }
                    if ownsHandle { try? handle.close() }
                    return nil
                }
                try refill()
                continue
            }
            var scanning = ScanState()
            swap(&scanning, &state)
            defer { swap(&scanning, &state) }
            try scanning.scan()
        }
        return state.pending.removeFirst()
    }

    private func refill() throws {
        let data = try handle.read(upToCount: 1 << 20) ?? Data()
        if data.isEmpty { atEnd = true; state.chunk = []; state.position = 0; return }
        state.chunk = [UInt8](data)
        state.position = 0
        bytesRead += data.count
    }

}
