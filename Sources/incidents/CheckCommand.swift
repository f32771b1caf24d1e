import ArgumentParser
import IncidentMapper

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say which Flight Information Region a position lies in (e.g. Maiquetía, SVZM).",
        discussion: """
            A FIR is where a state provides air traffic services; it is not sovereign
            airspace (that ends 12 nm from the coast). FIR limits come from GeoData/fir,
            edges densified along the geodesic; a point exactly on a limit counts as
            inside.

            Examples:
              incidents check "10.6 -66.99"
              incidents check 1530N06500W --json
            """)

    @OptionGroup var coordinate: CoordinateArgument

    @Flag(help: "Print a JSON object with lat, lon, fir ({id, name} or null) and data_version.")
    var json = false

    func run() throws {
        try reportingErrors {
            let c = try Input.coordinate(coordinate.text, field: "coordinate")
            let locator = try FIRLocator()
            let fir = try locator.fir(containing: c.position)
            let version = "fir " + Set(locator.firs.map(\.version)).sorted().joined(separator: ", ")
            if json {
                let firValue: JSONValue = fir.map { .object(["id": .string($0.id), "name": .string($0.name)]) } ?? .null
                print(JSONWriter().string([
                    "lat": .number(c.latitude), "lon": .number(c.longitude),
                    "fir": firValue, "data_version": .string(version),
                ]))
            } else if let fir {
                print("\(Format.degrees(c.latitude)) \(Format.degrees(c.longitude)): inside the \(fir.name) FIR (\(fir.id))")
            } else {
                let known = locator.firs.map(\.id).joined(separator: ", ")
                print("\(Format.degrees(c.latitude)) \(Format.degrees(c.longitude)): outside every FIR known (\(known))")
            }
        }
    }
}
