import Foundation
import Testing
@testable import IncidentMapper

/// The store's UUID reader and writer agree with Foundation's on random UUIDs, in either case,
/// and refuse what Foundation refuses (and a padded id Foundation takes).
struct UUIDTextTests {
    @Test func agreesWithFoundation() {
        for _ in 0..<2_000 {
            let id = UUID()
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: id.lowercasedText) == id)
            #expect(id.lowercasedText == id.uuidString.lowercased())
        }
        let bad = ["", "0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5", "0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5ef", "0e9a3c52x7f0b-4f5e-9c1e-2d6a1b3c4d5e",
                   "0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5g", "{e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5e", "0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5é"]
        for text in bad {
            #expect(UUID(text: text) == nil, "\(text)")
            #expect(UUID(uuidString: text) == nil, "Foundation: \(text)")
        }
        // Stricter than Foundation (whose sscanf skips a leading space): a stored id is exact.
        #expect(UUID(text: " 0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5") == nil)
        #expect(UUID(text: "0E9A3C52-7F0B-4F5E-9C1E-2D6A1B3C4D5E") == UUID(uuidString: "0e9a3c52-7f0b-4f5e-9c1e-2d6a1b3c4d5e"))
    }
}
