import Foundation

/// The rules of `import`, for every front end: GeoJSON features are read as a stream
/// (``GeoJSONFeatureStream``), turned into incidents and checked as the store will check them,
/// their contexts computed on every core, and written in one transaction.
///
/// - All or nothing by default: the first bad feature stops the import, naming its index, line
///   and field, and nothing is written. With ``Options/skipInvalid`` every good feature is
///   written and every bad one reported to `reject`.
/// - Idempotent: an incident whose id the store holds is updated when it differs and left alone
///   when not (``Options/Existing``). Ids that are not UUIDs are mapped to the same UUID on every
///   import; a feature without an id gets one derived from its content.
/// - Memory stays flat: one batch of features is held at a time.
///
/// ```swift
/// let summary = try IncidentImporter.importFile("reports.geojson", into: store, options: .init())
/// ```
public enum IncidentImporter {
    /// How an import behaves.
    public struct Options: Sendable {
        /// What to do with an incident whose id the store holds already.
        public enum Existing: String, CaseIterable, Sendable {
            /// Replace it when it differs (re-importing a file changes nothing the second time).
            case update
            /// Keep the stored one.
            case skip
            /// Stop the import, naming the feature.
            case fail
        }

        public var existing: Existing
        /// Write the good features and report the bad ones, instead of stopping at the first.
        public var skipInvalid: Bool
        /// Check everything, write nothing.
        public var dryRun: Bool
        /// Compute each incident's context (FIR, surface, distance) with the reference layers.
        public var computeContexts: Bool
        /// The creation time of incidents whose feature gives none.
        public var now: Date
        /// Features per batch (parsed and classified in parallel, then written).
        public var batchSize: Int
        /// `field=column` renames (`--map`): which CSV column or GeoJSON property holds a field.
        public var fieldColumns: [String: String] = [:]

        public init(existing: Existing = .update, skipInvalid: Bool = false, dryRun: Bool = false,
                    computeContexts: Bool = true, now: Date = Date(), batchSize: Int = 2_048) {
            self.existing = existing
            self.skipInvalid = skipInvalid
            self.dryRun = dryRun
            self.computeContexts = computeContexts
            self.now = now
            self.batchSize = batchSize
        }
    }

    /// A feature that was not imported, and why.
    public struct Rejection: Error, Sendable, Equatable {
        /// Its index among the features, from 0.
        public var index: Int
        /// The line of the file where it starts.
        public var line: Int
        /// The field (property or JSON path) at fault.
        public var field: String
        /// What is wrong.
        public var reason: String
    }

    /// What an import did.
    public struct Summary: Sendable, Equatable {
        public var features = 0
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public var skippedExisting = 0
        /// Records whose id the store holds as deleted: left deleted.
        public var leftDeleted = 0
        public var rejected = 0
        /// Notes worth telling (ids mapped), the first 20.
        public var notes: [String] = []
        /// How many notes were left out of ``notes``.
        public var notesOmitted = 0
    }

    /// Imports the features of a GeoJSON file (`-`: standard input) into `store`, or only
    /// checks them when `store` is nil or ``Options/dryRun`` is set.
    /// - Parameters:
    ///   - reject: hears each bad feature when ``Options/skipInvalid`` is set.
    ///   - progress: hears the features done and the bytes read of the total, after each batch.
    /// - Throws: ``IncidentError`` naming the feature (`feature 2 (line 5): time_start`), or
    ///   ``StoreError/duplicateID(_:)`` wording, for the first bad feature unless
    ///   ``Options/skipInvalid``; ``ImportError`` when the file's structure is not GeoJSON;
    ///   ``BatchError/cannotRead(_:)`` when it cannot be read.
    public static func importFile(_ path: String, into store: (any IncidentStoring)?, options: Options,
                                  reject: (Rejection) throws -> Void = { _ in },
                                  progress: ((_ features: Int, _ bytesRead: Int, _ totalBytes: Int?) -> Void)? = nil) throws -> Summary {
        var source = try ImportSource(path: path, fieldColumns: options.fieldColumns)
        return try importSource(&source, into: store, options: options, reject: reject, progress: progress)
    }

