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
        /// An RFC 7946 FeatureCollection, pretty-printed.
        case featureCollection
        /// A JSON array of Features, pretty-printed (`list --json`).
        case array
        /// GeoJSON Text Sequences (RFC 8142): each Feature on one line after an RS byte.
        case textSequence
        /// One compact Feature per line (newline-delimited GeoJSON).
        case lines
    }

    private let output: BatchOutput
    private let form: Form
    private let currentLayersVersion: String?
    private var pending: [Incident] = []
    private var written = 0
    private let batchSize: Int

    /// - Parameter currentLayersVersion: when given, each context says whether it is stale.
    public init(output: BatchOutput, form: Form, currentLayersVersion: String? = nil, batchSize: Int = 1_024) {
        self.output = output
        self.form = form
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
        switch form {
        case .featureCollection: try output.write(written == 0 ? "{\n  \"type\": \"FeatureCollection\",\n  \"features\": []\n}\n" : "\n  ]\n}\n")
        case .array: try output.write(written == 0 ? "[]\n" : "\n]\n")
        case .textSequence, .lines: break
        }
    }

    /// The batch being formatted in the background, while the caller reads the next one.
    private var inFlight: (group: DispatchGroup, blocks: FormattedBlocks)?

    /// Formatted text handed from the background task to the writer (read after its group is done).
    private final class FormattedBlocks: @unchecked Sendable {
        var blocks: [Result<[UInt8], GeometryError>] = []
    }

    /// Waits for the batch in flight and writes it.
    private func drain() throws {
        guard let (group, formatted) = inFlight else { return }
        inFlight = nil
        group.wait()
        for block in formatted.blocks { try output.write(utf8: try block.get()) }
    }

    /// Starts formatting the queued incidents in the background (the previous batch is written
    /// first), so reading and formatting overlap on two cores.
    private func flush() throws {
        guard !pending.isEmpty else { return }
        try drain()
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let version = currentLayersVersion
        let form = form
        let (pretty, indent) = switch form {
        case .featureCollection: (true, 2)
        case .array: (true, 1)
        case .textSequence, .lines: (false, 0)
        }
        // Each worker formats a slice into one buffer, with the separators, so the batch is
        // written as a few large blocks. The caller's thread goes on reading meanwhile.
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        let slices = max(1, min(workers * 4, batch.count / 64))
        let first = written == 0
        let formatted = FormattedBlocks()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            formatted.blocks = ParallelMap.map(count: slices, workers: workers, minimumPerWorker: 1) { _, s in
                Result { () throws(GeometryError) -> [UInt8] in
                    let range = (batch.count * s / slices)..<(batch.count * (s + 1) / slices)
                    var text = JSONText(pretty: pretty, capacity: range.count * (pretty ? 1_200 : 700))
                    for i in range {
                        switch form {
                        case .featureCollection: first && i == 0 ? text.append("{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n    ") : text.append(",\n    ")
                        case .array: first && i == 0 ? text.append("[\n  ") : text.append(",\n  ")
                        case .textSequence: text.bytes.append(0x1E)
                        case .lines: break
                        }
                        try IncidentFeatureText.append(batch[i], currentLayersVersion: version, indent: indent, to: &text)
                        if form == .textSequence || form == .lines { text.bytes.append(0x0A) }
                    }
                    return text.bytes
                }
            }
        }
        inFlight = (group, formatted)
        written += batch.count
    }

    private func format(_ value: JSONValue) -> String {
        switch form {
        case .featureCollection: JSONWriter(pretty: true).string(value, indentLevel: 2)
        case .array: JSONWriter(pretty: true).string(value, indentLevel: 1)
        case .textSequence, .lines: JSONWriter(pretty: false).string(value)
        }
    }

    private func emit(_ texts: [String]) throws {
        var chunk = ""
        for text in texts {
            switch form {
            case .featureCollection:
                chunk += written == 0 ? "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n    " : ",\n    "
            case .array:
                chunk += written == 0 ? "[\n  " : ",\n  "
            case .textSequence: chunk += "\u{1E}"
            case .lines: break
            }
            chunk += text
            if form == .textSequence || form == .lines { chunk += "\n" }
            written += 1
        }
        try output.write(chunk)
    }
}
