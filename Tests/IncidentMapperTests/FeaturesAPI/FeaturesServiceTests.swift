import Foundation
import Testing
@testable import IncidentMapper

/// The OGC API service called directly (no HTTP): documents, paging, filters, errors, tokens
/// and writes, on the six incidents of FilterAndStatisticsTests whose answers are known.
@Suite(.serialized) struct FeaturesServiceTests {
    static let base = "http://127.0.0.1:9"

    /// The service on a store of six incidents, of this backend (its URL for PostGIS).
    static func service(_ backend: StoreBackend, readTokenRequired: Bool = false) throws -> (FeaturesService, any IncidentStoring) {
        let location = try backend.newLocation()
        let store = try FilterAndStatisticsTests.store(at: location)
        var configuration = FeaturesService.Configuration(storePath: location)
        configuration.readers = 2
        configuration.readTokenRequired = readTokenRequired
        configuration.maximumBodyBytes = 4_096
        return (try FeaturesService(configuration: configuration), store)
    }

    static func get(_ service: FeaturesService, _ path: String, _ query: [(String, String)] = [], accept: String? = nil,
                    token: String? = nil) -> APIResponse {
        service.respond(to: APIRequest(method: "GET", path: path, query: query.map { (name: $0.0, value: $0.1) },
                                       accept: accept, bearerToken: token, baseURL: base))
    }

    static func json(_ response: APIResponse) throws -> JSONObject {
        try #require(try JSONParser().parse(response.body).objectValue)
    }

    static func titles(_ response: APIResponse) throws -> [String] {
        try (json(response)["features"]?.arrayValue ?? []).compactMap { $0.objectValue?["properties"]?.objectValue?["title"]?.stringValue }
    }

    @Test(arguments: StoreBackend.underTest)
    func pagesFollowNextLinksToEveryIncidentInListingOrder(backend: StoreBackend) throws {
        let (service, _) = try FeaturesServiceTests.service(backend)
        var titles: [String] = []
        var query: [(String, String)] = [("limit", "4")]
        var pages = 0
        while true {
            let response = Self.get(service, "/collections/incidents/items", query)
            #expect(response.status == 200 && response.contentType == "application/geo+json")
            let doc = try Self.json(response)
            #expect(doc["numberMatched"]?.doubleValue == 6)
            titles += try Self.titles(response)
            pages += 1
            guard let next = doc["links"]?.arrayValue?.first(where: { $0.objectValue?["rel"]?.stringValue == "next" })?.objectValue?["href"]?.stringValue else { break }
            let raw = try #require(URLComponents(string: next)?.percentEncodedQuery)
            query = APIRequest.queryItems(raw).map { ($0.name, $0.value) }
        }
        #expect(pages == 2)
        // Listing order: by time (September, October, November), then by id.
        #expect(titles.count == 6)
        #expect(Set(titles.prefix(2)) == ["Strike off Paria", "Second strike"])
        #expect(titles.last == "Exercise")
    }

    @Test(arguments: StoreBackend.underTest)
    func filtersMatchTheCLIFilters(backend: StoreBackend) throws {
        let (service, _) = try FeaturesServiceTests.service(backend)
        func titles(_ query: [(String, String)]) throws -> Set<String> {
            let response = Self.get(service, "/collections/incidents/items", query + [("limit", "100")])
            #expect(response.status == 200, "\(query): \(String(decoding: response.body, as: UTF8.self))")
            return Set(try Self.titles(response))
        }
        #expect(try titles([("kind", "vessel-strike")]) == ["Strike off Paria", "Second strike", "Pacific strike"])
        #expect(try titles([("confidence", "confirmed,likely")]) == ["Strike off Paria", "Second strike", "Bombers near the coast", "Exercise"])
        #expect(try titles([("q", "mexico")]) == ["Second strike"])
        #expect(try titles([("bbox", "-70,10,-60,12"), ("kind", "vessel-strike")]) == ["Strike off Paria", "Second strike"])
        #expect(try titles([("datetime", "2025-10-01/2025-10-31")]) == ["Pacific strike", "Bombers near the coast", "Destroyer sighted"])
        #expect(try titles([("datetime", "2025-09-15")]) == ["Strike off Paria", "Second strike"])   // a date: that whole day
        #expect(try titles([("datetime", "../2025-09-30T00:00:00Z")]) == ["Strike off Paria", "Second strike"])
        // near: every incident lies on latitude 11. From 11,-62.3 (pyproj): Paria (-62) 17.703 nm,
        // Second strike (-63) 41.307 nm, Exercise (-61) 76.714 nm.
        func near(_ within: String) throws -> [(String, Double)] {
            let response = Self.get(service, "/collections/incidents/items", [("near", "11,-62.3"), ("within", within)])
            #expect(response.status == 200)
            return try (Self.json(response)["features"]?.arrayValue ?? []).map { f in
                let p = f.objectValue?["properties"]?.objectValue
                return (p?["title"]?.stringValue ?? "", p?["distance_nm"]?.doubleValue ?? -1)
            }
        }
        #expect(try near("40nm").map(\.0) == ["Strike off Paria"])
        #expect(abs((try near("40nm").first?.1 ?? 0) - 17.703) < 0.001)
        #expect(try near("80nm").map(\.0) == ["Strike off Paria", "Second strike", "Exercise"])
        #expect(try near("76.5nm").map(\.0) == ["Strike off Paria", "Second strike"])
    }