    /// Imports a CSV of fixes as track incidents, one per id (``TrackCSVImport``), with the same
    /// rules as a file of features: one transaction, contexts on every core, ids that stay.
    public static func importTracks(_ path: String, kind: IncidentKind, into store: (any IncidentStoring)?, options: Options,
                                    reject: (Rejection) throws -> Void = { _ in }) throws -> Summary {
        let now = Timestamp.truncatedToMilliseconds(options.now)
        let (tracks, rejected) = try TrackCSVImport.incidents(path: path, kind: kind, now: now)
        var summary = Summary()
        summary.features = tracks.count + rejected.count
        if let first = rejected.first, !options.skipInvalid {
            throw IncidentError.invalidField(first.field + " (from line \(first.line))", first.reason)
        }
        for r in rejected { summary.rejected += 1; try reject(r) }
        var contexts: [IncidentContext?] = Array(repeating: nil, count: tracks.count)
        if options.computeContexts && !options.dryRun {
            let geography = try ReferenceGeography.load()
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            let computers = (0..<workers).map { _ in IncidentContextComputer(geography: geography) }
            let results = ParallelMap.map(count: tracks.count, workers: workers, minimumPerWorker: 1) { w, i in
                Result { try computers[w].context(for: tracks[i].geometry) }
            }
            contexts = try results.map { try $0.get() }
        }
        guard let store, !options.dryRun else { summary.inserted = tracks.count; return summary }
        try store.write { writer in
            writer.creation = .import
            writer.change = .import
            for (i, var track) in tracks.enumerated() {
                track.context = contexts[i]
                switch try writer.upsert(track, defaultTime: now) {
                case .inserted: summary.inserted += 1
                case .updated: summary.updated += 1
                case .unchanged: summary.unchanged += 1
                case .leftDeleted: summary.leftDeleted += 1
                }
            }
        }
        return summary
    }

    /// As ``importFile(_:into:options:reject:progress:)``, from a GeoJSON stream already open.
    public static func importStream(_ stream: inout GeoJSONFeatureStream, into store: (any IncidentStoring)?, options: Options,
                                    reject: (Rejection) throws -> Void = { _ in },
                                    progress: ((Int, Int, Int?) -> Void)? = nil) throws -> Summary {
        var source = ImportSource(reader: .geoJSON(stream))
        return try importSource(&source, into: store, options: options, reject: reject, progress: progress)
    }

    /// As ``importFile(_:into:options:reject:progress:)``, from a source already open.
    public static func importSource(_ stream: inout ImportSource, into store: (any IncidentStoring)?, options: Options,
                                    reject: (Rejection) throws -> Void = { _ in },
                                    progress: ((Int, Int, Int?) -> Void)? = nil) throws -> Summary {
        let computers: [IncidentContextComputer]
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        if options.computeContexts && !options.dryRun {
            let geography = try ReferenceGeography.load()
            computers = (0..<workers).map { _ in IncidentContextComputer(geography: geography) }
        } else {
            computers = []
        }
        var summary = Summary()
        let now = Timestamp.truncatedToMilliseconds(options.now)

        func run(_ writer: (any IncidentStoreWriting)?) throws {
            let firstNewFID = try writer?.largestFID() ?? 0
            writer?.creation = .import
            writer?.change = .import
            // Batch k is written on this thread while batch k+1 is parsed and classified on
            // the others: the two halves of the work overlap.
            func readBatch() throws -> [Item] {
                var items: [Item] = []
                items.reserveCapacity(options.batchSize)
                while items.count < options.batchSize, let item = try stream.next() { items.append(item) }
                return items
            }
            let fieldColumns = options.fieldColumns
            func convertAll(_ items: [Item]) -> [Result<(Incident, String?), Rejection>] {
                ParallelMap.map(count: items.count, workers: workers) { worker, i in
                    convert(items[i], now: now, fieldColumns: fieldColumns,
                            contexts: computers.isEmpty ? nil : computers[worker % computers.count])
                }
            }
            var items = try readBatch()
            var converted = convertAll(items)
            while !items.isEmpty {
                let following = try readBatch()
                let pending = BackgroundResult { convertAll(following) }
                defer { _ = pending.wait() }   // never leave a conversion running past this scope
                for (item, result) in zip(items, converted) {
                    summary.features += 1
                    switch result {
                    case .failure(let rejection):
                        guard options.skipInvalid else { throw IncidentError.invalidField(label(item) + ": " + rejection.field, rejection.reason) }
                        summary.rejected += 1
                        try reject(rejection)
                    case .success(let (incident, note)):
                        if let note { addNote(note, to: &summary) }
                        guard let writer else { summary.inserted += 1; continue }
                        do {
                            try write(incident, item: item, writer: writer, firstNewFID: firstNewFID, options: options, summary: &summary)
                        } catch let error as IncidentError {
                            guard options.skipInvalid, case .invalidField(let field, let reason) = error else { throw error }
                            summary.rejected += 1
                            try reject(Rejection(index: item.index, line: item.line, field: String(field.dropFirst(label(item).count + 2)), reason: reason))
                        }
                    }
                }
                progress?(summary.features, stream.bytesRead, stream.totalBytes)
                items = following
                converted = pending.wait()
            }
        }

        guard let store else {
            try run(nil)
            return summary
        }
        do {
            try store.write { writer in
                try writer.beginBulk()
                try run(writer)
                if options.dryRun { throw DryRunRollback() }
            }
        } catch is DryRunRollback {}
        return summary
    }

