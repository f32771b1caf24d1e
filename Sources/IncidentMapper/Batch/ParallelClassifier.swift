import Foundation

/// Classifies chunks of positions on every core: one ``PositionClassifier`` per worker over
/// one shared ``ReferenceGeography``. Results keep the input order.
public final class ParallelClassifier {
    private let classifiers: [PositionClassifier]

    public init(_ geography: ReferenceGeography, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        classifiers = try (0..<max(1, workers)).map { _ in try PositionClassifier(geography) }
    }

    /// Computes `transform` for every index in `0..<count`, the indexes split into one contiguous
    /// slice per worker, each worker with its own classifier; the results keep the index order.
    /// Put the per-item work around the classification (parsing, formatting) in `transform` too,
    /// so that it runs on every core.
    public func map<T>(count: Int, _ transform: (PositionClassifier, Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        let workers = min(classifiers.count, max(1, count / 64))
        let classifiers = self.classifiers
        results.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            nonisolated(unsafe) let classifiers = classifiers
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let classifier = classifiers[w]
                    for i in (count * w / workers)..<(count * (w + 1) / workers) {
                        output[i] = transform(classifier, i)
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// Classifies each position (nil entries, e.g. rows that failed to parse, stay nil).
    public func classify(_ positions: [Position?], radiusNauticalMiles: Double = 0) -> [Result<PositionClassification, Error>?] {
        map(count: positions.count) { classifier, i in
            positions[i].map { p in Result { try classifier.classify(p, radiusNauticalMiles: radiusNauticalMiles) } }
        }
    }
}
