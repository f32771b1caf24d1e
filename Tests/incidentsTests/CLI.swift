import Foundation

/// Runs the built `incidents` binary and captures what it prints.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The products folder: the test bundle lives beside the binaries.
    static let binary: URL = {
        let products = Bundle.main.bundleURL
        let candidate = products.appendingPathComponent("incidents")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        return products.deletingLastPathComponent().appendingPathComponent("incidents")
    }()

    /// A fresh folder for one test's files.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("incidents-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs the tool (or, with `viaPath`, the program named first, e.g. `/usr/bin/time`).
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    viaPath: Bool = false) throws -> Result {
        let process = Process()
        process.executableURL = viaPath ? URL(fileURLWithPath: arguments[0]) : binary
        process.arguments = viaPath ? Array(arguments.dropFirst()) : arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "INCIDENTS_STORE")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
