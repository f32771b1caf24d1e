import Foundation
import Testing
@testable import IncidentMapper

/// The stores the store tests run on, one test suite for both: the GeoPackage always, and
/// PostGIS when `INCIDENTS_TEST_POSTGRES` names a database (`scripts/postgis.sh start DIR`
/// makes one; `scripts/test.sh` starts it). Each test gets a new, empty store: a new file, or
/// a new schema of that database (`search_path` in the URL). Under CI (`CI=true`) a missing
/// database fails the PostGIS half instead of leaving it out.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case geoPackage, postGIS

    var testDescription: String { rawValue }

    /// The URL of the test database, when there is one.
    static let postgresURL = ProcessInfo.processInfo.environment["INCIDENTS_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// The backends to run: PostGIS only with a database, or under CI (where it then fails).
    static let underTest: [StoreBackend] = postgresURL != nil || ConformanceSuite.isCI ? allCases : [.geoPackage]

    /// Where a new, empty store of this backend is: a path, or a URL whose `search_path` is a
    /// new schema (made here).
    func newLocation() throws -> String {
        switch self {
        case .geoPackage:
            return IncidentStoreTests.temporaryPath()
        case .postGIS:
            guard let base = Self.postgresURL else {
                throw StoreError.invalidRequest("INCIDENTS_TEST_POSTGRES is not set: start a database with scripts/postgis.sh (CI needs it)")
            }
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let connection = try PostgresConnection(conninfo: base, displayURL: base)
            try connection.execute("CREATE SCHEMA \(schema)")
            return Self.url(base, schema: schema)
        }
    }

    /// `base` with `search_path` set to `schema` (then public, where PostGIS is).
    static func url(_ base: String, schema: String) -> String {
        base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)%2Cpublic"
    }

    /// A new, empty store of this backend.
    func makeStore() throws -> any IncidentStoring {
        try IncidentStores.open(try newLocation())
    }
}
