import ArgumentParser
import IncidentMapper

struct DistanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distance",
        abstract: "Geodesic distance and initial bearing between two positions on WGS84.",
        discussion: """
            Prints the distance first, then the unit and the initial bearing. Computed
            with PROJ's geod_inverse (Karney), exact to the nanometre; 1 nm = 1852 m.

            Example:
              incidents distance "10.6, -66.99" "10°39'N 61°31'W" --unit nm
            """)

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
        "The two positions, latitude first, each quoted as one argument.", valueName: "from> <to"))
    var positions: [String] = []

    func validate() throws {
        if let option = positions.first(where: { $0.hasPrefix("--") && $0 != "--" }) {
            throw ValidationError("Unknown option '\(option)'.")
        }
        let positions = self.positions.filter { $0 != "--" }
        guard positions.count == 2 else {
            throw ValidationError("Give exactly two positions, each quoted (got \(positions.count)): distance \"10.6 -66.99\" \"10.65 -61.52\"")
        }
    }

    @Option(help: "Unit of the distance: nm, km or m.")
    var unit: DistanceUnit = .nauticalMiles

    @Flag(help: "Print a JSON object.")
    var json = false

    func run() throws {
        try reportingErrors {
            let positions = self.positions.filter { $0 != "--" }
            let a = try Input.coordinate(positions[0], field: "from")
            let b = try Input.coordinate(positions[1], field: "to")
            let leg = Geodesic.wgs84.inverse(from: a.position, to: b.position)
            let value = unit.fromMeters(leg.distanceMeters)
            if json {
                print(JSONWriter().string([
                    "distance": .number(value), "unit": .string(unit.rawValue),
                    "distance_m": .number(leg.distanceMeters),
                    "initial_bearing_deg": leg.distanceMeters == 0 ? .null : .number(leg.initialBearingDegrees),
                    "final_bearing_deg": leg.distanceMeters == 0 ? .null : .number(leg.finalBearingDegrees),
                ]))
            } else {
                let bearing = leg.distanceMeters == 0 ? "no bearing: same position"
                    : "initial bearing \(Format.fixed(leg.initialBearingDegrees, 2))°"
                print("\(Format.length(value)) \(unit.rawValue) (\(bearing))")
            }
        }
    }
}
