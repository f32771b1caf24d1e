import Foundation
import Testing
@testable import IncidentMapper

/// The stores the CLI's store tests run on: a GeoPackage file always, and a PostGIS database
/// when `INCIDENTS_TEST_POSTGRES` names one (scripts/test.sh starts one). As the library tests'
/// StoreBackend: each test gets a new schema of that database; under CI a missing database fails.
enum TestStore: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case geoPackage, postGIS

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["INCIDENTS_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let isCI = ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
    static let underTest: [TestStore] = postgresURL != nil || isCI ? allCases : [.geoPackage]

    /// Where a new, empty store is: a file in `dir`, or a new schema of the test database.
    func newLocation(in dir: URL, name: String = "store") throws -> String {
        switch self {
        case .geoPackage:
            return dir.appendingPathComponent(name + ".gpkg").path
        case .postGIS:
            guard let base = Self.postgresURL else {
                throw StoreError.invalidRequest("INCIDENTS_TEST_POSTGRES is not set: start a database with scripts/postgis.sh (CI needs it)")
            }
            let schema = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try PostgresConnection(conninfo: base, displayURL: base).execute("CREATE SCHEMA \(schema)")
            return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)%2Cpublic"
        }
    }
}
