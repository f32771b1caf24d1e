import Foundation

/// Writes incidents (and other features) as a GeoJSON document while they are read: the
/// text is the same as ``IncidentExporter/featureCollection(_:extraFeatures:pretty:currentLayersVersion:)``
/// would give for all of them at once, but only one batch is held at a time. Features are
/// formatted on every core, batch by batch, and written in order.
///
/// ```swift
/// let out = try BatchOutput(path: "incidents.geojson")
/// let writer = FeatureStreamWriter(output: out, form: .featureCollection)
/// try store.forEachIncident { try writer.append($0) }
/// try writer.finish()
/// ```
public final class FeatureStreamWriter {
    /// The shape of the document.
    public enum Form: Sendable {
        /// An RFC 7946 FeatureCollection: pretty-printed, or (not pretty) one compact Feature
        /// per line between a first and a last line.
        case featureCollection
        /// A JSON array of Features (`list --json`): pretty-printed, or one Feature per line.
        case array
        /// GeoJSON Text Sequences (RFC 8142): each Feature on one line after an RS byte.
        case textSequence
        /// One compact Feature per line (newline-delimited GeoJSON).
        case lines
    }

    private let output: BatchOutput
    private let form: Form
    private let pretty: Bool
    private let currentLayersVersion: String?
    private var pending: [Incident] = []
    private var written = 0
    private let batchSize: Int

    /// - Parameters:
    ///   - pretty: indent a FeatureCollection or an array (text sequences and lines are compact).
    ///   - currentLayersVersion: when given, each context says whether it is stale.
    public init(output: BatchOutput, form: Form, pretty: Bool = true, currentLayersVersion: String? = nil,
                batchSize: Int = 1_024) {
        self.output = output
        self.form = form
        self.pretty = pretty && (form == .featureCollection || form == .array)
        self.currentLayersVersion = currentLayersVersion
        self.batchSize = batchSize
    }

    /// How many features have been written or queued.
    public var count: Int { written + pending.count }

    /// Queues an incident (written when its batch is full).
    public func append(_ incident: Incident) throws {
        pending.append(incident)
        if pending.count >= batchSize { try flush() }
    }

    /// Writes a feature that is not an incident (a reference layer's), after the queued incidents.
    public func append(feature: GeoJSONFeature) throws {
        try flush()
        try drain()
        let value = GeoJSONWriter.featureValue(feature, decimals: try IncidentExporter.safeDecimals(for: feature.geometry))
        try emit([format(value)])
    }

    /// Writes what is queued and closes the document (the output is not finished here).
    public func finish() throws {
        try flush()
        try drain()
        switch (form, pretty) {
        case (.featureCollection, true): try output.write(written == 0 ? "{\n  \"type\": \"FeatureCollection\",\n  \"features\": []\n}\n" : "\n  ]\n}\n")
        case (.featureCollection, false): try output.write(written == 0 ? "{\"type\":\"FeatureCollection\",\"features\":[]}\n" : "\n]}\n")
        case (.array, _): try output.write(written == 0 ? "[]\n" : "\n]\n")
        case (.textSequence, _), (.lines, _): break
        }
    }

    /// Batches being formatted or written in the background, oldest first: each is done when
    /// its text is written. At most ``maxInFlight`` at a time, so memory stays flat.
    private var inFlight: [DispatchGroup] = []
    private static let maxInFlight = 3
    /// Writes run here, one batch after the other in order, while the caller reads and other
    /// threads format.
    private let writes = DispatchQueue(label: "FeatureStreamWriter.writes")
    /// The first error a background write met (read after the writes are done).
    private let failure = FailureBox()

    /// Formatted text and errors handed between threads (each read after its group is done).
    private final class FormattedBlocks: @unchecked Sendable {
        var blocks: [Result<[UInt8], any Error>] = []
    }

    /// The output, handed to the write queue: only one thread writes to it at a time (the
    /// queue, or the caller once ``drain(leaving:)`` has emptied it).
    private struct SerialOutput: @unchecked Sendable {
        let output: BatchOutput
    }

    private final class FailureBox: @unchecked Sendable {
        var error: (any Error)?
    }

    /// Waits until at most `count` batches are in flight; rethrows a background error.
    private func drain(leaving count: Int = 0) throws {
        while inFlight.count > count { inFlight.removeFirst().wait() }
        if let error = failure.error { throw error }
    }

