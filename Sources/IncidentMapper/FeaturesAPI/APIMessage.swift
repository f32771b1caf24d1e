import Foundation

/// An HTTP request as the OGC API service sees it, whatever server carried it.
public struct APIRequest: Sendable {
    public var method: String
    /// The path as sent, e.g. `/collections/incidents/items`: the service splits it at `/` and
    /// then percent-decodes each segment, so an encoded slash (`%2F`) stays inside its segment.
    public var path: String
    /// The query parameters, percent-decoded, in order.
    public var query: [(name: String, value: String)]
    /// The part of the query that is not percent-encoded UTF-8, if any (see
    /// ``decodedQuery(_:)``): the service answers 400 naming it.
    public var undecodableQuery: String?
    /// The `Origin` header (a browser's cross-origin request).
    public var origin: String?
    /// The `Accept` header.
    public var accept: String?
    /// The token of an `Authorization: Bearer` header.
    public var bearerToken: String?
    public var contentType: String?
    public var body: [UInt8]
    /// The scheme and authority links are made with, e.g. `http://127.0.0.1:8080`.
    public var baseURL: String

    public init(method: String, path: String, query: [(name: String, value: String)] = [], accept: String? = nil,
                bearerToken: String? = nil, contentType: String? = nil, body: [UInt8] = [], baseURL: String,
                origin: String? = nil) {
        self.method = method.uppercased()
        self.origin = origin
        self.path = path
        self.query = query
        self.accept = accept
        self.bearerToken = bearerToken
        self.contentType = contentType
        self.body = body
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Splits a raw query string (`a=1&b=x%20y`) into decoded pairs (`+` is a space).
    public static func queryItems(_ raw: String?) -> [(name: String, value: String)] {
        decodedQuery(raw).items
    }

    /// Splits a raw query string (`a=1&b=x%20y`) into decoded pairs (`+` is a space), and names
    /// the first name or value that is not percent-encoded UTF-8 (`%zz`, `%FF`, or a character
    /// that is not ASCII, as an HTTP server's lossy decoding of raw bytes gives), which is left
    /// out of the pairs.
    public static func decodedQuery(_ raw: String?) -> (items: [(name: String, value: String)], undecodable: String?) {
        guard let raw, !raw.isEmpty else { return ([], nil) }
        var items: [(name: String, value: String)] = []
        var undecodable: String?
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? {   // RFC 3986: anything not ASCII is percent-encoded
                s.allSatisfy(\.isASCII) ? s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding : nil
            }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else {
                undecodable = undecodable ?? String(pair)
                continue
            }
            items.append((name, value))
        }
        return (items, undecodable)
    }
}

/// The service's answer.
public struct APIResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Other headers, e.g. `Location` or `Allow`.
    public var headers: [(name: String, value: String)]
    /// Who made the change, for the access log (a write's token name).
    public var actor: String?
    /// What went wrong inside, for the server's log only (a 500's or 503's cause, which may
    /// hold SQL): never sent to the client.
    public var logDetail: String?

    public init(status: Int, contentType: String, body: [UInt8], headers: [(name: String, value: String)] = [], actor: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
        self.actor = actor
    }

    static func json(_ value: JSONValue, status: Int = 200, contentType: String = "application/json") -> APIResponse {
        APIResponse(status: status, contentType: contentType, body: Array(JSONWriter(pretty: false).string(value).utf8))
    }

    static func html(_ text: String, status: Int = 200) -> APIResponse {
        APIResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(text.utf8))
    }

    /// An RFC 9457 problem: `{"type", "title", "status", "detail"}`.
    public static func problem(_ status: Int, _ detail: String) -> APIResponse {
        let titles = [400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
                      406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict", 413: "Content Too Large",
                      415: "Unsupported Media Type", 431: "Request Header Fields Too Large",
                      500: "Internal Server Error", 503: "Service Unavailable"]
        var response = json(.object(JSONObject([
            ("type", .string("about:blank")), ("title", .string(titles[status] ?? "Error")),
            ("status", .number(Double(status))), ("detail", .string(detail)),
        ])), status: status, contentType: "application/problem+json")
        if status == 401 { response.headers.append((name: "WWW-Authenticate", value: "Bearer realm=\"incidents\"")) }
        return response
    }
}

/// A request the service refuses, with the status and a sentence naming what was wrong.
struct APIFailure: Error {
    var status: Int
    var detail: String

    static func badRequest(_ detail: String) -> APIFailure { APIFailure(status: 400, detail: detail) }
    static func notFound(_ detail: String) -> APIFailure { APIFailure(status: 404, detail: detail) }
}
