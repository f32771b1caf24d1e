import ArgumentParser
import Foundation
import IncidentMapper

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record a new incident and print its id.",
        discussion: """
            Needs --kind, a position (--at for a point, --geometry for a track or zone),
            --time and --title. Casualties not given are stored as unknown, not zero.

            Examples:
              incidents log --kind vessel-strike --at "11.2 -63.9" --time 2025-09-02 \\
                --title "Strike on a boat north of Paria" --killed 11 --confidence confirmed \\
                --source "https://example.org/report|Reuters|2025-09-02"
              incidents log --kind exercise-zone --geometry zone.geojson \\
                --time 2025-10-26 --end 2025-10-30 \\
                --title "Exercise off Trinidad and Tobago"
              incidents log --kind flight --geometry "LINESTRING (-66.5 13.2, -66.9 11.8)" \\
                --time 2025-10-15T21:10:00Z --title "Bombers inside the SVZM FIR"
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var fields: IncidentFieldOptions

    func validate() throws {
        guard fields.kind != nil else { throw ValidationError("Missing --kind.") }
        guard fields.at != nil || fields.geometry != nil else {
            throw ValidationError("Give the position with --at COORD or --geometry FILE_OR_TEXT.")
        }
        guard fields.time != nil else { throw ValidationError("Missing --time.") }
        guard fields.title != nil else { throw ValidationError("Missing --title.") }
    }

    func run() throws {
        try reportingErrors {
            let now = Timestamp.truncatedToMilliseconds(Date())
            var incident = Incident(kind: .other, geometry: nil, time: nil, title: "", createdAt: now)
            try fields.apply(to: &incident)
            incident.context = try IncidentContextComputer().context(for: incident.geometry)
            try storeOptions.open().insert(incident)
            print(incident.id.uuidString.lowercased())
        }
    }
}
