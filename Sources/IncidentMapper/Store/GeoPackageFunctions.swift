import Foundation
import GRDB

/// The SQL functions the GeoPackage R-tree triggers call (`ST_IsEmpty`, `ST_MinX`, `ST_MaxX`,
/// `ST_MinY`, `ST_MaxY`), registered on every connection the store opens. Without them an insert
/// fails with "no such function". They read the envelope from the blob header when present.
/// Also `incidents_meets_box(geom, west, south, east, north)`, for the bounding-box filter.
enum GeoPackageFunctions {
    /// The name of the function that says whether a geometry meets a box.
    static let meetsBox = "incidents_meets_box"

    static func register(on db: Database) {
        // 1 when the geometry shares a point with the box (GEOS intersects, in lon/lat): the
        // exact test after the R-tree's envelope test. A geometry whose envelope is one point
        // met the box in the R-tree already.
        db.add(function: DatabaseFunction(meetsBox, argumentCount: 5, pure: true) { values in
            guard let blob = Data.fromDatabaseValue(values[0]) else { return false }
            let edges = values[1...].compactMap { Double.fromDatabaseValue($0) }
            guard edges.count == 4 else { return false }
            let box = Envelope(minLongitude: edges[0], minLatitude: edges[1], maxLongitude: edges[2], maxLatitude: edges[3])
            if let e = try GeoPackageGeometry.envelope(of: blob) {
                // A point, or a geometry whose envelope lies in the box: it meets the box.
                if box.contains(e) { return true }
                if e.minLongitude == e.maxLongitude && e.minLatitude == e.maxLatitude { return false }
            }
            return try GeoPackageGeometry.decode(blob).intersects(box.polygon)
        })
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
