import ArgumentParser
import Foundation
import IncidentMapper

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count incidents and their casualties, in all or grouped, unknown kept apart from zero.",
        discussion: """
            For each group: the incidents, and for killed, injured and missing the total
            over the incidents that give a number, how many give one and how many do not
            (unknown is not zero). Where counts are ranges (merged reports that differ),
            the total is a range too: the sum of the low ends to the sum of the high ends.
            --by fir, zone and state count an incident in every FIR, surface or state it
            touches, so those groups can add up to more than the whole. The filters of
            'list' apply.

            Examples:
              incidents stats
              incidents stats --by month --kind vessel-strike --json
              incidents stats --by state --zone territorial-sea
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var filterOptions: FilterOptions

    @Option(help: ArgumentHelp("Group by kind, month, confidence, fir, zone or state.", valueName: "field"))
    var by: StatisticsGrouping?

    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingErrors {
            let rows = try storeOptions.openExisting().statistics(matching: try filterOptions.filter(), by: by)
            if json {
                print(JSONWriter(pretty: true).string(.array(rows.map { r in
                    func count(_ c: IncidentStatistics.Count) -> JSONValue {
                        .object(["total": .number(Double(c.total)), "total_high": .number(Double(c.totalHigh)),
                                 "known": .number(Double(c.known)), "unknown": .number(Double(c.unknown))])
                    }
                    return .object(["group": r.group.map(JSONValue.string) ?? .null, "incidents": .number(Double(r.incidents)),
                                    "killed": count(r.killed), "injured": count(r.injured), "missing": count(r.missing)])
                })))
                return
            }
            let name = by.map { "\($0.rawValue)" } ?? "all"
            let width = max(name.count, rows.map { ($0.group ?? "(none)").count }.max() ?? 0)
            func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
            func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
            print(pad(name, width) + "  " + lpad("incidents", 9) + "  " + lpad("killed (unknown)", 18) + "  "
                  + lpad("injured (unknown)", 18) + "  " + lpad("missing (unknown)", 18))
            for r in rows {
                func c(_ x: IncidentStatistics.Count) -> String {
                    lpad((x.totalHigh > x.total ? "\(x.total)–\(x.totalHigh)" : "\(x.total)") + " (\(x.unknown))", 18)
                }
                print(pad(r.group ?? (by == nil ? "all" : "(none)"), width) + "  " + lpad("\(r.incidents)", 9) + "  "
                      + c(r.killed) + "  " + c(r.injured) + "  " + c(r.missing))
            }
        }
    }
}

extension StatisticsGrouping: ExpressibleByArgument {}
