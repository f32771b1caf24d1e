import Foundation
import GRDB
import Testing
@testable import IncidentMapper

/// The service against hostile input (issue 10, item 7 and item 4 for endpoints): injection in
/// every parameter, path traversal, garbage bodies and URLs, what a 500 says, CORS, and the
/// token comparison. Each answer must be a 4xx problem (never a 5xx) and the store unchanged.
/// The limits that live in the HTTP layer (timeouts, connection cap, head size) are checked over
/// real sockets by Tests/server/harden_check.sh.
@Suite(.serialized) struct FeaturesServiceHardeningTests {
    typealias T = FeaturesServiceTests

    /// Everything a request could have changed: the rows, the tables and their definitions.
    static func fingerprint(_ store: any IncidentStoring) throws -> String {
        if let store = store as? PostGISIncidentStore {
            return try store.pool.with { connection in
                let schema = try connection.execute("""
                    SELECT string_agg(table_name || ' ' || column_name || ' ' || data_type, E'\\n' ORDER BY table_name, column_name)
                    FROM information_schema.columns WHERE table_schema = current_schema()
                    """).string(0, 0) ?? ""
                let rows = try connection.execute("""
                    SELECT string_agg(id::text || title || coalesce(deleted_at::text, '') || updated_at::text, E'\\n' ORDER BY id) FROM incidents
                    """).string(0, 0) ?? ""
                let tokens = try connection.execute("SELECT count(*) FROM api_tokens").string(0, 0) ?? "-1"
                return [schema, rows, tokens].joined(separator: "\n")
            }
        }
        let store = store as! IncidentStore
        return try store.writeDatabase { db in
            let schema = try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
            let rows = try String.fetchAll(db, sql: "SELECT id || title || coalesce(deleted_at, '') || updated_at FROM incidents ORDER BY id")
            let tokens = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(GeoPackageSchema.tokensTable)") ?? -1
            return (schema + rows + ["\(tokens)"]).joined(separator: "\n")
        }
    }