    @Test(arguments: StoreBackend.underTest)
    func badParametersAre400sNamingThem(backend: StoreBackend) throws {
        let (service, _) = try FeaturesServiceTests.service(backend)
        for (query, word) in [([("limit", "abc")], "limit"), ([("limit", "0")], "limit"), ([("bbox", "1,2,3")], "bbox"),
                              ([("bbox", "10,0,-10,5")], "antimeridian"), ([("datetime", "not-a-date")], "datetime"),
                              ([("datetime", "2025-10-02/2025-10-01")], "ends before"), ([("kind", "boat")], "kind"),
                              ([("unknownparam_xyz", "1")], "unknownparam_xyz"), ([("near", "11,-62")], "within"),
                              ([("near", "95,10"), ("within", "5nm")], "near"), ([("within", "5nm"), ("near", "1,1"), ("limit", "1"), ("limit", "2")], "more than once"),
                              ([("f", "xml")], "f must be")] {
            let response = Self.get(service, "/collections/incidents/items", query)
            #expect(response.status == 400, "\(query)")
            #expect(response.contentType == "application/problem+json")
            let detail = try Self.json(response)["detail"]?.stringValue ?? ""
            #expect(detail.contains(word), "\(query): \(detail)")
        }
        // A limit above the largest page is the largest page (Part 1), not an error.
        #expect(Self.get(service, "/collections/incidents/items", [("limit", "50000")]).status == 200)
        #expect(Self.get(service, "/collections/nothing/items").status == 404)
        #expect(Self.get(service, "/collections/incidents/items/\(UUID().lowercasedText)").status == 404)
        #expect(Self.get(service, "/collections/incidents/items/not-an-id").status == 404)
        #expect(Self.get(service, "/nowhere").status == 404)
        #expect(service.respond(to: APIRequest(method: "DELETE", path: "/collections", baseURL: Self.base)).status == 405)
    }

    @Test(arguments: StoreBackend.underTest)
    func documentsLinkToEachOther(backend: StoreBackend) throws {
        let (service, _) = try FeaturesServiceTests.service(backend)
        let landing = try Self.json(Self.get(service, "/"))
        let rels = Set((landing["links"]?.arrayValue ?? []).compactMap { $0.objectValue?["rel"]?.stringValue })
        #expect(rels.isSuperset(of: ["self", "service-desc", "conformance", "data"]))
        let collections = try Self.json(Self.get(service, "/collections"))["collections"]?.arrayValue ?? []
        #expect(collections.compactMap { $0.objectValue?["id"]?.stringValue } == ["incidents", "fir", "land", "maritime"])
        let incidents = try Self.json(Self.get(service, "/collections/incidents"))
        let interval = incidents["extent"]?.objectValue?["temporal"]?.objectValue?["interval"]?.arrayValue?.first?.arrayValue
        #expect(interval?.first?.stringValue == "2025-09-15T12:00:00.000Z")
        let api = Self.get(service, "/api")
        #expect(api.contentType.hasPrefix("application/vnd.oai.openapi+json"))
        let paths = try Self.json(api)["paths"]?.objectValue
        #expect(paths?["/collections/{collectionId}/items"]?.objectValue?["post"] != nil)
        // A reference layer: SVZM, found by id and by a bbox around Caracas.
        let svzm = Self.get(service, "/collections/fir/items/SVZM")
        #expect(svzm.status == 200)
        #expect(try Self.json(svzm)["properties"]?.objectValue?["name"]?.stringValue == "Maiquetía")
        let caracas = try Self.json(Self.get(service, "/collections/fir/items", [("bbox", "-67,10.4,-66.8,10.6")]))
        #expect(caracas["features"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } == ["SVZM"])
        // A browser gets HTML: the map at /, a table for items.
        #expect(Self.get(service, "/", accept: "text/html,application/xhtml+xml").contentType.hasPrefix("text/html"))
        let table = String(decoding: Self.get(service, "/collections/incidents/items", [("f", "html")]).body, as: UTF8.self)
        #expect(table.contains("<table>") && table.contains("Strike off Paria"))
    }
}

