import Foundation

/// Runs independent work on every core and keeps the input order.
enum ParallelMap {
    /// `transform(worker, i)` for every `i` in `0..<count`, the indexes split into one contiguous
    /// slice per worker (`worker` in `0..<workers`, so each can use its own non-Sendable state).
    static func map<T>(count: Int, workers: Int, minimumPerWorker: Int = 16, _ transform: (Int, Int) -> T) -> [T] {
        let workers = max(1, min(workers, count / max(1, minimumPerWorker)))
        if workers == 1 { return (0..<count).map { transform(0, $0) } }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    for i in (count * w / workers)..<(count * (w + 1) / workers) {
                        output[i] = transform(w, i)
                    }
                }
            }
        }
        return results.map { $0! }
    }
}

extension Range where Bound == Int {
    /// Every `step`th index from the start.
    func striding(by step: Int) -> StrideTo<Int> { stride(from: lowerBound, to: upperBound, by: step) }
}
