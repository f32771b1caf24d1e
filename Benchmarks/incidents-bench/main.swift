// Point-in-FIR throughput: prepared GEOS containment over many points, one core and all cores.
//
//   incidents-bench POINTS.f64 [--repeat N]
//
// POINTS.f64 holds little-endian float64 pairs (longitude, latitude), as written by
// Benchmarks/make_points.py. Prints one line per variant: name, points/s, inside count, so that
// Benchmarks/run.sh can set it beside shapely's figures for the same points and polygon.
import Foundation
import IncidentMapper

func readPoints(_ path: String) throws -> (xs: [Double], ys: [Double]) {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let count = data.count / 16
    var xs = [Double](repeating: 0, count: count), ys = [Double](repeating: 0, count: count)
    data.withUnsafeBytes { raw in
        for i in 0..<count {
            xs[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 16, as: UInt64.self)))
            ys[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 16 + 8, as: UInt64.self)))
        }
    }
    return (xs, ys)
}

func measure(_ label: String, repeats: Int, points: Int, _ body: () throws -> Int) rethrows {
    var best = Double.infinity
    var inside = 0
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        inside = try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print(String(format: "%@ %.0f %d %.4f", label, Double(points) / best, inside, best))
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: incidents-bench POINTS.f64 [--repeat N]\n".utf8))
    exit(64)
}
let repeats = arguments.firstIndex(of: "--repeat").flatMap { Int(arguments[$0 + 1]) } ?? 3
let (xs, ys) = try readPoints(arguments[1])
let fir = try FlightInformationRegion.load("SVZM")

let prepared = try PreparedGeometry(fir.geometry)
try measure("swift-geos-prepared+envelope-1-core", repeats: repeats, points: xs.count) {
    var inside = 0
    for i in 0..<xs.count where try prepared.contains(longitude: xs[i], latitude: ys[i]) { inside += 1 }
    return inside
}
// The grid is classified inside the timed block: its cost is part of the figure.
try measure("swift-tiles+geos-1-core", repeats: repeats, points: xs.count) {
    let tiles = try TiledPolygon.make(fir.geometry, levels: 8)
    let locator = try TiledPolygonLocator()
    var inside = 0
    for i in 0..<xs.count where try locator.contains(tiles, longitude: xs[i], latitude: ys[i]) { inside += 1 }
    return inside
}
let cores = ProcessInfo.processInfo.activeProcessorCount
try measure("swift-tiles+geos-\(cores)-cores", repeats: repeats, points: xs.count) {
    let tiles = try TiledPolygon.make(fir.geometry, levels: 8)
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: cores)
    defer { counts.deallocate() }
    nonisolated(unsafe) let shared = counts
    let (px, py) = (xs, ys)
    DispatchQueue.concurrentPerform(iterations: cores) { w in
        guard let locator = try? TiledPolygonLocator() else { return }
        var inside = 0
        for i in (px.count * w / cores)..<(px.count * (w + 1) / cores)
        where (try? locator.contains(tiles, longitude: px[i], latitude: py[i])) == true { inside += 1 }
        shared[w] = inside
    }
    return counts.reduce(0, +)
}