/// Writes through the service: tokens, validation, history, limits.
@Suite(.serialized) struct FeaturesServiceWriteTests {
    static let feature = """
        {"type":"Feature","geometry":{"type":"Point","coordinates":[-63.5,11.2]},
         "properties":{"kind":"vessel-strike","title":"Posted strike","time_start":"2025-11-02T10:00:00Z","killed":3,
                       "sources":[{"url":"https://example.org/posted","publisher":"Posted Wire"}]}}
        """

    static func send(_ service: FeaturesService, _ method: String, _ path: String, _ body: String, token: String?,
                     type: String = "application/geo+json") -> APIResponse {
        service.respond(to: APIRequest(method: method, path: path, bearerToken: token, contentType: type,
                                       body: Array(body.utf8), baseURL: FeaturesServiceTests.base))
    }

    @Test(arguments: StoreBackend.underTest)
    func aWriteNeedsALiveTokenAndChangesNothingWithout(backend: StoreBackend) throws {
        let (service, store) = try FeaturesServiceTests.service(backend)
        let token = try store.createToken(name: "newsroom")
        let before = try store.count()
        for bad in [nil, "", "imt_wrong", token + "x"] {
            let response = Self.send(service, "POST", "/collections/incidents/items", Self.feature, token: bad)
            #expect(response.status == 401, "\(bad ?? "nil")")
            #expect(response.headers.contains { $0.name == "WWW-Authenticate" })
        }
        #expect(try store.count() == before)
        try store.revokeToken(name: "newsroom")
        #expect(Self.send(service, "POST", "/collections/incidents/items", Self.feature, token: token).status == 401)
        #expect(try store.count() == before)
        #expect(try store.tokens().map(\.name) == ["newsroom"] && store.tokens().first?.revokedAt != nil)
    }

