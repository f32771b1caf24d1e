import Foundation
import Testing
@testable import IncidentMapper

/// A store in WAL mode (as `incidents serve` runs it) with several connections in one process
/// must not lose what it writes when another process opens and closes the file.
struct WriteAheadLogTests {
    /// Counts the incidents from another process (Python's sqlite3: a reader that is not us).
    static func countFromAnotherProcess(_ path: String) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute('SELECT count(*) FROM incidents').fetchone()[0]); c.close()", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func anotherProcessClosingTheStoreDoesNotTakeTheLogAway() throws {
        let path = IncidentStoreTests.temporaryPath()
        let first = try IncidentStore(path: path)
        try first.insert(Incident(kind: .other, geometry: nil, time: nil, title: "before"))
        try first.setWriteAheadLogging(true)
        // More connections in this process, as the server opens them (each used to drop every
        // lock this process held on the file).
        let second = try IncidentStore(path: path, createIfMissing: false)
        _ = try second.count()
        #expect(try Self.countFromAnotherProcess(path) == 1)   // opens and closes the store
        try first.insert(Incident(kind: .other, geometry: nil, time: nil, title: "after"))
        #expect(try Self.countFromAnotherProcess(path) == 2)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try? second.setWriteAheadLogging(false)
    }
}