    /// A value computed on another thread, waited for once.
    private final class BackgroundResult<T>: @unchecked Sendable {   // value written once, read after the semaphore
        private var value: T?
        private let done = DispatchSemaphore(value: 0)
        private var taken = false

        init(_ compute: @escaping () -> T) {
            nonisolated(unsafe) let compute = compute
            DispatchQueue.global().async { [self] in
                value = compute()
                done.signal()
            }
        }

        func wait() -> T {
            if !taken { done.wait(); taken = true }
            return value!
        }
    }

    /// Thrown at the end of a dry run so that the transaction is rolled back.
    private struct DryRunRollback: Error {}

    private static func label(_ item: Item) -> String {
        if case .csv = item.payload { return "row \(item.index + 1) (line \(item.line))" }
        return "feature \(item.index) (line \(item.line))"
    }

    private static func addNote(_ note: String, to summary: inout Summary) {
        if summary.notes.count < 20 { summary.notes.append(note) } else { summary.notesOmitted += 1 }
    }

    /// Writes one incident by the rule for existing ids.
    private static func write(_ incident: Incident, item: Item, writer: any IncidentStoreWriting,
                              firstNewFID: Int64, options: Options, summary: inout Summary) throws {
        let key = incident.id.lowercasedText
        do {
            try writer.insertValidated(incident)   // validated in convert; most ids are new: no lookup first
            summary.inserted += 1
            return
        } catch StoreError.duplicateID {}
        guard let fid = try writer.fid(of: incident.id) else { throw StoreError.duplicateID(key) }
        if fid > firstNewFID {
            throw IncidentError.invalidField(label(item) + ": id", "\(key) appears twice in the file")
        }
        switch options.existing {
        case .fail: throw IncidentError.invalidField(label(item) + ": id", "\(key) is in the store already")
        case .skip: summary.skippedExisting += 1
        case .update:
            switch try writer.upsert(incident, defaultTime: Timestamp.truncatedToMilliseconds(options.now)) {
            case .inserted: summary.inserted += 1
            case .updated: summary.updated += 1
            case .unchanged: summary.unchanged += 1
            case .leftDeleted: summary.leftDeleted += 1
            }
        }
    }

    /// One feature's text as an incident with its context, or why not.
    private static func convert(_ item: Item, now: Date, fieldColumns: [String: String],
                                contexts: IncidentContextComputer?) -> Result<(Incident, String?), Rejection> {
        func rejection(_ field: String, _ reason: String) -> Result<(Incident, String?), Rejection> {
            .failure(Rejection(index: item.index, line: item.line, field: field, reason: reason))
        }
        let bytes: [UInt8]
        switch item.payload {
        case .csv(let fields, let mapping):
            do {
                var incident = try mapping.incident(fields, line: item.line, now: now)
                try incident.validateForStorage()
                if let contexts { incident.context = try contexts.context(for: incident.geometry) }
                return .success((incident, nil))
            } catch let error as IncidentError {
                guard case .invalidField(let field, let reason) = error else { return rejection("row", "\(error)") }
                return rejection(field, reason)
            } catch {
                return rejection("row", "\(error)")
            }
        case .json(let json):
            bytes = json
        }
        var feature: GeoJSONFeature
        do {
            let value = try JSONParser(rejectsDuplicateKeys: true).parse(bytes)
            feature = try GeoJSONReader.readFeature(value)
        } catch let error as GeoJSONError {
            return rejection("\(error.path)", "\(error.message) (RFC 7946 §\(error.rfcSection))")
        } catch let error as JSONParseError {
            return rejection("json", "not valid JSON: \(error)")
        } catch {
            return rejection("feature", "\(error)")
        }
        if !fieldColumns.isEmpty, var properties = feature.properties {   // --map field=property
            for (field, property) in fieldColumns { properties[field] = properties[property] }
            feature.properties = properties
        }
        do {
            var notes: [String] = []
            var incident = try IncidentFeature.incident(from: feature, index: item.index, now: now,
                                                        idWhenAbsent: { IncidentFeature.derivedUUID(bytes) }, notes: &notes)
            if incident.geometry?.isEmpty == true { incident.geometry = nil }   // empty = no position
            try incident.validateForStorage()
            if let contexts { incident.context = try contexts.context(for: incident.geometry) }
            return .success((incident, notes.first))
        } catch let error as IncidentError {
            guard case .invalidField(let field, let reason) = error else { return rejection("feature", "\(error)") }
            return rejection(field, reason)
        } catch {
            return rejection("geometry", "\(error)")
        }
    }
}
