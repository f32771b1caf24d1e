import Foundation
import GRDB

/// The SQL functions the GeoPackage R-tree triggers call (`ST_IsEmpty`, `ST_MinX`, `ST_MaxX`,
/// `ST_MinY`, `ST_MaxY`), registered on every connection the store opens. Without them an insert
/// fails with "no such function". They read the envelope from the blob header when present.
enum GeoPackageFunctions {
    static func register(on db: Database) {
        db.add(function: DatabaseFunction("ST_IsEmpty", argumentCount: 1, pure: true) { values in
            guard let blob = Data.fromDatabaseValue(values[0]) else { return nil }
            return try GeoPackageGeometry.Header(blob).isEmpty || GeoPackageGeometry.envelope(of: blob) == nil
        })
        let bounds: [(String, @Sendable (Envelope) -> Double)] = [
            ("ST_MinX", { $0.minLongitude }), ("ST_MaxX", { $0.maxLongitude }),
            ("ST_MinY", { $0.minLatitude }), ("ST_MaxY", { $0.maxLatitude }),
        ]
        for (name, read) in bounds {
            db.add(function: DatabaseFunction(name, argumentCount: 1, pure: true) { values in
                guard let blob = Data.fromDatabaseValue(values[0]),
                      let envelope = try GeoPackageGeometry.envelope(of: blob) else { return nil }
                return read(envelope)
            })
        }
    }
}
