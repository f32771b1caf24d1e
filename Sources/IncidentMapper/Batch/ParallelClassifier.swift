import Foundation

/// Classifies chunks of positions on every core: one ``PositionClassifier`` per worker over
/// one shared ``ReferenceGeography``. Results keep the input order.
public final class ParallelClassifier {
    private let classifiers: [PositionClassifier]

    public init(_ geography: ReferenceGeography, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        classifiers = try (0..<max(1, workers)).map { _ in try PositionClassifier(geography) }
    }

    /// Classifies each position (nil entries, e.g. rows that failed to parse, stay nil).
    public func classify(_ positions: [Position?], radiusNauticalMiles: Double = 0) -> [Result<PositionClassification, Error>?] {
        let count = positions.count
        var results = [Result<PositionClassification, Error>?](repeating: nil, count: count)
        let workers = min(classifiers.count, max(1, count / 64))
        let classifiers = self.classifiers
        results.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            nonisolated(unsafe) let classifiers = classifiers
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let classifier = classifiers[w]
                for i in (count * w / workers)..<(count * (w + 1) / workers) {
                    guard let p = positions[i] else { continue }
                    output[i] = Result { try classifier.classify(p, radiusNauticalMiles: radiusNauticalMiles) }
                }
            }
        }
        return results
    }
}
