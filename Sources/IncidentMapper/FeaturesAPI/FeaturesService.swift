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

        public init(storePath: String) { self.storePath = storePath }
    }

    public let configuration: Configuration
    let pool: StorePool
    /// The one connection that writes, used under `writeLock` (with `contexts`).
    let writer: IncidentStore
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
        writer = try IncidentStore(path: configuration.storePath, createIfMissing: false)
        pool = try StorePool(path: configuration.storePath, count: configuration.readers)
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

    /// Answers one request. Never throws: a failure is a problem response.
    public func respond(to request: APIRequest) -> APIResponse {
        do {
            return try route(request)
        } catch let failure as APIFailure {
            return .problem(failure.status, failure.detail)
        } catch let error as StoreError {
            switch error {
            case .notFound: return .problem(404, error.description)
            case .duplicateID: return .problem(409, error.description)
            case .invalidRequest: return .problem(400, error.description)
            case .sqlite(let code, _) where code & 0xFF == 5 || code & 0xFF == 6:
                return .problem(503, "the store is busy (\(error.description)); try again")
            case .sqlite(let code, _) where code & 0xFF == 8:   // a read-only file or file system
                return .problem(503, "store: \(error.description)")
            default: return .problem(500, "store: \(error.description)")
            }
        } catch {
            return .problem(500, "\(error)")
        }
    }

    private func route(_ request: APIRequest) throws -> APIResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
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
