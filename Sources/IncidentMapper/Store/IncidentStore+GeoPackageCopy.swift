import Foundation
import GRDB

extension IncidentStore {
    /// Writes a GeoPackage copy of the store at `path` (replaced atomically): the incidents
    /// matching `filter`, with their R-tree and their history only (nothing of the incidents
    /// left out or deleted travels with it), and each named reference layer (`fir`, `land`,
    /// `maritime`) as a feature table `reference_<layer>` with its own R-tree, its features'
    /// properties as columns `name`, `state`, `id` and the whole set as JSON in `properties`.
    /// QGIS and GDAL open every table.
    /// - Returns: how many incidents were copied.
    public func exportGeoPackage(to path: String, matching filter: IncidentFilter = IncidentFilter(),
                                 referenceLayers: [String] = []) throws -> Int {
        let temporary = path + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            // Inside the `do`: a copy that fails part way (a full disk) leaves nothing behind.
            try vacuum(into: temporary)
            let copy = try IncidentStore(path: temporary, createIfMissing: false)
            let count = try copy.writeDatabase { db -> Int in
                let (kept, arguments) = Self.query(filter, select: "fid", ordered: false)
                try db.execute(sql: "DELETE FROM incidents WHERE fid NOT IN (\(kept))", arguments: arguments)
                // The history of what was left out (or deleted) must not travel with the copy.
                // The copy is not the record: its append-only guard is lifted for this and put back.
                let h = GeoPackageSchema.historyTable
                try db.execute(sql: """
                    DROP TRIGGER \(h)_append_only_delete;
                    DELETE FROM \(h) WHERE incident_id NOT IN (SELECT id FROM incidents);
                    CREATE TRIGGER \(h)_append_only_delete BEFORE DELETE ON \(h)
                      BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
                    """)
                try IncidentStoreWriter(db).recomputeExtent()
                for layer in referenceLayers {
                    try Self.addReferenceTable(layer, features: ReferenceLayerCatalog.taggedFeatures(of: [layer]), db)
                }
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents") ?? 0
            }
            guard rename(temporary, path) == 0 else { throw StoreError.database("cannot move the copy to \(path)") }
            return count
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Adds the named reference layers as feature tables `reference_NAME` (in one transaction).
    func addReferenceLayers(_ layers: [String]) throws {
        guard !layers.isEmpty else { return }
        try writeDatabase { db in
            for layer in layers {
                try Self.addReferenceTable(layer, features: ReferenceLayerCatalog.taggedFeatures(of: [layer]), db)
            }
        }
    }

    private static func addReferenceTable(_ layer: String, features: [GeoJSONFeature], _ db: Database) throws {
        let table = "reference_" + layer.filter { $0.isLetter || $0.isNumber || $0 == "_" }
        try db.execute(sql: """
            CREATE TABLE \(table) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom GEOMETRY,
                                   id TEXT, name TEXT, state TEXT, properties TEXT);
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
              VALUES ('\(table)', 'features', '\(table)', 'Reference layer \(layer) shipped with the incident mapper (see GeoData/)', 4326);
            INSERT INTO gpkg_geometry_columns VALUES ('\(table)', 'geom', 'GEOMETRY', 4326, 0, 0);
            """)
        try db.execute(sql: GeoPackageSchema.rtreeIndex(table: table, column: "geom", idColumn: "fid"))
        var box: Envelope?
        for feature in features {
            let p = feature.properties ?? JSONObject()
            func text(_ key: String) -> String? { p[key].flatMap { $0.stringValue ?? ($0.isNull ? nil : JSONWriter().string($0)) } }
            try db.cachedStatement(sql: "INSERT INTO \(table) (geom, id, name, state, properties) VALUES (?, ?, ?, ?, ?)").execute(arguments: [
                try feature.geometry.map { try GeoPackageGeometry.encode($0) }, text("id") ?? text("icao"), text("name"),
                text("state") ?? text("iso3"), JSONWriter.string(.object(p)),
            ])
            if let e = feature.geometry?.envelope {
                box = box.map { Envelope(minLongitude: min($0.minLongitude, e.minLongitude), minLatitude: min($0.minLatitude, e.minLatitude),
                                         maxLongitude: max($0.maxLongitude, e.maxLongitude), maxLatitude: max($0.maxLatitude, e.maxLatitude)) } ?? e
            }
        }
        if let box {
            try db.execute(sql: "UPDATE gpkg_contents SET min_x = ?, max_x = ?, min_y = ?, max_y = ? WHERE table_name = ?",
                           arguments: [box.minLongitude, box.maxLongitude, box.minLatitude, box.maxLatitude, table])
        }
    }
}