    /// The store's tables, by name.
    static func tableNames(_ store: any IncidentStoring) throws -> [String] {
        if let store = store as? PostGISIncidentStore {
            return try store.pool.with { connection in
                let rows = try connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
                return (0..<rows.rowCount).compactMap { rows.string($0, 0) }
            }
        }
        return try (store as! IncidentStore).writeDatabase { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master ORDER BY name") }
    }

    static func detail(_ response: APIResponse) -> String {
        (try? T.json(response)["detail"]?.stringValue) ?? "<no problem body: \(String(decoding: response.body.prefix(200), as: UTF8.self))>"
    }

    static let injections = [
        "' OR '1'='1", "' OR 1=1 --", "1; DROP TABLE incidents; --", "\") OR 1=1 --", "vessel-strike' --",
        "x' UNION SELECT name, sql FROM sqlite_master --", "%' OR title LIKE '%", "1) OR (1=1", "*", "\" OR \"\" = \"",
        "NEAR(strike paria)", "title:strike OR kind:flight", "strike OR NOT x", "\"unterminated", "'; ATTACH DATABASE '/tmp/x' AS x; --",
        "\u{0}", "strike\u{0}' OR 1=1", "SVZM' OR '1'='1", "VEN' --", "-62,10,-60,12) OR (1=1",
    ]

    @Test(arguments: StoreBackend.underTest)
    func injectionInEveryParameterIsBoundOrRefused(backend: StoreBackend) throws {
        let (service, store) = try T.service(backend)
        let before = try Self.fingerprint(store)
        let valid = ["f": "json", "limit": "5", "offset": "0", "bbox": "-70,10,-60,12", "bbox-crs": ItemsQuery.crs84,
                     "datetime": "2025-09-15", "kind": "vessel-strike", "confidence": "likely", "fir": "SVZM",
                     "zone": "high-seas", "state": "VEN", "q": "strike", "near": "11,-62.3", "within": "40nm"]
        let strikeMatches = try T.json(T.get(service, "/collections/incidents/items", [("q", "strike")]))["numberMatched"]?.doubleValue ?? 0
        #expect(strikeMatches > 0 && strikeMatches < 6)
        for parameter in ItemsQuery.coreParameters + ItemsQuery.incidentParameters {
            for injection in Self.injections {
                for value in [injection, (valid[parameter] ?? "") + injection] {
                    var query = [(parameter, value)]
                    if parameter == "near" { query.append(("within", "40nm")) }
                    if parameter == "within" { query.append(("near", "11,-62.3")) }
                    let response = T.get(service, "/collections/incidents/items", query)
                    let detail = Self.detail(response)
                    if parameter == "q" {
                        // Bound as an FTS phrase per word: the words are searched for, not run,
                        // so an injection never widens the search (an 'OR 1=1' that ran would
                        // match all six): none alone matches, and with 'strike' in front at
                        // most what 'strike' matches ('strike*' is a prefix search: as many).
                        if response.status == 200 {
                            let matched = try T.json(response)["numberMatched"]?.doubleValue ?? -1
                            #expect(matched == 0 || (value.hasPrefix("strike") && matched <= strikeMatches),
                                    "q=\(value.debugDescription): \(matched)")
                        } else {
                            #expect(response.status == 400 && detail.contains("q"), "q=\(value.debugDescription): \(response.status) \(detail)")
                        }
                    } else if parameter == "f" {
                        #expect(response.status == 400 && detail.contains("f must be"), "f=\(value): \(detail)")
                    } else {
                        #expect(response.status == 400, "\(parameter)=\(value.debugDescription): \(response.status) \(detail)")
                        #expect(detail.contains(parameter), "\(parameter)=\(value.debugDescription): \(detail)")
                    }
                    #expect(response.contentType.hasPrefix(response.status == 200 ? "application/geo+json" : "application/problem+json"))
                }
            }
            // As a parameter's name, too.
            for injection in Self.injections {
                #expect(T.get(service, "/collections/incidents/items", [(injection, "1")]).status == 400, "name \(injection)")
            }
        }
        // In the path: a collection, a feature id (404; 400 for a NUL).
        for injection in Self.injections {
            let encoded = injection.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let expected = injection.contains("\u{0}") ? 400 : 404
            #expect(T.get(service, "/collections/\(encoded)/items").status == expected, "collection \(injection.debugDescription)")
            #expect(T.get(service, "/collections/incidents/items/\(encoded)").status == expected, "feature \(injection.debugDescription)")
            #expect(T.get(service, "/collections/fir/items/\(encoded)").status == expected, "fir feature \(injection.debugDescription)")
        }
        #expect(try Self.fingerprint(store) == before)
        // The filters still give their hand-worked answers afterwards.
        #expect(Set(try T.titles(T.get(service, "/collections/incidents/items", [("kind", "vessel-strike")])))
                == ["Strike off Paria", "Second strike", "Pacific strike"])
    }

    @Test(arguments: StoreBackend.underTest)
    func injectionInABodyIsStoredAsText(backend: StoreBackend) throws {
        let (service, store) = try T.service(backend)
        let token = try store.createToken(name: "injector")
        let tables = try Self.tableNames(store)
        let title = "'); DROP TABLE incidents; -- \" OR 1=1"
        let body = FeaturesServiceWriteTests.feature.replacingOccurrences(of: "Posted strike", with: title.replacingOccurrences(of: "\"", with: "\\\""))
        let response = FeaturesServiceWriteTests.send(service, "POST", "/collections/incidents/items", body, token: token)
        #expect(response.status == 201, "\(Self.detail(response))")
        #expect(try store.incidents().contains { $0.title == title })
        #expect(try Self.tableNames(store) == tables)
    }

    @Test func pathTraversalReachesNoFile() throws {
        let (service, _) = try T.service(.geoPackage)
        for path in [
        "/collections/../../../../etc/passwd", "/collections/..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/collections/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..", "/../../etc/passwd", "//etc/passwd", "/collections/fir/items/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/collections/fir/items/%2Fetc%2Fpasswd", "/collections/fir%2Fitems", "/collections/incidents/items/%2e%2e",
        "/collections/incidents/items/..%5C..%5Cetc%5Cpasswd", "/collections/fir/items/SVZM%00.json", "/collections/fir%00/items",
        "/collections/%2e%2e%2f%2e%2e%2f/items", "/api/../../etc/passwd", "/collections/land/items/%252e%252e%252fetc%252fpasswd",
        ] {
            let response = T.get(service, path)
            #expect(response.status == 404 || response.status == 400, "\(path): \(response.status)")
            #expect(response.contentType == "application/problem+json")
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(!text.contains("root:") && !text.contains("/bin/"), "\(path): \(text)")
        }
        // An encoded slash stays inside its segment: 'fir%2Fitems' is a collection's name (none),
        // not the fir collection's items.
        #expect(T.get(service, "/collections/fir%2Fitems").status == 404)
        #expect(T.get(service, "/collections/fir/items").status == 200)
    }

    /// The service reads no file while answering: collections and features are looked up by
    /// name in the store and in the layers read at start. If this fails, a file is now opened
    /// per request: check that no request part reaches its path before changing the list.
    @Test func theServiceSourcesOpenNoFile() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Sources/IncidentMapper/FeaturesAPI").standardizedFileURL
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 8)
        for file in files {
            // Opening the configured store at start is no file a request names.
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                .replacingOccurrences(of: "IncidentStores.open(configuration.storePath", with: "")
                .replacingOccurrences(of: "IncidentStores.open(location", with: "")
            for call in ["FileManager", "contentsOf:", "fileURLWithPath", "fopen(", "FileHandle", "Bundle.", "open(", "IncidentStore(path: request"] {
                #expect(!text.contains(call), "\(file) calls \(call)")
            }
        }
    }

    @Test func undecodableURLsAre400s() throws {
        let (service, _) = try T.service(.geoPackage)
        for path in ["/collections/%FF/items", "/collections/incidents/items/%C0%AE%C0%AE", "/collections/%zz", "/%"] {
            let response = T.get(service, path)
            #expect(response.status == 400 && Self.detail(response).contains("percent-encoded UTF-8"), "\(path): \(Self.detail(response))")
        }
        for raw in ["q=%FF", "kind=%C3%28", "limit=%zz", "%FF=1", "q=ok&bbox=%E2%82"] {
            let (query, undecodable) = APIRequest.decodedQuery(raw)
            var request = APIRequest(method: "GET", path: "/collections/incidents/items", query: query, baseURL: T.base)
            request.undecodableQuery = undecodable
            let response = service.respond(to: request)
            #expect(response.status == 400 && Self.detail(response).contains("not percent-encoded UTF-8"), "\(raw): \(Self.detail(response))")
        }
        #expect(APIRequest.decodedQuery("a=x%20y&b=%E2%82%AC+1").undecodable == nil)
        #expect(APIRequest.decodedQuery("a=x%20y&b=%E2%82%AC+1").items.map(\.value) == ["x y", "€ 1"])
    }

    @Test func hugeAndNaNNumbersInTheQueryAre400s() throws {
        let (service, _) = try T.service(.geoPackage)
        let cases: [[(String, String)]] = [
            [("limit", "1e400")], [("limit", "NaN")], [("limit", "99999999999999999999999")], [("limit", "-1")],
            [("offset", "-1")], [("offset", "1e400")], [("offset", "NaN")],
            [("bbox", "nan,nan,nan,nan")], [("bbox", "-1e400,0,1e400,1")], [("bbox", "inf,0,1,1")], [("bbox", String(repeating: "1,", count: 10_000) + "1")],
            [("near", "NaN,NaN"), ("within", "5nm")], [("near", "1e400,1"), ("within", "5nm")], [("near", "11,-62"), ("within", "1e400nm")],
            [("near", "11,-62"), ("within", "NaNnm")], [("near", "11,-62"), ("within", "-5nm")], [("near", "11,-62"), ("within", "infkm")],
            [("datetime", "99999999-01-01")], [("datetime", "2025-13-45")], [("datetime", "NaN")], [("datetime", String(repeating: "/", count: 5_000))],
        ]
        for query in cases {
            let response = T.get(service, "/collections/incidents/items", query)
            #expect(response.status == 400, "\(query.map { "\($0.0)=\($0.1.prefix(40))" }): \(response.status) \(Self.detail(response))")
            #expect(response.contentType == "application/problem+json")
        }
        // The largest offset is a valid, empty page.
        let last = T.get(service, "/collections/incidents/items", [("offset", String(Int.max))])
        #expect(last.status == 200, "\(Self.detail(last))")
        #expect(try T.json(last)["numberReturned"]?.doubleValue == 0)
        let lastNear = T.get(service, "/collections/incidents/items", [("offset", String(Int.max)), ("near", "11,-62"), ("within", "100nm")])
        #expect(lastNear.status == 200, "\(Self.detail(lastNear))")
    }

    /// Garbage to every endpoint that takes a body, and to those that do not: a 4xx problem,
    /// never a 5xx, and nothing written.
    @Test func garbageBodiesAre4xxProblemsAndChangeNothing() throws {
        let (service, store) = try T.service(.geoPackage)
        let token = try store.createToken(name: "fuzzer")
        let existing = try #require(try store.incidents().first?.id.lowercasedText)
        let before = try Self.fingerprint(store)
        let point = #"{"type":"Point","coordinates":[-63.5,11.2]}"#
        var random = SystemRandomNumberGenerator()
        let bodies: [(String, [UInt8])] = [
            ("empty", []),
            ("binary", (0..<3_000).map { _ in UInt8.random(in: 0...255, using: &random) }),
            ("NUL bytes", [UInt8](repeating: 0, count: 100)),
            ("100,000-deep arrays", Array(String(repeating: "[", count: 100_000).utf8) + Array(String(repeating: "]", count: 100_000).utf8)),
            ("100,000-deep objects", Array(String(repeating: #"{"a":"#, count: 100_000).utf8) + [UInt8](repeating: UInt8(ascii: "}"), count: 100_000)),
            ("deep in properties", Array((#"{"type":"Feature","geometry":\#(point),"properties":{"tags":"# + String(repeating: "[", count: 100_000)).utf8)),
            ("invalid UTF-8 in a string", Array(#"{"type":"Feature","geometry":\#(point),"properties":{"title":""#.utf8) + [0xC3, 0x28, 0xFF, 0xFE] + Array(#""}}"#.utf8)),
            ("overlong UTF-8", Array(#"{"type":"Feature","geometry":null,"properties":{"title":""#.utf8) + [0xC0, 0xAF] + Array(#""}}"#.utf8)),
            ("lone surrogate", Array(#"{"type":"Feature","geometry":null,"properties":{"title":"\uD800"}}"#.utf8)),
            ("NaN coordinate", Array(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,11]},"properties":{}}"#.utf8)),
            ("Infinity", Array(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[Infinity,11]},"properties":{}}"#.utf8)),
            ("1e400 coordinate", Array(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1e400,11]},"properties":{}}"#.utf8)),
            ("-1e400 latitude", Array(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-63,-1e400]},"properties":{}}"#.utf8)),
            ("1e400 killed", Array(#"{"type":"Feature","geometry":\#(point),"properties":{"kind":"vessel-strike","killed":1e400}}"#.utf8)),
            ("huge killed", Array(#"{"type":"Feature","geometry":\#(point),"properties":{"kind":"vessel-strike","killed":99999999999999999999999999}}"#.utf8)),
            ("fractional killed", Array(#"{"type":"Feature","geometry":\#(point),"properties":{"kind":"vessel-strike","killed":2.5}}"#.utf8)),
            ("1e-400 coordinate", Array(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1e-400,1e-400]},"properties":{"kind":"nonsense"}}"#.utf8)),
            ("a number as the body", Array("1e999999".utf8)),
            ("a long number", Array(("1" + String(repeating: "0", count: 3_000)).utf8)),
            ("a string", Array(#""Feature""#.utf8)),
            ("null", Array("null".utf8)),
            ("trailing garbage", Array((FeaturesServiceWriteTests.feature + "}{").utf8)),
            ("duplicate keys", Array(#"{"type":"Feature","type":"Feature","geometry":null,"properties":{}}"#.utf8)),
        ]
        let targets: [(String, String, String)] = [
            ("POST", "/collections/incidents/items", "application/geo+json"),
            ("PUT", "/collections/incidents/items/\(existing)", "application/geo+json"),
            ("PATCH", "/collections/incidents/items/\(existing)", "application/merge-patch+json"),
        ]
        for (method, path, type) in targets {
            for (name, body) in bodies {
                let response = service.respond(to: APIRequest(method: method, path: path, bearerToken: token, contentType: type,
                                                              body: body, baseURL: T.base))
                // 413 for the large ones (the test service takes 4,096 bytes); else 400.
                #expect((400..<500).contains(response.status), "\(method) \(name): \(response.status) \(Self.detail(response))")
                #expect(response.contentType == "application/problem+json", "\(method) \(name)")
                #expect(response.status == (body.count > 4_096 ? 413 : 400), "\(method) \(name): \(response.status) \(Self.detail(response))")
            }
        }
        // The endpoints that take no body: a body is ignored or refused, never a 5xx.
        for path in ["/", "/conformance", "/api", "/collections", "/collections/incidents", "/collections/incidents/queryables",
                     "/collections/incidents/items", "/collections/fir/items/SVZM", "/collections/incidents/items/\(existing)"] {
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "BREW"] {
                for (name, body) in bodies.prefix(4) {
                    let response = service.respond(to: APIRequest(method: method, path: path, contentType: "application/octet-stream",
                                                                  body: body, baseURL: T.base))
                    #expect(response.status < 500, "\(method) \(path) \(name): \(response.status) \(Self.detail(response))")
                }
            }
        }
        #expect(try Self.fingerprint(store) == before)
    }

    /// A failure inside is a 500 that says nothing of its cause; the cause is for the log.
    @Test func a500LeaksNoSQLAndTheLogHasTheCause() throws {
        let (service, store) = try T.service(.geoPackage)
        // Break the store under the running service: full-text search has no table any more.
        try (store as! IncidentStore).writeDatabase { db in try db.execute(sql: "DROP TABLE \(GeoPackageSchema.searchTable)") }
        let response = T.get(service, "/collections/incidents/items", [("q", "strike")])
        #expect(response.status == 500)
        #expect(response.contentType == "application/problem+json")
        let body = String(decoding: response.body, as: UTF8.self)
        for leak in ["SELECT", "MATCH", "incidents_search", "no such table", "SQLite", "sqlite", "GRDB", "database", ".swift", "StoreError", "DatabaseError", "0x"] {
            #expect(!body.contains(leak), "the 500 says '\(leak)': \(body)")
        }
        #expect(Self.detail(response) == "the server failed to answer this request; its log says why")
        let log = try #require(response.logDetail)
        #expect(log.contains("no such table") || log.contains(GeoPackageSchema.searchTable), "\(log)")
        // A request that does not touch the broken part still answers.
        #expect(T.get(service, "/collections/incidents/items").status == 200)
    }

    @Test func corsIsOffUnlessConfigured() throws {
        let (service, store) = try T.service(.geoPackage)
        func send(_ service: FeaturesService, _ method: String, origin: String?) -> APIResponse {
            var request = APIRequest(method: method, path: "/collections/incidents/items", baseURL: T.base, origin: origin)
            request.query = []
            return service.respond(to: request)
        }
        for method in ["GET", "OPTIONS", "POST"] {
            let response = send(service, method, origin: "https://evil.example")
            #expect(!response.headers.contains { $0.name.lowercased().hasPrefix("access-control-") }, "\(method): \(response.headers)")
        }
        #expect(send(service, "OPTIONS", origin: "https://evil.example").status == 405)
        // Configured: that origin only.
        var configuration = FeaturesService.Configuration(storePath: store.location)
        configuration.readers = 1
        configuration.corsOrigins = ["https://maps.example.org"]
        let open = try FeaturesService(configuration: configuration)
        let allowed = send(open, "GET", origin: "https://maps.example.org")
        #expect(allowed.status == 200)
        #expect(allowed.headers.contains { $0.name == "Access-Control-Allow-Origin" && $0.value == "https://maps.example.org" })
        #expect(allowed.headers.contains { $0.name == "Vary" && $0.value == "Origin" })
        let preflight = send(open, "OPTIONS", origin: "https://maps.example.org")
        #expect(preflight.status == 204)
        #expect(preflight.headers.contains { $0.name == "Access-Control-Allow-Methods" && $0.value.contains("POST") })
        #expect(preflight.headers.contains { $0.name == "Access-Control-Allow-Headers" && $0.value.contains("Authorization") })
        for other in ["https://evil.example", "https://maps.example.org.evil.example", "null", "HTTPS://MAPS.EXAMPLE.ORG"] {
            #expect(!send(open, "GET", origin: other).headers.contains { $0.name.hasPrefix("Access-Control-") }, "\(other)")
            #expect(send(open, "OPTIONS", origin: other).status == 405, "\(other)")
        }
        #expect(!send(open, "GET", origin: nil).headers.contains { $0.name.hasPrefix("Access-Control-") })
        configuration.corsOrigins = ["*"]
        let any = try FeaturesService(configuration: configuration)
        #expect(send(any, "GET", origin: "https://anywhere.example").headers.contains { $0.name == "Access-Control-Allow-Origin" && $0.value == "*" })
        try open.close()
        try any.close()
    }

    /// The bytes of one side, counting how many are read.
    struct CountingBytes: RandomAccessCollection {
        final class Counter: @unchecked Sendable { var reads = 0 }
        let bytes: [UInt8]
        let counter: Counter
        var startIndex: Int { 0 }
        var endIndex: Int { bytes.count }
        subscript(i: Int) -> UInt8 { counter.reads += 1; return bytes[i] }
    }

    /// Structural, not a stopwatch: the comparison reads every byte of both sides whether the
    /// first difference is at the first byte, the last, or nowhere, so its work (and so its
    /// time) does not depend on how much of a guess is right.
    @Test func tokenComparisonReadsEveryByteWhateverTheFirstDifference() {
        let secret = Array(IncidentStore.tokenHash("imt_the-real-token").utf8)
        #expect(secret.count == 64)
        var guesses: [(String, [UInt8], Bool)] = [("equal", secret, true)]
        for position in [0, 1, 31, 62, 63] {
            var guess = secret
            guess[position] ^= 0x01
            guesses.append(("differs at \(position)", guess, false))
        }
        guesses.append(("differs everywhere", secret.map { $0 ^ 0xFF }, false))
        for (name, guess, equal) in guesses {
            let counter = CountingBytes.Counter()
            let result = IncidentStore.constantTimeEqual(CountingBytes(bytes: secret, counter: counter), CountingBytes(bytes: guess, counter: counter))
            #expect(result == equal, "\(name)")
            #expect(counter.reads == 128, "\(name): \(counter.reads) bytes read, not 128")
        }
        // The check is on the hash: a guess's length says nothing (every hash is 64 bytes).
        #expect(IncidentStore.tokenHash("a").utf8.count == IncidentStore.tokenHash(String(repeating: "a", count: 10_000)).utf8.count)
    }

    /// Each live token is found wherever it stands among the live ones, and a wrong one of the
    /// right shape is not (`tokenName` compares the hash with every live hash and keeps the
    /// match: no early exit, so the match's position does not show in the time either).
    @Test func eachLiveTokenIsFoundWhereverItStands() throws {
        let store = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        let tokens = try (0..<5).map { try store.createToken(name: "t\($0)") }
        for (i, token) in tokens.enumerated() { #expect(try store.tokenName(for: token) == "t\(i)") }
        #expect(try store.tokenName(for: "imt_" + String(repeating: "A", count: 43)) == nil)
    }
}
