import Foundation

/// Where the public conformance suites are: `INCIDENTS_CONFORMANCE_DIR`, or `../shared/conformance`
/// beside the checkout. A test of a missing suite is skipped on a developer's machine, and fails
/// under CI (`CI=true`): there a suite that is not found must never pass silently.
enum ConformanceSuite {
    static let root: URL = {
        if let env = ProcessInfo.processInfo.environment["INCIDENTS_CONFORMANCE_DIR"] { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("../shared/conformance")
    }()

    /// True under CI.
    static let isCI = ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"

    /// The folder of one suite, or nil when it is not there.
    static func directory(_ name: String) -> URL? {
        let url = root.appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Whether a test of suite `name` runs: when the suite is there, and always under CI (where
    /// the test then fails on the missing folder).
    static func runs(_ name: String) -> Bool { directory(name) != nil || isCI }
}
