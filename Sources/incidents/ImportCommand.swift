import ArgumentParser
import Foundation
import IncidentMapper

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import incidents from GeoJSON (collection, text sequences, one per line), CSV or ACLED's CSV export.",
        discussion: """
            Properties named as in 'export' become incident fields (missing ones get
            defaults: kind other, confidence reported). A CSV file (name ending .csv, or
            text not starting with '{') takes its position from a wkt column, lat/lon
            (latitude/longitude, y/x) or one coordinate column in any notation 'parse'
            reads; ACLED's export is recognised by its columns and mapped field by field
            (geo_precision becomes the position's uncertainty). --map field=column says
            which column or property holds a field, for other tools' files. The file is read as a stream and
            written in one transaction: by default the first bad feature stops the
            import, naming its index, line and field, and nothing is written. With
            --skip-invalid every good feature is written and every bad one is listed in
            a CSV report (index,line,field,reason).

            Importing the same file again changes nothing: an incident whose id the store
            holds is updated only when it differs (--existing). Ids that are not UUIDs
            (another tool's) map to the same UUID on every import; a feature without an
            id gets one derived from its content. Contexts (FIR, zone, distance) are
            computed on every core. --dry-run checks without writing. '-' reads stdin.

            Examples:
              incidents import reports.geojson --dry-run
              incidents import feed.geojsonl --skip-invalid --report rejected.csv
              incidents import acled_export.csv
              incidents import sightings.csv --map time_start=seen_at --map coordinate=pos
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The GeoJSON file ('-' for standard input).", valueName: "file"))
    var file: String

    @Flag(help: "Check the file and report what would be imported; write nothing.")
    var dryRun = false

    @Flag(help: "Import the good features and report the bad ones instead of stopping at the first.")
    var skipInvalid = false

    @Option(help: ArgumentHelp("Where --skip-invalid lists rejected features (default: FILE.rejected.csv).", valueName: "file"))
    var report: String?

    @Option(help: ArgumentHelp("An id the store holds already: update (when it differs), skip, or fail.", valueName: "rule"))
    var existing: String = IncidentImporter.Options.Existing.update.rawValue

    @Flag(help: "Store without computing contexts (FIR, zone, distance); 'reclassify' computes them later.")
    var noContext = false

    @Option(name: .customLong("map"), help: ArgumentHelp("field=column: the CSV column or GeoJSON property holding a field (repeatable).", valueName: "field=column"))
    var fieldMaps: [String] = []

    @Flag(help: "The file is a CSV of fixes (time,lat,lon[,alt,id], ADS-B or AIS style): one track incident per id.")
    var tracks = false

    @Option(help: ArgumentHelp("The kind of the --tracks incidents (default flight; naval-position for AIS).", valueName: "kind"))
    var kind: IncidentKind = .flight

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        guard IncidentImporter.Options.Existing(rawValue: existing) != nil else {
            throw ValidationError("--existing must be one of: update, skip, fail.")
        }
        if report != nil && !skipInvalid { throw ValidationError("--report goes with --skip-invalid.") }
        for map in fieldMaps where map.split(separator: "=").count != 2 {
            throw ValidationError("--map takes field=column, e.g. --map time_start=date (got \"\(map)\").")
        }
    }

    func run() throws {
        try reportingErrors {
            var options = IncidentImporter.Options(existing: IncidentImporter.Options.Existing(rawValue: existing)!,
                                                   skipInvalid: skipInvalid, dryRun: dryRun,
                                                   computeContexts: !noContext)
            for map in fieldMaps {
                let parts = map.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
                options.fieldColumns[parts[0]] = parts[1]
            }
            // A missing file or a header without positions is told before a store is made.
            var stream = tracks ? nil : try IncidentImporter.ImportSource(path: file, fieldColumns: options.fieldColumns)
            // A dry run never creates a store; it checks against one that exists.
            let store = dryRun ? try? storeOptions.openExisting() : try storeOptions.open()
            let reportPath = report ?? (file == "-" ? "rejected.csv" : file + ".rejected.csv")
            let rejected = skipInvalid ? try BatchOutput(path: reportPath) : nil
            try rejected?.write("index,line,field,reason\n")
            let progress = Progress(totalBytes: stream?.totalBytes, unit: "features")
            let summary: IncidentImporter.Summary
            do {
                let reject: (IncidentImporter.Rejection) throws -> Void = { r in
                    try rejected?.write(CSVRow.line(["\(r.index)", "\(r.line)", r.field, r.reason]) + "\n")
                }
                if var source = stream {
                    summary = try IncidentImporter.importSource(&source, into: store, options: options, reject: reject,
                                                                progress: { done, bytes, _ in progress.update(done, bytes: bytes) })
                    stream = source
                } else {
                    summary = try IncidentImporter.importTracks(file, kind: kind, into: store, options: options, reject: reject)
                }
            } catch {
                rejected?.abandon()
                throw error
            }
            try rejected?.finish()
            progress.finish(summary.features)
            for note in summary.notes { printError("note: \(note)") }
            if summary.notesOmitted > 0 { printError("note: \(summary.notesOmitted) more like these") }
            if summary.rejected > 0 { printError("\(summary.rejected) features rejected: listed in \(reportPath)") }
            if json {
                print(JSONWriter.string(.object([
                    "features": .number(Double(summary.features)), "inserted": .number(Double(summary.inserted)),
                    "updated": .number(Double(summary.updated)), "unchanged": .number(Double(summary.unchanged)),
                    "skipped_existing": .number(Double(summary.skippedExisting)),
                    "left_deleted": .number(Double(summary.leftDeleted)), "rejected": .number(Double(summary.rejected)),
                    "rejected_report": summary.rejected > 0 ? .string(reportPath) : .null, "dry_run": .bool(dryRun),
                ])))
            } else if dryRun {
                print("would import \(summary.inserted + summary.updated) incidents (dry run, nothing written)")
            } else {
                var parts = ["imported \(summary.inserted) incidents"]
                if summary.updated > 0 { parts.append("\(summary.updated) updated") }
                if summary.unchanged > 0 { parts.append("\(summary.unchanged) unchanged") }
                if summary.skippedExisting > 0 { parts.append("\(summary.skippedExisting) already stored, skipped") }
                if summary.leftDeleted > 0 { parts.append("\(summary.leftDeleted) deleted in the store, left deleted ('incidents restore ID' brings one back)") }
                if summary.rejected > 0 { parts.append("\(summary.rejected) rejected") }
                print(parts.joined(separator: ", "))
            }
        }
    }
}
