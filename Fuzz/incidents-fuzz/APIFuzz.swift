import Foundation
import IncidentMapper

/// The server's request handling (query parameters, paths, bodies), through the library's
/// `FeaturesService` on a throw-away store (in /dev/shm when there is one).
///
/// An input is: one byte choosing the method and whether a valid token is sent, then the
/// request target (`/path?query`, percent-encoded as on the wire), a NUL, and the body.
/// Properties: never a 500; every JSON answer parses; every GeoJSON answer of a 2xx reads as
/// GeoJSON; a refused write (4xx) leaves the store's revision where it was.
enum APIFuzz {
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    static let base = "http://127.0.0.1:9"

    /// The service and its token, made on first use.
    static let setup: (service: FeaturesService, store: IncidentStore, token: String) = {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(folder)/incidents-fuzz-\(getpid()).gpkg"
        try? FileManager.default.removeItem(atPath: path)
        atexit { try? FileManager.default.removeItem(atPath: "/dev/shm/incidents-fuzz-\(getpid()).gpkg") }
        do {
            let store = try IncidentStore(path: path)
            let token = try store.createToken(name: "fuzz")
            var configuration = FeaturesService.Configuration(storePath: path)
            configuration.readers = 1
            configuration.maximumBodyBytes = 1 << 16
            let service = try FeaturesService(configuration: configuration)
            // A few incidents for the reads to find.
            for (lon, lat, kind) in [(-63.83, 11.17, "vessel-strike"), (-66.9, 12.5, "flight"), (-80.1, 8.2, "naval-position")] {
                let body = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"properties":{"kind":"\#(kind)","title":"seed","time_start":"2025-10-02T12:00:00Z"}}"#
                let answer = service.respond(to: APIRequest(method: "POST", path: "/collections/incidents/items", bearerToken: token,
                                                            contentType: "application/geo+json", body: Array(body.utf8), baseURL: base))
                guard answer.status == 201 else { violated("the seed POST gave \(answer.status)") }
            }
            return (service, store, token)
        } catch {
            violated("cannot set up the service: \(error)")
        }
    }()

    static let target = FuzzTarget(name: "api", prepare: {
        // The map page (the answer to a browser's `/`) simplifies the reference layers once:
        // seconds, which would otherwise count as the first such input's time.
        let page = setup.service.respond(to: APIRequest(method: "GET", path: "/", accept: "text/html", baseURL: base))
        guard page.status == 200 else { violated("the map page gave \(page.status)") }
    }) { bytes in
        guard bytes.count >= 1, bytes.count <= 1 << 16 else { return }
        let (service, store, token) = setup
        let selector = Int(bytes[0])
        let rest = Array(bytes.dropFirst())
        let split = rest.firstIndex(of: 0) ?? rest.count
        let target = String(decoding: rest[..<split], as: UTF8.self)
        let body = split < rest.count ? Array(rest[(split + 1)...]) : []
        let method = methods[selector % methods.count]
        let (rawPath, rawQuery) = target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) }
            ?? (target, nil)
        let path = rawPath.removingPercentEncoding ?? rawPath
        let contentType = selector & 0x10 == 0 ? "application/geo+json" : "application/merge-patch+json"
        let request = APIRequest(method: method, path: path.hasPrefix("/") ? path : "/" + path,
                                 query: APIRequest.queryItems(rawQuery), accept: selector & 0x20 == 0 ? nil : "text/html",
                                 bearerToken: selector & 0x40 == 0 ? token : nil, contentType: contentType, body: body, baseURL: base)
        let before = try? store.revision()
        let answer = service.respond(to: request)
        guard answer.status != 500 else {
            violated("500 for \(method) \(target.prefix(200).debugDescription): \(String(decoding: answer.body.prefix(300), as: UTF8.self))")
        }
        guard (200..<600).contains(answer.status) else { violated("status \(answer.status)") }
        if answer.contentType.contains("json") {
            guard let value = try? JSONParser().parse(answer.body) else {
                violated("\(answer.status) answer is not JSON for \(method) \(target.prefix(200).debugDescription)")
            }
            if answer.contentType.contains("geo+json"), (200..<300).contains(answer.status), (try? GeoJSONReader.read(json: value)) == nil {
                violated("\(answer.status) GeoJSON answer does not read as GeoJSON for \(method) \(target.prefix(200).debugDescription)")
            }
        }
        if answer.status >= 400, method != "GET", let before, let after = try? store.revision(), after != before {
            violated("a refused \(method) (\(answer.status)) changed the store: \(target.prefix(200).debugDescription)")
        }
    }
}
