import ArgumentParser

/// One coordinate typed on the command line. The words are taken as they come, so a leading
/// minus (`-10.5, -66.9`) is never mistaken for an option; unquoted words are joined by a space.
struct CoordinateArgument: ParsableArguments {
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
        "The position, latitude first (decimal, DMS/DM or ICAO); quote it.", valueName: "coordinate"))
    var words: [String] = []

    /// The coordinate text; a `--` separator, if typed, is not part of it.
    var text: String { words.filter { $0 != "--" }.joined(separator: " ") }

    func validate() throws {
        guard !text.isEmpty || words.contains("") else { throw ValidationError("Missing the coordinate.") }
        if let option = words.first(where: { $0.hasPrefix("--") && $0 != "--" }) {
            throw ValidationError("Unknown option '\(option)'.")
        }
    }
}
