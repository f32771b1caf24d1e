import Foundation

/// The OGC API - Features service of `incidents serve`: every rule of the API (routes,
/// parameters, documents, paging, errors, tokens, writes) lives here, so any HTTP server can
/// carry it (the tool's is Hummingbird) and tests call it directly.
///
/// Collections: `incidents` (the store, with the filters of `incidents list` and `near`) and
/// the reference layers `fir`, `land` and `maritime`. JSON (GeoJSON for features) by default;
/// HTML with `f=html` or a browser's `Accept`; the landing page in HTML is the live map.
public final class FeaturesService: @unchecked Sendable {   // the context computer is used only under writeLock
    /// What a service is made of.
    public struct Configuration: Sendable {
        /// The store file (it must exist).
        public var storePath: String
        /// Connections reading at once.
        public var readers: Int = 4
        /// Reads need a token too (writes always do).
        public var readTokenRequired = false
        /// The largest request body accepted (a larger one gets 413).
        public var maximumBodyBytes = 1 << 20
        /// The page's title.
        public var title = "Incidents"
        /// The origins whose pages may call the API from a browser (CORS), e.g.
        /// `https://maps.example.org`, or `*` for any. Empty (the default): no CORS header is
        /// ever sent, so browsers keep other sites' pages from reading the answers.
        public var corsOrigins: [String] = []

        public init(storePath: String) { self.storePath = storePath }
    }

    public let configuration: Configuration
    let pool: StorePool
    /// The one connection that writes, used under `writeLock` (with `contexts`).
    let writer: any IncidentStoring
    let writeLock = NSLock()
    let contexts = IncidentContextComputer()
    let layers: ReferenceCollections
    let currentLayersVersion: String?
    /// The map page without its data (the page reads the items itself), made on first use:
    /// simplifying the layers takes a second or two.
    private let mapPageLock = NSLock()
    nonisolated(unsafe) private var madeMapPage: String?
    func mapPage() throws -> String {
        mapPageLock.lock()
        defer { mapPageLock.unlock() }
        if let madeMapPage { return madeMapPage }
        let page = try MapDocument.livePage(title: configuration.title, layers: try MapLayers.load(), leaflet: try MapDocument.Leaflet.load())
        madeMapPage = page
        return page
    }

    /// Opens the store and reads the reference layers.
    /// - Throws: ``StoreError`` when the store cannot be opened, ``MapError`` when Leaflet is
    ///   missing, ``ReferenceDataError`` when the layers are.
    public init(configuration: Configuration) throws {
        self.configuration = configuration
        writer = try IncidentStores.open(configuration.storePath, createIfMissing: false)
        pool = try StorePool(location: configuration.storePath, count: configuration.readers, first: writer)
        layers = try ReferenceCollections()
        currentLayersVersion = try? ReferenceGeography.load().layersVersion
        _ = try MapDocument.Leaflet.load()   // a missing Leaflet stops the start, not the first visit
    }

    /// Starts making the map page in the background, so that the first visit to `/` does not
    /// wait for the layers to be simplified (a visit meanwhile waits for this one build).
    public func prepareMapPage() {
        DispatchQueue.global(qos: .utility).async { [self] in _ = try? mapPage() }
    }

    /// Closes the store's connections; call it once no request is in flight (after the server
    /// stopped). The service answers nothing afterwards.
    public func close() throws {
        writeLock.lock()
        defer { writeLock.unlock() }
        try pool.close()
        try writer.close()
    }

    /// Answers one request. Never throws: a failure is a problem response. A failure inside
    /// (a store error, a bug) is a 500 or 503 whose body says nothing of its cause (no SQL, no
    /// path, no type name); the cause is in ``APIResponse/logDetail`` for the server's log.
    public func respond(to request: APIRequest) -> APIResponse {
        var response: APIResponse
        do {
            response = try route(request)
        } catch let failure as APIFailure {
            response = .problem(failure.status, failure.detail)
        } catch let error as StoreError {
            switch error {
            case .notFound: response = .problem(404, error.description)
            case .duplicateID: response = .problem(409, error.description)
            case .invalidRequest: response = .problem(400, error.description)
            case .sqlite(let code, _) where code & 0xFF == 5 || code & 0xFF == 6:
                response = .problem(503, "the store is busy with another write; try again")
                response.logDetail = error.description
            case .postgres(let state, _) where state == "40001" || state == "40P01" || state == "55P03" || state == "53300":
                response = .problem(503, "the database is busy with other writes; try again")
                response.logDetail = error.description
            case .postgres(let state, _) where state == "25006" || state == "42501":
                response = .problem(503, "the database refuses writes (a read-only replica or user): this server answers reads only")
                response.logDetail = error.description
            case .sqlite(let code, _) where code & 0xFF == 8:   // a read-only file or file system
                response = .problem(503, "the store is read-only (its file or its file system): this server answers reads only")
                response.logDetail = error.description
            default:
                response = Self.internalError("store: \(error.description)")
            }
        } catch {
            response = Self.internalError("\(type(of: error)): \(error)")
        }
        response.headers += cors(request)
        return response
    }

    /// A 500 that tells the client nothing of `detail` (which goes to the log).
    static func internalError(_ detail: String) -> APIResponse {
        var response = APIResponse.problem(500, "the server failed to answer this request; its log says why")
        response.logDetail = detail
        return response
    }

