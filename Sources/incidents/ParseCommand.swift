import ArgumentParser
import IncidentMapper

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Read a coordinate as people write it and print LAT LON in decimal degrees.",
        discussion: """
            Accepts decimal (10.6, -66.99), DMS/DM with symbols or hemisphere letters
            (10°36'00"N 66°59'24"W, 10°36.0'N 66°59.4'W) and ICAO/NOTAM compact forms
            (1036N06659W, 103600N0665924W). Latitude comes first unless hemisphere
            letters say otherwise. Exit 65 with the reason when the text is not a
            coordinate.

            Example:
              incidents parse "1130N 06615W"      # 11.5 -66.25
            """)

    @OptionGroup var coordinate: CoordinateArgument

    func validate() throws {
        if coordinate.isMissing { throw ValidationError("Missing the coordinate to parse.") }
    }

    @Flag(help: "Print a JSON object {\"lat\", \"lon\"}.")
    var json = false

    func run() throws {
        try reportingErrors {
            let c = try Input.coordinate(coordinate.text, field: "coordinate")
            if json {
                print(JSONWriter().string(["lat": .number(c.latitude), "lon": .number(c.longitude)]))
            } else {
                print("\(Format.degrees(c.latitude)) \(Format.degrees(c.longitude))")
            }
        }
    }
}
