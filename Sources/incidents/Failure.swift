import ArgumentParser
import Foundation
import IncidentMapper

/// Bad input from the user, tied to the option or argument it came from.
struct InputError: Error {
    var field: String
    var message: String
}

/// A file the user named that is not there (or is not a file).
struct MissingFile: Error {
    var path: String
    var reason: String
}

/// Exit codes of the tool (sysexits.h).
enum Exit {
    static let runtime: Int32 = 1
    static let dataError: Int32 = 65
    static let missingFile: Int32 = 66
    /// A service cannot start (e.g. its port is taken).
    static let unavailable: Int32 = 69
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs a command body, turning library errors into one-line messages on stderr and exit codes.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as InputError {
        printError("incidents: \(error.field): \(error.message)")
        throw ExitCode(Exit.dataError)
    } catch let error as IncidentError {
        printError("incidents: \(error.description)")
        throw ExitCode(Exit.dataError)
    } catch let error as ImportError {
        printError("incidents: \(error.description)")
        throw ExitCode(Exit.dataError)
    } catch let error as GeoJSONError {
        printError("incidents: \(error.description)")
        throw ExitCode(Exit.dataError)
    } catch let error as GeometryError {
        printError("incidents: geometry: \(error.description)")
        throw ExitCode(Exit.dataError)
    } catch let error as BatchError {
        printError("incidents: \(error.description)")
        switch error {
        case .cannotRead: throw ExitCode(Exit.missingFile)
        case .cannotWrite: throw ExitCode(Exit.runtime)
        default: throw ExitCode(Exit.dataError)
        }
    } catch let error as CSVError {
        printError("incidents: \(error.description)")
        if case .cannotRead = error { throw ExitCode(Exit.missingFile) }
        throw ExitCode(Exit.dataError)
    } catch let error as ReferenceDataError {
        printError("incidents: \(error.description)")
        throw ExitCode(Exit.runtime)
    } catch let error as MissingFile {
        printError("incidents: \(error.path): \(error.reason)")
        throw ExitCode(Exit.missingFile)
    } catch let error as StoreError {
        printError("incidents: \(error.description)")
        if case .missingStore = error { throw ExitCode(Exit.missingFile) }
        if case .invalidRequest = error { throw ExitCode(Exit.dataError) }
        // A database server that cannot be reached or refuses the login: a service unavailable.
        if case .cannotOpen(let location, _) = error, PostgresLocation.isURL(location) { throw ExitCode(Exit.unavailable) }
        if error.isBadStoreData { throw ExitCode(Exit.dataError) }
        throw ExitCode(Exit.runtime)
    } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
        printError("incidents: \(error.localizedDescription)")
        throw ExitCode(Exit.missingFile)
    } catch {
        printError("incidents: \(error)")
        throw ExitCode(Exit.runtime)
    }
}
