import ArgumentParser
import Foundation
import IncidentMapper

struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "List pairs of incidents that are likely the same event: near in space, time and kind, or citing the same source.",
        discussion: """
            Score 1 for a shared source URL; otherwise (1 - distance/within) x (1 - hours
            apart/hours) for incidents of the same kind within both limits. Best first. The
            filters of 'list' apply. Nothing is changed: review the pairs, then merge them
            ('incidents merge KEEP OTHER'), edit or delete.

            Examples:
              incidents duplicates
              incidents duplicates --within 10nm --hours 48 --kind vessel-strike --json
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var filterOptions: FilterOptions

    @Option(help: ArgumentHelp("How near in nm (default 5).", valueName: "nm"))
    var within: Double = 5

    @Option(help: ArgumentHelp("How close in time, hours between starts (default 24).", valueName: "hours"))
    var hours: Double = 24

    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard within.isFinite, within > 0, within <= 10_800 else { throw ValidationError("--within must be nm between 0 and 10800.") }
        guard hours.isFinite, hours > 0 else { throw ValidationError("--hours must be a number of hours > 0.") }
    }

    func run() throws {
        try reportingErrors {
            let pairs = try storeOptions.openExisting().likelyDuplicates(withinMeters: within * 1852, hours: hours,
                                                                         matching: try filterOptions.filter())
            if json {
                print(JSONWriter(pretty: true).string(.array(pairs.map { p in
                    .object(["first": .string(p.first.lowercasedText), "second": .string(p.second.lowercasedText),
                             "distance_nm": p.distanceMeters.map { .number(($0 / 1852 * 1000).rounded() / 1000) } ?? .null,
                             "hours_apart": p.hoursApart.map { .number(($0 * 100).rounded() / 100) } ?? .null,
                             "score": .number((p.score * 1000).rounded() / 1000),
                             "reasons": .array(p.reasons.map(JSONValue.string))])
                })))
                return
            }
            for p in pairs {
                let d = p.distanceMeters.map { DecimalFormat.fixed($0 / 1852, 2) + " nm" } ?? "-"
                let h = p.hoursApart.map { DecimalFormat.fixed($0, 1) + " h" } ?? "-"
                print("\(DecimalFormat.fixed(p.score, 3))  \(p.first.lowercasedText)  \(p.second.lowercasedText)  \(d)  \(h)  \(p.reasons.joined(separator: "; "))")
            }
            if pairs.isEmpty { printError("no likely duplicates") }
        }
    }
}
