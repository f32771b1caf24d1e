import Foundation
import Testing
@testable import IncidentMapper

/// The quick reader of the store's own JSON columns answers as the full parser does, or not at
/// all (nil: the full parser then decides); it never answers differently.
struct StoredJSONListTests {
    @Test func answersAsTheFullParserOrNotAtAll() throws {
        let pieces = ["a", "caribbean; east", "día — 東京", "quote \" here", "back\\slash", "tab\t", "", "https://x.org/?a=1&b=2"]
        var answered = 0
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let tags = (0..<Int.random(in: 0...3, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            let sources = (0..<Int.random(in: 0...3, using: &generator)).map { i in
                Source(url: pieces.randomElement(using: &generator)! + "\(i)", publisher: Bool.random(using: &generator) ? pieces.randomElement(using: &generator) : nil,
                       date: Bool.random(using: &generator) ? "2025-09-02" : nil)
            }
            let tagText = JSONWriter.string(.array(tags.map(JSONValue.string)))
            let sourceText = IncidentRow.sourcesJSON(sources)
            for text in [tagText, " " + tagText, tagText.replacingOccurrences(of: ",", with: ", ")] {
                let parsed = try JSONParser().parse(text).arrayValue?.compactMap(\.stringValue)
                if let quick = StoredJSONList.strings(text) { #expect(quick == parsed, "\(text)"); answered += 1 }
            }
            if let quick = StoredJSONList.objects(sourceText) {
                let parsed = try JSONParser().parse(sourceText).arrayValue ?? []
                #expect(quick.count == parsed.count)
                for (q, p) in zip(quick, parsed) {
                    for key in ["url", "publisher", "date"] { #expect(q[key] == p.objectValue?[key]?.stringValue) }
                }
                answered += 1
            }
        }
        #expect(answered > 1_000)   // the quick path is taken for ordinary text
        for odd in [#"["a",1]"#, #"[null]"#, #"[{"url":null}]"#, #"[{"url":"a","url":"b"}]"#, #"["a"] "#, #"["a""#, "", "[", #"[{"url":"a"},]"#] {
            #expect(StoredJSONList.strings(odd) == nil && StoredJSONList.objects(odd) == nil, "\(odd)")
        }
        #expect(StoredJSONList.strings("[]") == [] && StoredJSONList.objects("[]")?.isEmpty == true)
        #expect(StoredJSONList.objects(#"[{"date":"2025","url":"u"}]"#) == [["date": "2025", "url": "u"]])
    }
}
