import Foundation
import Testing

/// Writes that run out of room (a full disk, a file size limit) end in one line that says so,
/// exit 1, and leave no file, partial or whole, under the name asked for.
/// Tests/faults/disk_full.sh does the same on a real full tmpfs and read-only file systems (root).
struct FullDiskTests {
    func storeWithIncidents(_ dir: URL, count: Int = 3) throws -> String {
        let store = dir.appendingPathComponent("s.gpkg").path
        for i in 0..<count {
            let r = try CLI.run(["log", "--store", store, "--kind", "other", "--at", "11 -6\(i % 10)", "--time", "2025-10-01",
                                 "--title", "Incident \(i) " + String(repeating: "x", count: 300)])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return store
    }

    /// Runs the tool under `ulimit -f BLOCKS` (512-byte blocks in dash).
    func runLimited(_ blocks: Int, _ arguments: [String], in dir: URL) throws -> CLI.Result {
        let quoted = ([CLI.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try CLI.run(["/bin/sh", "-c", "cd '\(dir.path)' && ulimit -f \(blocks) && exec env --default-signal=XFSZ \(quoted)"], viaPath: true)
    }

    @Test func exportToAFullDiskSaysSo() throws {
        let dir = try CLI.temporaryDirectory()
        let store = try storeWithIncidents(dir)
        let r = try CLI.run(["/bin/sh", "-c", "exec '\(CLI.binary.path)' export --store '\(store)' > /dev/full"], viaPath: true)
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("the disk is full"), "\(r.stderr)")
    }

    /// A GeoPackage copy whose VACUUM INTO failed used to leave FILE.gpkg.partial behind.
    @Test(arguments: ["copy.gpkg", "copy.geojson", "copy.csv"])
    func anExportPastTheFileSizeLimitLeavesNoFile(_ name: String) throws {
        let dir = try CLI.temporaryDirectory()
        let store = try storeWithIncidents(dir, count: 40)
        let r = try runLimited(16, ["export", "--store", store, "-o", name], in: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("file size limit"), "\(r.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("copy") }
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