    /// The CORS headers for `request`'s origin: none unless ``Configuration/corsOrigins`` names
    /// it (or is `*`).
    func cors(_ request: APIRequest) -> [(name: String, value: String)] {
        guard let origin = request.origin, !configuration.corsOrigins.isEmpty else { return [] }
        let any = configuration.corsOrigins.contains("*")
        guard any || configuration.corsOrigins.contains(origin) else { return [] }
        var headers = [(name: "Access-Control-Allow-Origin", value: any ? "*" : origin),
                       (name: "Access-Control-Expose-Headers", value: "Location, WWW-Authenticate")]
        if !any { headers.append((name: "Vary", value: "Origin")) }
        if request.method == "OPTIONS" {
            headers += [(name: "Access-Control-Allow-Methods", value: "GET, HEAD, POST, PUT, PATCH, DELETE"),
                        (name: "Access-Control-Allow-Headers", value: "Authorization, Content-Type, Accept"),
                        (name: "Access-Control-Max-Age", value: "600")]
        }
        return headers
    }

    private func route(_ request: APIRequest) throws -> APIResponse {
        // Split first, decode each segment after: `%2F` is a character of its segment, never a
        // separator, and no segment reaches the file system (collections and features are
        // looked up by name in the store and in the layers read at start).
        let segments = try request.path.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            guard segment.allSatisfy(\.isASCII), let decoded = segment.removingPercentEncoding else {
                throw APIFailure.badRequest("the path segment '\(segment.prefix(100))' is not percent-encoded UTF-8")
            }
            guard !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw APIFailure.badRequest("the path segment '\(segment.prefix(100))' holds a control character")
            }
            return decoded
        }
        if let bad = request.undecodableQuery {
            throw APIFailure.badRequest("the query part '\(bad.prefix(100))' is not percent-encoded UTF-8")
        }
        if request.method == "OPTIONS" {   // a CORS preflight, answered only for a configured origin
            guard !cors(request).isEmpty else {
                throw APIFailure(status: 405, detail: "OPTIONS is not allowed on \(request.path) (this server has no CORS origins)")
            }
            return APIResponse(status: 204, contentType: "text/plain", body: [])
        }
        if let f = request.query.last(where: { $0.name == "f" })?.value, !["json", "html", "geojson"].contains(f.lowercased()) {
            throw APIFailure.badRequest("f must be json or html, got '\(f)'")
        }
        if configuration.readTokenRequired && ["GET", "HEAD"].contains(request.method) {
            _ = try authorize(request)
        }
        let html = wantsHTML(request)
        func only(_ methods: [String]) throws {
            guard methods.contains(request.method) || (request.method == "HEAD" && methods.contains("GET")) else {
                throw APIFailure(status: 405, detail: "\(request.method) is not allowed on \(request.path) (allowed: \(methods.joined(separator: ", ")))")
            }
        }
        switch segments.count {
        case 0:
            try only(["GET"])
            _ = try ItemsQuery.checked(request.query, allowed: ["f"])
            return html ? .html(try mapPage()) : .json(landing(request.baseURL))
        case 1 where segments[0] == "conformance":
            try only(["GET"])
            _ = try ItemsQuery.checked(request.query, allowed: ["f"])
            let doc = conformance()
            return html ? .html(HTMLPage.render(title: "Conformance", json: doc, base: request.baseURL)) : .json(doc)
        case 1 where segments[0] == "api":
            try only(["GET"])
            _ = try ItemsQuery.checked(request.query, allowed: ["f"])
            return .json(OpenAPIDocument.make(baseURL: request.baseURL, layers: ReferenceCollections.names),
                         contentType: "application/vnd.oai.openapi+json;version=3.0")
        case 1 where segments[0] == "collections":
            try only(["GET"])
            _ = try ItemsQuery.checked(request.query, allowed: ["f"])
            let doc = try collections(request.baseURL)
            return html ? .html(HTMLPage.render(title: "Collections", json: doc, base: request.baseURL)) : .json(doc)
        case 2 where segments[0] == "collections":
            try only(["GET"])
            _ = try ItemsQuery.checked(request.query, allowed: ["f"])
            let doc = try collection(segments[1], request.baseURL)
            return html ? .html(HTMLPage.render(title: segments[1], json: doc, base: request.baseURL)) : .json(doc)
        case 3 where segments[0] == "collections" && segments[2] == "queryables":
            try only(["GET"])
            _ = try ItemsQuery.checked(request.query, allowed: ["f"])
            guard segments[1] == Self.incidents else {
                _ = try collection(segments[1], request.baseURL)   // 404 for an unknown one
                return .json(queryables(segments[1], request.baseURL, properties: [:]), contentType: "application/schema+json")
            }
            return .json(incidentQueryables(request.baseURL), contentType: "application/schema+json")
        case 3 where segments[0] == "collections" && segments[2] == "items":
            if segments[1] == Self.incidents && request.method == "POST" { return try create(request) }
            try only(segments[1] == Self.incidents ? ["GET", "POST"] : ["GET"])
            return try items(segments[1], request, html: html)
        case 4 where segments[0] == "collections" && segments[2] == "items":
            if segments[1] == Self.incidents && ["PUT", "PATCH", "DELETE"].contains(request.method) {
                return try change(segments[3], request)
            }
            try only(segments[1] == Self.incidents ? ["GET", "PUT", "PATCH", "DELETE"] : ["GET"])
            _ = try ItemsQuery.checked(request.query, allowed: ["f"])
            return try item(segments[1], segments[3], request, html: html)
        default:
            throw APIFailure.notFound("no resource at \(request.path)")
        }
    }

    /// `f=html`, or no `f` and a browser's `Accept` (HTML before any JSON).
    func wantsHTML(_ request: APIRequest) -> Bool {
        if let f = request.query.last(where: { $0.name == "f" })?.value.lowercased() { return f == "html" }
        guard let accept = request.accept?.lowercased() else { return false }
        guard let htmlAt = accept.range(of: "text/html")?.lowerBound else { return false }
        guard let jsonAt = accept.range(of: "json")?.lowerBound else { return true }
        return htmlAt < jsonAt
    }

    static let incidents = "incidents"
}
