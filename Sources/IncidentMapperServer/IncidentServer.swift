import Foundation
import Hummingbird
import HummingbirdCore
import HTTPTypes
import HummingbirdAuth
import IncidentMapper
import Logging
import NIOCore
import NIOHTTP1

/// `incidents serve`: the library's ``FeaturesService`` on Hummingbird 2. This file only
/// carries requests and answers, logs each one, and starts and stops the server.
public enum IncidentServer {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var service: FeaturesService.Configuration
        /// A connection that sends nothing for this long is closed, seconds: an idle keep-alive
        /// connection, or one that has not finished sending its head (slowloris).
        public var idleTimeoutSeconds = 30
        /// A request must be received whole within this long of its head, seconds, else 408
        /// and the connection closes (a body sent a byte at a time).
        public var requestTimeoutSeconds = 60
        /// Connections open at once; more wait in the listen queue until one closes.
        public var maximumConnections = 256
        /// The largest request head, bytes: the URL, each header and all of them together
        /// (more: 431); at most 100 header fields.
        public var maximumHeadBytes = 16_384

        public init(service: FeaturesService.Configuration) { self.service = service }
    }

    /// Why the server could not run.
    public enum Failure: Error, CustomStringConvertible {
        case addressInUse(host: String, port: Int)

        public var description: String {
            switch self {
            case .addressInUse(let host, let port): "port \(port) on \(host) is taken (another server is listening there): choose another with --port"
            }
        }
    }

    /// Serves until SIGTERM or SIGINT; then requests in flight finish, and the store goes back
    /// to a rollback journal (one file) before this returns. A store that cannot be written (a
    /// read-only file or file system) is served for reading: each write is refused (503).
    /// - Parameter onRunning: called with the base URL once the server listens.
    /// - Returns: false when the store stayed in WAL mode because another process had it open
    ///   at the stop (``IncidentStore/leaveWriteAheadLogging()``).
    @discardableResult
    public static func run(_ options: Options, onRunning: @escaping @Sendable (String) -> Void) async throws -> Bool {
        let store = try IncidentStores.open(options.service.storePath, createIfMissing: false)
        defer { try? store.close() }
        var readOnly = false
        do {
            try store.prepareForServing()   // SQLite: WAL mode, so reads go on while a write commits
        } catch StoreError.sqlite(let code, _) where code & 0xFF == 8 {   // SQLITE_READONLY
            readOnly = true
        }
        do {
            try await serve(options, readOnly: readOnly, onRunning: onRunning)
        } catch {
            if !readOnly { _ = try? store.finishServing() }
            throw error
        }
        // The service's connections are closed by now (serve returned): the store can become
        // one file again, unless another process has it open.
        return try readOnly || store.finishServing()
    }

    /// Runs the application until it is told to stop; everything it opened is released when
    /// this returns.
    private static func serve(_ options: Options, readOnly: Bool, onRunning: @escaping @Sendable (String) -> Void) async throws {
        let service = try FeaturesService(configuration: options.service)
        service.prepareMapPage()
        // Access logs: one structured line per request on stderr.
        let logger = Logger(label: "incidents.serve", factory: { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        })
        if readOnly { logger.warning("the store is read-only (its file or the file system): serving reads; writes are refused (503)") }
        let limits = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestLimitsHandler(requestTimeout: .seconds(Int64(options.requestTimeoutSeconds)),
                                                             maximumHeadBytes: options.maximumHeadBytes)],
            idleTimeout: .seconds(Int64(options.idleTimeoutSeconds)),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: options.maximumHeadBytes, maxHeaderListSize: options.maximumHeadBytes,
                                            maxHeaderFieldCount: 100))
        let app = Application(
            responder: FeaturesResponder(service: service, logger: logger),
            server: .http1(configuration: limits),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "incidents",
                                 availableConnectionsDelegate: MaximumAvailableConnections(options.maximumConnections)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                onRunning("http://\(options.host):\(port)")
            },
            logger: Logger(label: "incidents.hummingbird", factory: { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .warning
                return handler
            }))
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            try? service.close()
            throw Failure.addressInUse(host: options.host, port: options.port)
        }
        try service.close()   // requests in flight have finished
    }
}

/// Hands every request to the service, off the event loop, and logs it.
struct FeaturesResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let service: FeaturesService
    let logger: Logger
    /// The store is SQLite: blocking calls, run on threads of their own.
    static let work = DispatchQueue(label: "incidents.serve.work", attributes: .concurrent)

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        let answer: APIResponse
        do {
            let body = try await request.collectBody(upTo: service.configuration.maximumBodyBytes)
            let host = request.head.authority ?? "127.0.0.1"
            let (query, undecodable) = APIRequest.decodedQuery(request.uri.query)
            var call = APIRequest(method: request.method.rawValue, path: request.uri.path,
                                  query: query, accept: request.headers[.accept],
                                  bearerToken: request.headers.bearer?.token, contentType: request.headers[.contentType],
                                  body: Array(buffer: body), baseURL: "http://\(host)", origin: request.headers[.origin])
            call.undecodableQuery = undecodable
            let service = service, apiRequest = call
            answer = await withCheckedContinuation { continuation in
                Self.work.async { continuation.resume(returning: service.respond(to: apiRequest)) }
            }
        } catch is NIOTooManyBytesError {
            answer = .problem(413, "the body is larger than \(service.configuration.maximumBodyBytes) bytes")
        } catch let error as HTTPParserError {
            answer = .problem(400, "the request's body is not valid HTTP/1.1 (\(error))")
        }
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        for header in answer.headers {
            if let name = HTTPField.Name(header.name) { headers[name] = header.value }
        }
        let milliseconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e15
            + Double((ContinuousClock.now - started).components.seconds) * 1000
        var metadata: Logger.Metadata = [
            "method": "\(request.method.rawValue)", "path": "\(request.uri.description)", "status": "\(answer.status)",
            "bytes": "\(answer.body.count)", "ms": "\(String(format: "%.1f", milliseconds))",
        ]
        if let actor = answer.actor { metadata["token"] = "\(actor)" }
        if let detail = answer.logDetail { metadata["error"] = "\(detail)" }   // the cause of a 500 or 503: here only
        logger.info("request", metadata: metadata)
        let isHead = request.method == .head
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: isHead ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
