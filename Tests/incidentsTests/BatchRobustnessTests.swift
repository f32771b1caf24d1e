import Foundation
import IncidentMapper
import Testing

/// `check --input` on real-world CSV: quoted fields over lines, CRLF, a stray quote in a large
/// file, invalid UTF-8, wrong column counts, and numeric options out of range.
struct BatchRobustnessTests {
    @Test(arguments: ["1e19", "-1", "nan", "inf", "10801"])
    func radiusOutOfRangeIsAUsageError(radius: String) throws {
        let r = try CLI.run(["check", "12 -65", "--radius", radius])
        #expect(r.status == 64, "\(radius): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains("--radius"))
    }

    @Test func crlfAndAQuotedFieldOverTwoLinesGiveTheRightRows() throws {
        let input = "name,lat,lon\r\n\"Maiquetía\r\nairport\",10.6031,-66.9906\r\nCuraçao,12.1889,-68.9598\r\n"
        let r = try CLI.run(["check", "--input", "-", "--fields", "fir", "--format", "json"], stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try JSONParser().parse(r.stdout).arrayValue ?? []
        #expect(rows.count == 2)
        #expect(rows.first?["input"]?["name"]?.stringValue == "Maiquetía\r\nairport")
        #expect(rows.first?["fir"]?["id"]?.stringValue == "SVZM")
        #expect(rows.last?["line"]?.doubleValue == 4)   // the record before it spans lines 2-3
        #expect(rows.last?["fir"]?["id"]?.stringValue == "TNCF")
    }

    @Test func invalidUTF8AndWrongColumnCountsNameTheirLines() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("bad.csv")
        try (Data("lat,lon,note\n10.6,-66.9,ok\n".utf8) + Data([0x31, 0x31, 0x2C, 0x2D, 0x36, 0x36, 0x2C, 0xFF, 0x0A])).write(to: file)
        let r = try CLI.run(["check", "--input", file.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("line 3") && r.stderr.contains("UTF-8"), "\(r.stderr)")
        let short = try CLI.run(["check", "--input", "-", "--fields", "fir"], stdin: "lat,lon,note\n10.6,-66.9,a\n11.0\n")
        #expect(short.status == 65)
        #expect(short.stderr.contains("line 3") && short.stderr.contains("has 1 fields, the header has 3"), "\(short.stderr)")
        // A row with more fields than the header is as wrong (its values may sit in the wrong
        // columns), though lat and lon are there: an error row, exit 65.
        let long = try CLI.run(["check", "--input", "-", "--fields", "fir"], stdin: "lat,lon,note\n10.6,-66.9,a\n11.0,-66.0,b,c\n")
        #expect(long.status == 65)
        #expect(long.stderr.contains("line 3") && long.stderr.contains("has 4 fields, the header has 3"), "\(long.stderr)")
    }

    /// An argument that is not UTF-8 is refused (it would be stored with U+FFFD in its place),
    /// and a usage error is one line on stderr, as every other error is.
    @Test func anArgumentThatIsNotUTF8IsRefusedAndUsageErrorsAreOneLine() throws {
        let dir = try CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("s.gpkg").path
        let r = try CLI.run(["/bin/sh", "-c", #""$0" log --store "$1" --kind other --at "11 -66" --time 2025-09-02 --title "$(printf 'caf\351')""#,
                             CLI.binary.path, store], viaPath: true)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr == "incidents: argument 11 is not valid UTF-8 text\n")
        #expect(!FileManager.default.fileExists(atPath: store))
        for arguments in [["check", "12 -65", "--radius", "nan"], ["list", "--bogus"], ["merge", "x"]] {
            let usage = try CLI.run(arguments)
            #expect(usage.status == 64)
            #expect(usage.stderr.split(separator: "\n").count == 1 && usage.stderr.hasPrefix("incidents: "), "\(usage.stderr)")
        }
    }

    /// One stray quote at line 10 of a 1,000,000-row file: the error names line 10, comes
    /// before the rest of the file is read, and the output file is not left half-written.
    @Test func aStrayQuoteInAMillionRowsFailsFastWithItsLine() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("big.csv"), output = dir.appendingPathComponent("out.csv")
        var text = "lat,lon,note\n"
        for i in 2...1_000_001 {
            text += i == 10 ? "10.5,-66.3,\"he said hi\n" : "10.\(i % 1000),-66.\(i % 997),row \(i)\n"
        }
        try Data(text.utf8).write(to: input)
        let r = try CLI.run(["/usr/bin/time", "-f", "rss_kb=%M", CLI.binary.path, "check", "--input", input.path,
                             "--output", output.path], viaPath: true)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("line 10"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(!FileManager.default.fileExists(atPath: output.path + ".partial"))
        // The quote opened on line 10 is never closed: reading stops at the 1 MiB field limit,
        // long before the file's 27 MB, and memory stays at the tool's usual size.
        let rss = r.stderr.split(separator: "\n").last { $0.hasPrefix("rss_kb=") }.flatMap { Int($0.dropFirst(7)) } ?? .max
        #expect(rss < 150_000, "peak RSS \(rss) KB")
    }
}
