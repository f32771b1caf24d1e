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

    /// The server's stop while another connection has the store open (a command, QGIS): SQLite
    /// refuses the switch back to one file, and that is no error: the store stays in WAL mode,
    /// valid. It used to end `incidents serve` with "database is locked" and exit 1 (seen with
    /// sqlite3 reading the store at the SIGTERM). Takes the busy timeout, 10 s.
    @Test func leavingTheLogWhileAnotherHasTheStoreOpenKeepsItAndIsNoError() throws {
        let path = IncidentStoreTests.temporaryPath()
        let first = try IncidentStore(path: path)
        try first.insert(Incident(kind: .other, geometry: nil, time: nil, title: "one"))
        try first.setWriteAheadLogging(true)
        let second = try IncidentStore(path: path, createIfMissing: false)
        let left = try second.read { _ in try first.leaveWriteAheadLogging() }
        #expect(!left)
        #expect(try first.count() == 1 && second.count() == 1)
        try second.close()
        #expect(try first.leaveWriteAheadLogging())
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }
}

/// While serving (WAL), a read is answered while another connection is in the middle of a write.
struct ReadsDuringAWriteTests {
    @Test func theServiceAnswersWhileAWriteIsOpen() throws {
        let (service, opened) = try FeaturesServiceTests.service(.geoPackage)
        let store = opened as! IncidentStore
        try store.setWriteAheadLogging(true)
        defer { try? store.setWriteAheadLogging(false) }
        let writer = try IncidentStore(path: store.path, createIfMissing: false)
        let inWrite = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            // A write that stays open until the read below has been answered, and large enough
            // for its one-page cache to spill: with a rollback journal that takes the exclusive
            // lock, and readers wait (up to the 10 s busy timeout); with the WAL they do not.
            try? writer.write { (w: any IncidentStoreWriting) in
                try (w as! IncidentStoreWriter).db.execute(sql: "PRAGMA cache_size = 1")
                for i in 0..<2_000 {
                    try w.insert(Incident(kind: .other, geometry: .point(Position(longitude: -60, latitude: 10)), time: nil,
                                          title: "written meanwhile \(i)", description: String(repeating: "x", count: 500)))
                }
                inWrite.signal()
                _ = release.wait(timeout: .now() + 20)
            }
            done.signal()
        }
        inWrite.wait()
        let started = Date()
        let response = FeaturesServiceTests.get(service, "/collections/incidents/items", [("limit", "100")])
        let seconds = Date().timeIntervalSince(started)
        release.signal()
        done.wait()
        #expect(response.status == 200)
        #expect(seconds < 2, "the read waited \(seconds) s for the write")
        // It read the state before the write; the next read sees it.
        #expect(try FeaturesServiceTests.json(response)["numberMatched"]?.doubleValue == 6)
        #expect(try FeaturesServiceTests.json(FeaturesServiceTests.get(service, "/collections/incidents/items"))["numberMatched"]?.doubleValue == 2_006)
    }
}
