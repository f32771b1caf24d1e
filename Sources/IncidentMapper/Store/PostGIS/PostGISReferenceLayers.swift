import Foundation

/// The reference layers the tool ships (FIRs, land, maritime zones) as tables of the database,
/// so that QGIS draws them from the same connection as the incidents: `reference_fir`,
/// `reference_land`, `reference_maritime` (geometry, id, name, state and every property as
/// `jsonb`), and `reference_layers`, which records the version (the SHA-256 of the layers'
/// files, as an incident's `context_layers` does) each table holds.
enum PostGISReferenceLayers {
    /// Replaces the tables when they hold another version than the tool's current layers (or
    /// none), in one transaction under the write lock.
    /// - Returns: true when the tables were (re)loaded.
    @discardableResult
    static func update(_ store: PostGISIncidentStore) throws -> Bool {
        let source = try ReferenceLayerSource.current()
        let version = try ReferenceGeography.load().layersVersion   // the hash of the source's files, cached
        return try store.writeTransaction { connection in
            let held = try connection.execute("SELECT count(*) FROM reference_layers WHERE version = $1", [.text(version)]).int(0, 0) ?? 0
            guard held < ReferenceLayerCatalog.layerNames.count else { return false }
            for layer in ReferenceLayerCatalog.layerNames {
                let table = "reference_" + layer
                try connection.executeScript("""
                    DROP TABLE IF EXISTS \(table);
                    CREATE TABLE \(table) (fid serial PRIMARY KEY, geom geometry(Geometry, 4326), id text, name text, state text, properties jsonb);
                    COMMENT ON TABLE \(table) IS 'Reference layer \(layer) shipped with the incident mapper (see GeoData/), version in reference_layers';
                    """)
                let features = try ReferenceLayerCatalog.taggedFeatures(of: [layer], from: source)
                for feature in features {
                    let p = feature.properties ?? JSONObject()
                    func text(_ key: String) -> String? { p[key].flatMap { $0.stringValue ?? ($0.isNull ? nil : JSONWriter().string($0)) } }
                    try connection.execute("""
                        INSERT INTO \(table) (geom, id, name, state, properties) VALUES (ST_GeomFromWKB($1, 4326), $2, $3, $4, $5)
                        """, [feature.geometry.map { .bytes(Data(WKBCodec.encode($0))) } ?? .null, .of(text("id") ?? text("icao")),
                              .of(text("name")), .of(text("state") ?? text("iso3")), .text(JSONWriter.string(.object(p)))])
                }
                try connection.execute("CREATE INDEX \(table)_geom ON \(table) USING gist (geom)")
                try connection.execute("""
                    INSERT INTO reference_layers (name, version, loaded_at, features) VALUES ($1, $2, now(), $3)
                    ON CONFLICT (name) DO UPDATE SET version = excluded.version, loaded_at = excluded.loaded_at, features = excluded.features
                    """, [.text(layer), .text(version), .of(features.count)])
            }
            return true
        }
    }
}
