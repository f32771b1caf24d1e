import ArgumentParser

@main
struct Incidents: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "incidents", abstract: "x")
}
