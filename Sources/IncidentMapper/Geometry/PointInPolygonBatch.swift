import Foundation

/// Point-in-polygon for many points at once, spread over the machine's cores.
///
/// A ``PolygonGrid`` is classified once and shared; each worker owns its own prepared geometry
/// for the points in boundary cells (GEOS handles are never shared between threads).
/// Results come back in input order.
///
/// ```swift
/// let batch = PointInPolygonBatch(polygon: fir)
/// let inside = try batch.contains(longitudes: xs, latitudes: ys)
/// ```
public struct PointInPolygonBatch: Sendable {
    /// The polygon (or any areal geometry) tested against.
    public let polygon: Geometry
    /// How many threads to use; defaults to the active processor count.
    public let workers: Int

    public init(polygon: Geometry, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.polygon = polygon
        self.workers = max(1, workers)
    }

    /// For each (longitude, latitude), whether the polygon contains it (boundary excluded).
    /// - Throws: ``GeometryError`` when GEOS fails; ``GeometryError/invalidInput(_:)`` when the arrays differ in length.
    public func contains(longitudes: [Double], latitudes: [Double]) throws(GeometryError) -> [Bool] {
        guard longitudes.count == latitudes.count else {
            throw .invalidInput("\(longitudes.count) longitudes but \(latitudes.count) latitudes")
        }
        let count = longitudes.count
        var results = [Bool](repeating: false, count: count)
        let chunks = min(workers, max(1, count / 10_000))
        let failure = FailureBox()
        let polygon = self.polygon
        let grid = try PolygonGrid(polygon: polygon, prepared: PreparedGeometry(polygon))
        results.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = count * chunk / chunks
                let upper = count * (chunk + 1) / chunks
                do throws(GeometryError) {
                    let prepared = try IndexedPolygon(polygon, grid: grid.privateCopy())
                    for i in lower..<upper {
                        output[i] = try prepared.contains(longitude: longitudes[i], latitude: latitudes[i])
                    }
                } catch {
                    failure.record(error)
                }
            }
        }
        if let error = failure.error { throw error }
        return results
    }
}

/// The first error a worker hit, shared between threads under a lock.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var first: GeometryError?

    func record(_ error: GeometryError) {
        lock.lock(); defer { lock.unlock() }
        if first == nil { first = error }
    }

    var error: GeometryError? {
        lock.lock(); defer { lock.unlock() }
        return first
    }
}
