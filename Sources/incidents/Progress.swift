import Foundation

/// A one-line progress report on standard error, only when it is a terminal.
final class Progress {
    private let totalBytes: Int?
    private let unit: String
    /// True when progress is shown (standard error is a terminal).
    let enabled = isatty(STDERR_FILENO) == 1
    private let start = Date()
    private var last = Date.distantPast

    init(totalBytes: Int?, unit: String = "rows") {
        self.totalBytes = totalBytes
        self.unit = unit
    }

    /// `count` items done; `bytes` of `totalBytes` read (or `total` items) when known.
    func update(_ count: Int, bytes: Int? = nil, total: Int? = nil) {
        guard enabled, Date().timeIntervalSince(last) > 0.2 else { return }
        last = Date()
        let rate = Double(count) / max(Date().timeIntervalSince(start), 1e-3)
        var percent = ""
        if let bytes, let totalBytes { percent = String(format: " %3.0f%%", 100 * Double(bytes) / Double(max(totalBytes, 1))) }
        if let total { percent = String(format: " %3.0f%%", 100 * Double(count) / Double(max(total, 1))) }
        FileHandle.standardError.write(Data(String(format: "\r%@ %d %@, %.0f %@/s   ", percent, count, unit, rate, unit).utf8))
    }

    func finish(_ count: Int) {
        guard enabled else { return }
        let seconds = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(format: "\r%d %@ in %.1f s                    \n", count, unit, seconds).utf8))
    }
}
