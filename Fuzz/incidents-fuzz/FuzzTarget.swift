import Foundation

/// One fuzz target: a check run on each input. A check returns quietly when the input is refused
/// or handled well, and stops the program through ``violated(_:)`` when a property breaks, so
/// that libFuzzer keeps the input (a crash or a sanitizer report stops it too).
struct FuzzTarget: Sendable {
    let name: String
    /// Work done once before the first input (so that it is not timed as an input's).
    var prepare: @Sendable () -> Void = {}
    let check: @Sendable (UnsafeRawBufferPointer) -> Void
}

enum FuzzTargets {
    static let all: [FuzzTarget] = [
        CoordinateFuzz.target, TimeFuzz.target, JSONFuzz.target, WKTFuzz.target,
        CSVFuzz.target, GeoPackageBlobFuzz.target, APIFuzz.target,
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// The target this run checks (set once, before the driver starts).
    nonisolated(unsafe) static var selected = all[0]
}

/// Stops the run: a property does not hold for this input.
func violated(_ message: @autoclosure () -> String) -> Never {
    FileHandle.standardError.write(Data("PROPERTY VIOLATED: \(message())\n".utf8))
    abort()
}

/// The input as UTF-8 text, or nil (the parsers under test take Swift strings).
func text(_ bytes: UnsafeRawBufferPointer, limit: Int = 4_096) -> String? {
    guard bytes.count <= limit else { return nil }
    return String(validating: bytes, as: UTF8.self)
}

/// Near enough for values written with `digits` significant digits.
func close(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    a == b || abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}
