import Foundation
import Testing
@testable import IncidentMapper

/// RFC 4180 records, line numbers as an editor counts them, and every malformed input named by
/// its line. Expected records are written out by hand from the RFC's rules (§2), not produced
/// by the reader.
struct CSVReaderTests {
    static func records(_ text: String, maxFieldBytes: Int = 1 << 20) throws -> [([String], Int)] {
        try records(Array(text.utf8), maxFieldBytes: maxFieldBytes)
    }

    static func records(_ bytes: [UInt8], maxFieldBytes: Int = 1 << 20) throws -> [([String], Int)] {
        let reader = CSVReader(bytes: bytes, maxFieldBytes: maxFieldBytes)
        var out: [([String], Int)] = []
        while let r = try reader.next() { out.append((r.fields, r.line)) }
        return out
    }

    static func error(_ text: String, maxFieldBytes: Int = 1 << 20) -> CSVError? {
        error(Array(text.utf8), maxFieldBytes: maxFieldBytes)
    }

    static func error(_ bytes: [UInt8], maxFieldBytes: Int = 1 << 20) -> CSVError? {
        do { _ = try records(bytes, maxFieldBytes: maxFieldBytes); return nil } catch let e as CSVError { return e } catch { return nil }
    }

    @Test func fieldsQuotesAndEmptyValues() throws {
        let r = try Self.records("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\n,,\nlast,row,no-newline")
        #expect(r.map(\.0) == [["a", "b", "c"], ["x, y", "say \"hi\"", ""], ["", "", ""], ["last", "row", "no-newline"]])
        #expect(r.map(\.1) == [1, 2, 3, 4])
    }

    @Test func lineBreaksCRLFLoneCRAndQuotedNewlines() throws {
        let r = try Self.records("h1,h2\r\n1,\"two\r\nlines\"\r\n3,4\r5,6\n\n7,8\n")
        #expect(r.map(\.0) == [["h1", "h2"], ["1", "two\r\nlines"], ["3", "4"], ["5", "6"], ["7", "8"]])
        // The quoted field spans lines 2-3, so "3,4" is on line 4; the blank line is 6.
        #expect(r.map(\.1) == [1, 2, 4, 5, 7])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let r = try Self.records([0xEF, 0xBB, 0xBF] + Array("lat,lon\n1,2\n".utf8))
        #expect(r.map(\.0) == [["lat", "lon"], ["1", "2"]])
    }

    @Test func utf8TextIsKept() throws {
        let r = try Self.records("name\nCuraçao\n\"Maiquetía, \"\"SVMI\"\"\"\n")
        #expect(r.map(\.0) == [["name"], ["Curaçao"], ["Maiquetía, \"SVMI\""]])
    }

    @Test(arguments: [
        ("a,b\n1,he said \"hi\n", 2),                       // a quote inside an unquoted field
        ("a,b\n1,\"x\"y\n", 2),                              // text after a closing quote
        ("a,b\n1,\"two\nlines\"\n3,\"x\"y\n", 4),            // line numbers stay true after a multi-line field
    ])
    func strayQuotesNameTheirLine(text: String, line: Int) {
        let e = Self.error(text)
        guard case .strayQuote(let got, _) = e else { Issue.record("expected a stray quote, got \(String(describing: e))"); return }
        #expect(got == line)
    }

    @Test func unclosedQuoteNamesTheLineItOpensOn() {
        #expect(Self.error("a,b\n1,2\n3,\"never closed\n4,5\n") == .unclosedQuote(line: 3))
    }

    @Test func aFieldPastTheLimitFailsWithItsLine() {
        let text = "a,b\n1,\"opened here\n" + String(repeating: "2,3\n", count: 100)
        #expect(Self.error(text, maxFieldBytes: 64) == .fieldTooLong(line: 2, limit: 64))
    }

    @Test func invalidUTF8NamesItsLine() {
        let bytes = Array("a,b\n1,2\n3,caf".utf8) + [0xFF] + Array(" au lait\n".utf8)
        #expect(Self.error(bytes) == .invalidUTF8(line: 3))
    }

    /// Records, quotes and CRLF pairs cut by the 64 KiB read buffer are read whole.
    @Test func buffersBoundariesDoNotSplitRecords() throws {
        var text = "id,note\r\n"
        var expected: [[String]] = [["id", "note"]]
        var k = 0
        while text.utf8.count < 200_000 {
            let note = k % 3 == 0 ? "\"a, \"\"quoted\"\"\r\nnote \(k)\"" : "plain \(k)"
            text += "\(k),\(note)\r\n"
            expected.append(["\(k)", k % 3 == 0 ? "a, \"quoted\"\r\nnote \(k)" : "plain \(k)"])
            k += 1
        }
        for pad in 0..<4 {   // shift everything so that different bytes land on the boundary
            let shifted = String(repeating: "x", count: pad) + text
            let r = try Self.records(shifted)
            #expect(r.count == expected.count)
            #expect(Array(r.dropFirst().map(\.0)) == Array(expected.dropFirst()))
        }
    }

    @Test func aFileIsReadAndMissingFilesAreReported() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv")
        try Data("lat,lon\n10,-66\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try CSVReader(path: url.path)
        #expect(try reader.next()?.fields == ["lat", "lon"])
        #expect(try reader.next()?.fields == ["10", "-66"])
        #expect(try reader.next() == nil)
        #expect(reader.totalBytes == 15)
        #expect(throws: CSVError.cannotRead("/no/such/file.csv")) { try CSVReader(path: "/no/such/file.csv") }
    }

    /// What the batch writes reads back as it was: quotes doubled, fields with commas, quotes
    /// and line breaks quoted.
    @Test func writtenRecordsReadBack() throws {
        let fields = ["plain", "a, b", "say \"hi\"", "two\nlines", "", "Curaçao"]
        let r = try Self.records(CSVRow.line(fields) + "\n")
        #expect(r.map(\.0) == [fields])
    }

    /// Numbers are written as `String(format: "%.<d>f")` would write them (to the last digit,
    /// where the two may round a tie differently).
    @Test func decimalsAreWrittenAsPrintfWouldWriteThem() {
        var generator = SeededGenerator(seed: 4242)
        for _ in 0..<20_000 {
            let v = Double.random(in: -2_000...2_000, using: &generator)
            for d in [0, 2, 6, 7] {
                let ours = DecimalFormat.fixed(v, d), printf = String(format: "%.\(d)f", v)
                #expect(abs((Double(ours) ?? .nan) - (Double(printf) ?? 0)) <= pow(10, -Double(d)) * 1.0001, "\(v) \(d): \(ours) vs \(printf)")
            }
        }
        #expect(DecimalFormat.fixed(-0.0000001, 6) == "0.000000")
        #expect(DecimalFormat.fixed(12.5, 0) == "13" && DecimalFormat.fixed(-66.99, 2) == "-66.99")
    }
}
