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
        let value = GeoJSONWriter.featureValue(feature, decimals: try IncidentExporter.safeDecimals(for: feature.geometry))
        try emit([format(value)])
    }

    /// Writes what is queued and closes the document (the output is not finished here).
    public func finish() throws {
        try flush()
        switch form {
        case .featureCollection: try output.write(written == 0 ? "{\n  \"type\": \"FeatureCollection\",\n  \"features\": []\n}\n" : "\n  ]\n}\n")
        case .array: try output.write(written == 0 ? "[]\n" : "\n]\n")
        case .textSequence, .lines: break
        }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let version = currentLayersVersion
        let texts = ParallelMap.map(count: batch.count, workers: ProcessInfo.processInfo.activeProcessorCount, minimumPerWorker: 64) { _, i in
            Result { () throws(GeometryError) -> String in
                format(try IncidentExporter.featureValue(batch[i], currentLayersVersion: version))
            }
        }
        try emit(texts.map { try $0.get() })
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