    /// Starts formatting the queued incidents in the background (the previous batch is written
    /// first), so reading and formatting overlap.
    private func flush() throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let version = currentLayersVersion
        try dispatch(count: batch.count) { i, indent, text throws in
            try IncidentFeatureText.append(batch[i], currentLayersVersion: version, indent: indent, to: &text)
        }
    }

    /// Queues rows read by ``IncidentStore/forEachRowBatch(matching:order:batchSize:_:)``: they
    /// are formatted in the background straight from their bytes (``IncidentRowText``) while
    /// the caller reads the next batch.
    public func append(rows batch: IncidentRowBatch) throws {
        try flush()
        let version = currentLayersVersion
        try dispatch(count: batch.count) { i, indent, text throws in
            try IncidentRowText.append(batch, row: i, currentLayersVersion: version, indent: indent, to: &text)
        }
    }

    /// Formats `count` features on other threads (each worker a slice into one buffer, with
    /// the separators, so the batch is written as a few large blocks), after writing the
    /// batch formatted before. The caller's thread goes on reading meanwhile.
    private func dispatch(count: Int, _ feature: @escaping @Sendable (Int, Int, inout JSONText) throws -> Void) throws {
        try drain(leaving: Self.maxInFlight - 1)
        let form = form, pretty = pretty
        let indent = switch (form, pretty) {
        case (.featureCollection, true): 2
        case (.array, true): 1
        default: 0
        }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let slices = max(1, min(workers * 4, count / 64))
        let first = written == 0
        let formatted = FormattedBlocks()
        let formatting = DispatchGroup()
        DispatchQueue.global().async(group: formatting) {
            // One task per slice (not one run of slices per core): the reading and writing
            // threads share the cores, and a core that is free takes the next slice.
            formatted.blocks = ParallelMap.map(count: slices, workers: slices, minimumPerWorker: 1) { _, s in
                Result { () throws -> [UInt8] in
                    let range = (count * s / slices)..<(count * (s + 1) / slices)
                    var text = JSONText(pretty: pretty, capacity: range.count * (pretty ? 1_200 : 700))
                    for i in range {
                        Self.appendSeparator(form: form, pretty: pretty, first: first && i == 0, to: &text)
                        try feature(i, indent, &text)
                        if form == .textSequence || form == .lines { text.append(byte: 0x0A) }
                    }
                    return text.bytes
                }
            }
        }
        // Written in order: the serial queue takes the batches as they were dispatched.
        let done = DispatchGroup()
        let output = SerialOutput(output: output), failure = failure
        writes.async(group: done) {
            formatting.wait()
            guard failure.error == nil else { return }
            do {
                for block in formatted.blocks { try output.output.write(utf8: try block.get()) }
            } catch {
                failure.error = error
            }
        }
        inFlight.append(done)
        written += count
    }

    /// What goes before a feature: the document's opening before the first one, else a comma.
    private static func appendSeparator(form: Form, pretty: Bool, first: Bool, to text: inout JSONText) {
        switch (form, pretty) {
        case (.featureCollection, true): first ? text.append("{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n    ") : text.append(",\n    ")
        case (.featureCollection, false): first ? text.append("{\"type\":\"FeatureCollection\",\"features\":[\n") : text.append(",\n")
        case (.array, true): first ? text.append("[\n  ") : text.append(",\n  ")
        case (.array, false): first ? text.append("[\n") : text.append(",\n")
        case (.textSequence, _): text.append(byte: 0x1E)
        case (.lines, _): break
        }
    }

    private func format(_ value: JSONValue) -> String {
        switch (form, pretty) {
        case (.featureCollection, true): JSONWriter(pretty: true).string(value, indentLevel: 2)
        case (.array, true): JSONWriter(pretty: true).string(value, indentLevel: 1)
        default: JSONWriter(pretty: false).string(value)
        }
    }

    private func emit(_ texts: [String]) throws {
        var text = JSONText(pretty: pretty)
        for feature in texts {
            Self.appendSeparator(form: form, pretty: pretty, first: written == 0, to: &text)
            var feature = feature
            feature.withUTF8 { text.append(bytes: $0) }
            if form == .textSequence || form == .lines { text.append(byte: 0x0A) }
            written += 1
        }
        try output.write(utf8: text.bytes)
    }
}
