import ArgumentParser

/// One coordinate typed on the command line. The words are taken as they come, so a leading
/// minus (`-10.5, -66.9`) is never mistaken for an option; unquoted words are joined by a space.
struct CoordinateArgument: ParsableArguments {
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
        "The position, latitude first (decimal, DMS/DM or ICAO); quote it.", valueName: "coordinate"))
    var words: [String] = []

    /// The coordinate text; a `--` separator, if typed, is not part of it.
    var text: String { words.filter { $0 != "--" }.joined(separator: " ") }

    /// True when nothing was typed for the coordinate.
    var isMissing: Bool { text.isEmpty && !words.contains("") }

    func validate() throws {
        if let option = words.first(where: { $0.hasPrefix("--") && $0 != "--" }) {
            throw ValidationError("Unknown option '\(option)'.")
        }
    }
}
