import ArgumentParser
import Foundation
import IncidentMapper

struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the records of one store into another: a GeoPackage file and a PostgreSQL database, either way.",
        discussion: """
            Every field, the context, deletions and the whole history go as they are, in one
            transaction on the target (all or nothing). --to is created when it is a new file
            or a database without a store. A record the target holds already is updated only
            when the target's history is the start of the source's (only the source changed);
            when both changed since they parted, it is listed as a conflict and left as the
            target has it. The exit code is 0 with no conflict, 1 with some.

            Examples:
              incidents copy --from incidents.gpkg --to postgresql://analyst@db.example.org/incidents
              incidents copy --from postgresql://analyst@db.example.org/incidents --to field.gpkg
              incidents copy --from field.gpkg --to postgresql://analyst@db.example.org/incidents --since 2025-10-01
            """)

    @Option(help: ArgumentHelp("The store to read: a GeoPackage path or a postgresql:// URL.", valueName: "path|url"))
    var from: String
    @Option(help: ArgumentHelp("The store to write (made when missing): a GeoPackage path or a postgresql:// URL.", valueName: "path|url"))
    var to: String
    @Option(help: ArgumentHelp("Only the records changed after this time (ISO 8601), e.g. what a field laptop did offline.", valueName: "time"))
    var since: String?
    @Flag(help: "Print the summary (and every conflict) as JSON.") var json = false

    func validate() throws {
        guard from != to else { throw ValidationError("--from and --to are the same store") }
    }

    func run() throws {
        try reportingErrors {
            let sinceDate = try since.map { try Input.time($0, field: "since") }
            let source = try IncidentStores.open(from, createIfMissing: false)
            // A new GeoPackage made for this copy is removed if the copy fails: no empty store
            // is left under the name asked for.
            let newFile = !PostgresLocation.isURL(to) && !FileManager.default.fileExists(atPath: to)
            let progress = Progress(totalBytes: nil, unit: "records")
            let summary: StoreCopy.Summary
            do {
                let target = try IncidentStores.open(to)
                summary = try StoreCopy.copy(from: source, to: target, since: sinceDate) { progress.update($0) }
                try target.close()
            } catch {
                if newFile { for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: to + suffix) } }
                throw error
            }
            progress.finish(summary.read)
            if json {
                let conflicts: [JSONValue] = summary.conflicts.map { .object(["id": .string($0.id.lowercasedText), "reason": .string($0.reason)]) }
                print(JSONWriter(pretty: true).string(.object([
                    "read": .number(Double(summary.read)), "inserted": .number(Double(summary.inserted)),
                    "updated": .number(Double(summary.updated)), "unchanged": .number(Double(summary.unchanged)),
                    "newer_in_target": .number(Double(summary.newerInTarget)),
                    "not_changed_since": .number(Double(summary.notChangedSince)),
                    "removed_history": .number(Double(summary.removedHistory)), "conflicts": .array(conflicts),
                ])))
            } else {
                var parts = ["\(summary.inserted) inserted", "\(summary.updated) updated", "\(summary.unchanged) unchanged"]
                if summary.newerInTarget > 0 { parts.append("\(summary.newerInTarget) newer in the target (kept)") }
                if sinceDate != nil { parts.append("\(summary.notChangedSince) not changed since \(since!)") }
                if summary.removedHistory > 0 { parts.append("\(summary.removedHistory) history entries of purged incidents") }
                print("copied \(summary.read) records: " + parts.joined(separator: ", ") + ", \(summary.conflicts.count) conflicts")
                for conflict in summary.conflicts { print("conflict \(conflict.id.lowercasedText): \(conflict.reason)") }
            }
            if !summary.conflicts.isEmpty { throw ExitCode(1) }
        }
    }
}
