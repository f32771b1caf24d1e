// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "IncidentMapper",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "IncidentMapper", targets: ["IncidentMapper"]),
        .executable(name: "incidents", targets: ["incidents"]),
        .executable(name: "incidents-bench", targets: ["incidents-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C shims: a module map and a header each, nothing else.
        .systemLibrary(
            name: "CGEOS", path: "Sources/CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]),
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
                "CGEOS", "CPROJ", "ReferenceLayers",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for reading a million rows without a Row per row.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            // The map page's own script and stylesheet (Leaflet itself comes from Debian).
            resources: [.copy("Map/Assets")]),
        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "incidents",
            dependencies: [
                "IncidentMapper",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Throughput benchmark (build with -c release); prints figures beside shapely's.
        .executableTarget(
            name: "incidents-bench",
            dependencies: ["IncidentMapper", "CGEOS"],
            path: "Benchmarks/incidents-bench"),
        .testTarget(
            name: "IncidentMapperTests",
            dependencies: ["IncidentMapper"]),
        .testTarget(
            name: "incidentsTests",
            dependencies: ["IncidentMapper", "incidents"]),
    ]
)
