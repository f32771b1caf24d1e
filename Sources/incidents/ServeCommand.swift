import ArgumentParser
import Foundation
import IncidentMapper
import IncidentMapperServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the store as OGC API - Features (QGIS, GDAL, OWSLib read it), with the live map at /.",
        discussion: """
            Collections: incidents (filters kind, confidence, fir, zone, state, q,
            near=LAT,LON&within=50nm, plus bbox, datetime, limit up to 10000, offset)
            and the reference layers fir, land and maritime. /api is the OpenAPI
            document, /conformance the classes. Writes (POST .../items, PUT, PATCH,
            DELETE .../items/ID) need 'Authorization: Bearer TOKEN' (see 'incidents
            token'), go through the same validation, context and history as the CLI,
            and are recorded with the token's name. Bodies over --max-body are refused
            (413). While serving, the store uses SQLite's write-ahead log so reads go
            on during a write; on SIGTERM or Ctrl-C requests in flight finish and the
            store goes back to one file. One access-log line per request on stderr
            (with the cause of a 500, which the client never sees).
            --port 0 takes a free port (printed on stderr).

            Limits: a connection that sends nothing for --idle-timeout seconds is
            closed (also one still sending its head); a request not received whole
            within --request-timeout seconds of its head gets 408; at most
            --max-connections are open at once (more wait until one closes); a URL
            or headers over --max-head bytes get 431. No CORS header is sent unless
            --cors-origin names the origins whose pages may call the API.

            Example:
              incidents serve --store incidents.gpkg --port 8080
              curl 'http://127.0.0.1:8080/collections/incidents/items?kind=vessel-strike&limit=100'
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The address to listen on (loopback by default; 0.0.0.0 for every interface).", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port (0: any free one).", valueName: "port"))
    var port = 8080

    @Flag(help: "Reads need a token too (writes always do).")
    var readTokenRequired = false

    @Option(help: ArgumentHelp("The largest request body accepted, bytes.", valueName: "bytes"))
    var maxBody = 1 << 20

    @Option(help: ArgumentHelp("The largest request head (the URL, each header, and all headers together), bytes.", valueName: "bytes"))
    var maxHead = 16_384

    @Option(help: ArgumentHelp("Seconds a connection may send nothing (idle, or a head sent slowly) before it is closed.", valueName: "seconds"))
    var idleTimeout = 30

    @Option(help: ArgumentHelp("Seconds a request may take to arrive whole, from its head (408 after).", valueName: "seconds"))
    var requestTimeout = 60

    @Option(help: ArgumentHelp("Connections open at once; more wait in the listen queue.", valueName: "n"))
    var maxConnections = 256

    @Option(help: ArgumentHelp("An origin whose web pages may call the API from a browser (CORS), e.g. https://maps.example.org, or * for any; repeat for more. None by default: no CORS headers.", valueName: "origin"))
    var corsOrigin: [String] = []

    @Option(help: ArgumentHelp("The map page's title.", valueName: "text"))
    var title = "Incidents"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard maxBody >= 1_024 else { throw ValidationError("--max-body must be at least 1024 bytes.") }
        guard (1_024...1_048_576).contains(maxHead) else { throw ValidationError("--max-head must be from 1024 to 1048576 bytes.") }
        guard (1...3_600).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be from 1 to 3600 seconds.") }
        guard (1...3_600).contains(requestTimeout) else { throw ValidationError("--request-timeout must be from 1 to 3600 seconds.") }
        guard (1...100_000).contains(maxConnections) else { throw ValidationError("--max-connections must be from 1 to 100000.") }
        for origin in corsOrigin where origin != "*" {
            guard let url = URL(string: origin), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
                  url.path.isEmpty, url.query == nil, !origin.hasSuffix("/") else {
                throw ValidationError("--cors-origin must be * or an origin such as https://maps.example.org (scheme and host, no path), got '\(origin)'.")
            }
        }
    }

    func run() async throws {
        var service = FeaturesService.Configuration(storePath: storeOptions.path)
        service.readTokenRequired = readTokenRequired
        service.maximumBodyBytes = maxBody
        service.title = title
        service.corsOrigins = corsOrigin
        var options = IncidentServer.Options(service: service)
        options.host = host
        options.port = port
        options.maximumHeadBytes = maxHead
        options.idleTimeoutSeconds = idleTimeout
        options.requestTimeoutSeconds = requestTimeout
        options.maximumConnections = maxConnections
        guard PostgresLocation.isURL(storeOptions.path) || FileManager.default.fileExists(atPath: storeOptions.path) else {
            printError("incidents: no store at \(storeOptions.path) (log or import an incident to create one)")
            throw ExitCode(Exit.missingFile)
        }
        do {
            let oneFile = try await IncidentServer.run(options) { url in printError("incidents: serving \(storeOptions.displayLocation) on \(url) (Ctrl-C or SIGTERM stops)") }
            printError("incidents: stopped; the store is closed" + (oneFile ? "" :
                " (another process has it open, so it stays in SQLite's WAL mode: valid as it is, its -wal file is folded in when the last one closes it)"))
        } catch let error as IncidentServer.Failure {
            printError("incidents: \(error.description)")
            throw ExitCode(Exit.unavailable)
        } catch let error as ExitCode {
            throw error
        } catch {
            try reportingErrors { throw error }
        }
    }
}

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage the tokens that may write through 'incidents serve' (stored hashed, never in clear).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a token and print it once (it cannot be shown again).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("Who or what the token is for; writes are recorded with it.", valueName: "name"))
        var name: String

        func run() throws {
            try reportingErrors {
                let token = try storeOptions.openExisting().createToken(name: name)
                print(token)
                printError("incidents: token '\(name)' created; this is the only time it is shown")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens (names and dates; the tokens themselves are not stored).")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let tokens = try storeOptions.openExisting().tokens()
                if json {
                    print(JSONWriter(pretty: true).string(.array(tokens.map { t in
                        .object(JSONObject([("name", .string(t.name)), ("created_at", .string(Timestamp.format(t.createdAt))),
                                            ("revoked_at", t.revokedAt.map { .string(Timestamp.format($0)) } ?? .null)]))
                    })))
                } else {
                    for t in tokens {
                        print("\(t.name)\tcreated \(Timestamp.format(t.createdAt))\(t.revokedAt.map { "\trevoked \(Timestamp.format($0))" } ?? "")")
                    }
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it no longer writes.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("The token's name.", valueName: "name"))
        var name: String

        func run() throws {
            try reportingErrors {
                try storeOptions.openExisting().revokeToken(name: name)
                printError("incidents: token '\(name)' revoked")
            }
        }
    }
}
