// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "IncidentMapper",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "IncidentMapper", targets: ["IncidentMapper"]),
        .executable(name: "incidents", targets: ["incidents"]),
        .executable(name: "incidents-bench", targets: ["incidents-bench"]),
        .executable(name: "incidents-fuzz", targets: ["incidents-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The OGC API - Features server (`incidents serve`).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C shims: a module map and a header each, nothing else.
        .systemLibrary(
            name: "CGEOS", path: "Sources/CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(
            name: "CPQ", path: "Sources/CPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CPROJ", path: "Sources/CPROJ", pkgConfig: "proj",
            providers: [.apt(["libproj-dev", "proj-data"])]),
        // The reference layers shipped with the tool (GeoData/), loaded as SwiftPM resources.
        .target(
            name: "ReferenceLayers", path: "GeoData",
            exclude: ["scripts", "README.md"],
            sources: ["ReferenceLayers.swift"],
            resources: [.copy("fir"), .copy("land"), .copy("maritime"), .copy("caveats"), .copy("coverage.json")]),
        // The library: every piece of logic.
        .target(
            name: "IncidentMapper",
            dependencies: [
                "CGEOS", "CPROJ", "CPQ", "ReferenceLayers",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for reading a million rows without a Row per row.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            // The map page's own script and stylesheet (Leaflet itself comes from Debian).
            resources: [.copy("Map/Assets")]),
        // The HTTP front end: Hummingbird carries requests to the library's FeaturesService
        // (which holds every rule of the API) and its answers back; logs and shutdown.
        .target(
            name: "IncidentMapperServer",
            dependencies: [
                "IncidentMapper",
                .product(name: "Hummingbird", package: "hummingbird"),
                // HTTP1Channel's limits and the connection cap.
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // HTTPRequestPart and HTTPResponsePart, for the request-limits channel handler.
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]),
        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "incidents",
            dependencies: [
                "IncidentMapper", "IncidentMapperServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Throughput benchmark (build with -c release); prints figures beside shapely's.
        .executableTarget(
            name: "incidents-bench",
            dependencies: ["IncidentMapper", "CGEOS"],
            path: "Benchmarks/incidents-bench"),
        // libFuzzer targets for the parsers and the API (scripts/fuzz.sh builds them with the
        // fuzzer's coverage); built plainly, a reproducer that replays inputs.
        .executableTarget(
            name: "incidents-fuzz",
            dependencies: ["IncidentMapper"],
            path: "Fuzz/incidents-fuzz"),
        .testTarget(
            name: "IncidentMapperTests",
            dependencies: ["IncidentMapper"]),
        .testTarget(
            name: "incidentsTests",
            dependencies: ["IncidentMapper", "incidents"]),
    ]
)