    @Test(arguments: StoreBackend.underTest)
    func aPostedIncidentIsStoredWithItsContextAndHistory(backend: StoreBackend) throws {
        let (service, store) = try FeaturesServiceTests.service(backend)
        let token = try store.createToken(name: "field team")
        let response = Self.send(service, "POST", "/collections/incidents/items", Self.feature, token: token)
        #expect(response.status == 201, "\(String(decoding: response.body, as: UTF8.self))")
        #expect(response.actor == "field team")
        let location = try #require(response.headers.first { $0.name == "Location" }?.value)
        let id = try #require(UUID(text: String(location.split(separator: "/").last ?? "")))
        let stored = try #require(try store.incident(id: id))
        #expect(stored.title == "Posted strike" && stored.casualties.killed == 3 && stored.kind == .vesselStrike)
        // The context is computed as for `log`: 11.2 N 63.5 W is in SVZM.
        #expect(stored.context?.firID == "SVZM")
        let history = try store.history(of: id)
        #expect(history.map(\.action) == [.log] && history.first?.reason?.contains("field team") == true)
        // It is among the items, and the collection's revision moved.
        let items = FeaturesServiceTests.get(service, "/collections/incidents/items", [("q", "posted")])
        #expect(try FeaturesServiceTests.titles(items) == ["Posted strike"])
        // PATCH one field; PUT the whole; DELETE: each in the history.
        let patch = Self.send(service, "PATCH", "/collections/incidents/items/\(id.lowercasedText)",
                              #"{"properties":{"killed":4,"title":"Posted strike (revised)"}}"#, token: token, type: "application/merge-patch+json")
        #expect(patch.status == 200)
        #expect(try store.incident(id: id)?.casualties.killed == 4 && store.incident(id: id)?.title == "Posted strike (revised)")
        #expect(try store.incident(id: id)?.sources.first?.publisher == "Posted Wire")   // untouched by the patch
        let put = Self.send(service, "PUT", "/collections/incidents/items/\(id.lowercasedText)",
                            Self.feature.replacingOccurrences(of: "Posted strike", with: "Replaced"), token: token)
        #expect(put.status == 200)
        #expect(try store.incident(id: id)?.title == "Replaced")
        #expect(Self.send(service, "DELETE", "/collections/incidents/items/\(id.lowercasedText)", "", token: token).status == 204)
        #expect(try store.incident(id: id) == nil)
        #expect(try store.history(of: id).map(\.action) == [.log, .edit, .edit, .delete])
    }

    @Test(arguments: StoreBackend.underTest)
    func badBodiesAreRefusedNamingWhatIsWrong(backend: StoreBackend) throws {
        let (service, store) = try FeaturesServiceTests.service(backend)
        let token = try store.createToken(name: "script")
        let before = try store.count()
        let cases: [(String, String, Int, String)] = [
            (#"{"type":"Feature","geometry":null,"properties":{"kind":"boat"}}"#, "application/geo+json", 400, "kind"),
            (#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-63,95]},"properties":{}}"#, "application/geo+json", 400, "latitude"),
            (#"{"type":"Feature","geometry":null,"properties":{"time_start":"yesterday"}}"#, "application/json", 400, "time_start"),
            (#"{"type":"Feature","geometry":null,"properties":{"killed":-2}}"#, "application/json", 400, "killed"),
            (#"{"type":"FeatureCollection","features":[]}"#, "application/json", 400, "Feature"),
            (#"{"type":"Feature","#, "application/json", 400, "JSON"),
            (Self.feature, "text/plain", 415, "application/geo+json"),
            (String(repeating: " ", count: 5_000) + Self.feature, "application/json", 413, "largest"),
        ]
        for (body, type, status, word) in cases {
            let response = Self.send(service, "POST", "/collections/incidents/items", body, token: token, type: type)
            let detail = (try? FeaturesServiceTests.json(response)["detail"]?.stringValue) ?? ""
            #expect(response.status == status, "\(body.prefix(60)): \(detail)")
            #expect(detail.lowercased().contains(word.lowercased()), "\(body.prefix(60)): \(detail)")
        }
        #expect(try store.count() == before)
        // The path's id and the body's must agree.
        let other = UUID().lowercasedText
        let existing = try #require(try store.incidents().first?.id.lowercasedText)
        let mismatch = Self.send(service, "PUT", "/collections/incidents/items/\(existing)",
                                 Self.feature.replacingOccurrences(of: "{\"type\":\"Feature\",", with: "{\"type\":\"Feature\",\"id\":\"\(other)\","), token: token)
        #expect(mismatch.status == 400)
    }

    @Test(arguments: StoreBackend.underTest)
    func readsCanNeedATokenToo(backend: StoreBackend) throws {
        let (service, store) = try FeaturesServiceTests.service(backend, readTokenRequired: true)
        #expect(FeaturesServiceTests.get(service, "/collections/incidents/items").status == 401)
        let token = try store.createToken(name: "reader")
        #expect(FeaturesServiceTests.get(service, "/collections/incidents/items", token: token).status == 200)
    }

    @Test func tokensAreStoredHashedAndComparedWhole() throws {
        let store = try IncidentStore(path: IncidentStoreTests.temporaryPath())
        let token = try store.createToken(name: "a")
        #expect(token.hasPrefix("imt_") && token.count == 47)
        #expect(try store.tokenName(for: token) == "a")
        #expect(try store.tokenName(for: String(token.dropLast())) == nil)
        #expect(throws: StoreError.self) { try store.createToken(name: "a") }
        // The file holds the hash, never the token.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(bytes.range(of: Data(token.utf8)) == nil)
        #expect(bytes.range(of: Data(IncidentStore.tokenHash(token).utf8)) != nil)
        #expect(IncidentStore.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!IncidentStore.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!IncidentStore.constantTimeEqual(Array("abc".utf8), Array("ab".utf8)))
    }
}
