import Foundation
import Testing
@testable import IncidentMapper

/// Nicolas Seriot's JSONTestSuite (`../shared/conformance/json/test_parsing`, 318 files): every
/// `y_` file parses, every `n_` file is refused with an error, and no `i_` file crashes or hangs.
/// The parser runs as RFC 8259 reads JSON (duplicate keys allowed); the tool's readers refuse
/// duplicates on top of that, which a separate assertion covers.
struct JSONTestSuiteTests {
    static func files() throws -> [URL] {
        let folder = try #require(ConformanceSuite.directory("json/test_parsing"),
                                  "JSONTestSuite is missing under \(ConformanceSuite.root.path)")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(.enabled(if: ConformanceSuite.runs("json/test_parsing")))
    func everyFileIsReadAsTheSuiteSays() throws {
        let files = try Self.files()
        #expect(files.count == 318)
        var accepted = 0, refused = 0, either = 0
        let parser = JSONParser(maxDepth: 512, rejectsDuplicateKeys: false)
        for file in files {
            let name = file.lastPathComponent
            let bytes = Array(try Data(contentsOf: file))
            let result = Result { () throws(JSONParseError) -> JSONValue in try parser.parse(bytes) }
            switch name.prefix(2) {
            case "y_":
                if case .failure(let error) = result { Issue.record("\(name) must parse: \(error.description)") } else { accepted += 1 }
            case "n_":
                if case .success = result { Issue.record("\(name) must be refused") } else { refused += 1 }
            default:
                either += 1   // implementation-defined: any answer but a crash
            }
        }
        #expect(accepted == 95 && refused == 188 && either == 35)
    }

    @Test(.enabled(if: ConformanceSuite.runs("json/test_parsing")))
    func theToolsReadersRefuseDuplicateKeys() throws {
        let folder = try #require(ConformanceSuite.directory("json/test_parsing"))
        let duplicated = Array(try Data(contentsOf: folder.appendingPathComponent("y_object_duplicated_key.json")))
        #expect(throws: JSONParseError.self) { try JSONParser().parse(duplicated) }
    }
}
