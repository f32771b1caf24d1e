import Foundation

/// The PostGIS store's schema as named, append-only migrations, recorded in
/// `incidents_schema_migrations`. A database with a migration this version does not know was
/// laid out by a newer version of the tool, and is refused. Never edit a migration that has
/// shipped: add one.
///
/// The tables mirror the GeoPackage store's, column for column, so that QGIS, GDAL and the
/// exports see the same fields: `geometry(Geometry, 4326)` with GiST indexes (on the geometry
/// for boxes, on its `geography` for distances), times as `timestamptz`, sources and tags as
/// `jsonb`, a generated `tsvector` with a GIN index for search, an append-only history.
enum PostGISSchema {
    static let migrationsTable = "incidents_schema_migrations"

    /// The migrations, oldest first: a name and its SQL.
    static let migrations: [(name: String, sql: String)] = [
        ("2026-12-01 incidents, context parts, history, tokens", """
            CREATE EXTENSION IF NOT EXISTS postgis;
            CREATE EXTENSION IF NOT EXISTS unaccent;
            -- The words of a text as the GeoPackage store's search (FTS5, unicode61 with
            -- remove_diacritics) sees them: accents dropped, every run of characters that are
            -- not letters or digits a separator (a URL is its words, b-52 is b and 52).
            -- unaccent() is STABLE (its dictionary could change); the generated column needs
            -- an IMMUTABLE function. The dictionary is named, so the result is fixed.
            CREATE OR REPLACE FUNCTION incidents_words(text) RETURNS text
              LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
              AS $$ SELECT regexp_replace(unaccent('unaccent'::regdictionary, $1), '[^[:alnum:]]+', ' ', 'g') $$;
            CREATE TABLE incidents (
              fid bigserial PRIMARY KEY,
              geom geometry(Geometry, 4326),
              id uuid NOT NULL UNIQUE,
              kind text NOT NULL CHECK (kind IN ('vessel-strike','naval-position','exercise-zone','flight','other')),
              title text NOT NULL,
              description text,
              time_start timestamptz,
              time_end timestamptz,
              killed integer CHECK (killed >= 0),
              injured integer CHECK (injured >= 0),
              missing integer CHECK (missing >= 0),
              killed_max integer CHECK (killed_max > killed),
              injured_max integer CHECK (injured_max > injured),
              missing_max integer CHECK (missing_max > missing),
              confidence text NOT NULL CHECK (confidence IN ('confirmed','likely','reported','disputed')),
              sources jsonb NOT NULL DEFAULT '[]',
              tags jsonb NOT NULL DEFAULT '[]',
              created_at timestamptz NOT NULL,
              updated_at timestamptz NOT NULL,
              deleted_at timestamptz,
              fir text,
              surface_kind text,
              surface_state text,
              venezuela_coast_nm double precision,
              context_version text,
              context_measure text,
              closest_lat double precision,
              closest_lon double precision,
              context_layers text,
              max_leg_m double precision,
              uncertainty_m double precision CHECK (uncertainty_m >= 0),
              search tsvector GENERATED ALWAYS AS (to_tsvector('simple', incidents_words(
                title || ' ' || coalesce(description, '') || ' ' || tags::text || ' ' || sources::text))) STORED
            );
            COMMENT ON TABLE incidents IS 'Military and security incidents: vessel strikes, naval positions, exercise zones, flights';
            CREATE INDEX incidents_geom ON incidents USING gist (geom);
            CREATE INDEX incidents_geography ON incidents USING gist ((geom::geography));
            CREATE INDEX incidents_listing_order ON incidents (time_start, id);
            CREATE INDEX incidents_time_end ON incidents ((coalesce(time_end, time_start)));
            CREATE INDEX incidents_deleted ON incidents (deleted_at) WHERE deleted_at IS NOT NULL;
            CREATE INDEX incidents_fir ON incidents (fir);
            CREATE INDEX incidents_surface_kind ON incidents (surface_kind);
            CREATE INDEX incidents_max_leg ON incidents (max_leg_m);
            CREATE INDEX incidents_search ON incidents USING gin (search);
            CREATE INDEX incidents_tags ON incidents USING gin (tags jsonb_path_ops);
            CREATE TABLE incident_context_parts (
              id bigserial PRIMARY KEY,
              fid bigint NOT NULL REFERENCES incidents (fid) ON DELETE CASCADE,
              layer text NOT NULL CHECK (layer IN ('fir', 'surface')),
              value text NOT NULL,
              state text,
              share double precision NOT NULL CHECK (share >= 0 AND share <= 1.000001)
            );
            COMMENT ON TABLE incident_context_parts IS 'Every FIR and surface each incident touches, with its share of the length or area (fid: the incident)';
            CREATE INDEX incident_context_parts_fid ON incident_context_parts (fid);
            CREATE INDEX incident_context_parts_value ON incident_context_parts (layer, value, state);
            CREATE INDEX incident_context_parts_state ON incident_context_parts (layer, state);
            CREATE TABLE incident_history (
              id bigserial PRIMARY KEY,
              incident_id uuid NOT NULL,
              at timestamptz NOT NULL,
              action text NOT NULL CHECK (action IN ('log', 'import', 'edit', 'merge', 'delete', 'purge')),
              reason text,
              changes text CHECK (changes IS NULL OR changes::jsonb IS NOT NULL)
            );
            COMMENT ON TABLE incident_history IS 'Every change to an incident, append-only: when, what (changes: {field: [before, after]}), why';
            CREATE INDEX incident_history_incident ON incident_history (incident_id, id);
            CREATE FUNCTION incident_history_append_only() RETURNS trigger LANGUAGE plpgsql
              AS $$ BEGIN RAISE EXCEPTION 'the history is append-only'; END $$;
            CREATE TRIGGER incident_history_append_only BEFORE UPDATE OR DELETE ON incident_history
              FOR EACH ROW EXECUTE FUNCTION incident_history_append_only();
            CREATE TRIGGER incident_history_no_truncate BEFORE TRUNCATE ON incident_history
              FOR EACH STATEMENT EXECUTE FUNCTION incident_history_append_only();
            CREATE TABLE api_tokens (
              id bigserial PRIMARY KEY,
              name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
              hash text NOT NULL UNIQUE CHECK (length(hash) = 64),
              created_at timestamptz NOT NULL,
              revoked_at timestamptz
            );
            COMMENT ON TABLE api_tokens IS 'Who may write through incidents serve: the SHA-256 of each token, never the token';
            CREATE TABLE reference_layers (
              name text PRIMARY KEY,
              version text NOT NULL,
              loaded_at timestamptz NOT NULL,
              features integer NOT NULL
            );
            COMMENT ON TABLE reference_layers IS 'The version of each reference layer table (reference_NAME): the SHA-256 of the shipped GeoData files';
            """),
        // geometry(Geometry, 4326) is two-dimensional only: a track with altitudes (import
        // --tracks of ADS-B fixes) was refused. The GeoPackage store allows Z (z = 2,
        // optional); so does this column now, its SRID held by a CHECK (which PostGIS's
        // geometry_columns, and so GDAL and QGIS, read).
        ("2026-12-02 geometries with or without altitudes", """
            ALTER TABLE incidents ALTER COLUMN geom TYPE geometry USING geom;
            ALTER TABLE incidents ADD CONSTRAINT incidents_geom_srid CHECK (ST_SRID(geom) = 4326);
            COMMENT ON COLUMN incidents.geom IS 'WGS 84 (EPSG:4326): longitude, latitude, and an altitude in metres where a track has one';
            """),
    ]

    /// Lays out or upgrades the schema, under an advisory lock so that two processes doing it
    /// at once take turns (the second finds the work done).
    /// - Throws: ``StoreError/notAStore(path:reason:)`` when the database was laid out by a newer
    ///   version, or holds an `incidents` table that is not this tool's.
    /// - Returns: true when it laid out a new store.
    @discardableResult
    static func migrate(_ connection: PostgresConnection, createIfMissing: Bool) throws -> Bool {
        try connection.execute("BEGIN")
        do {
            try connection.execute("SELECT " + PostGISIncidentStore.schemaLock)
            let known = Set(migrations.map(\.name))
            let hasTable = try connection.execute("SELECT to_regclass('\(migrationsTable)') IS NOT NULL").bool(0, 0) ?? false
            var applied = Set<String>()
            if hasTable {
                let rows = try connection.execute("SELECT name FROM \(migrationsTable)")
                applied = Set((0..<rows.rowCount).compactMap { rows.string($0, 0) })
                if let unknown = applied.subtracting(known).sorted().last {
                    throw StoreError.notAStore(path: connection.displayURL, reason: "it was laid out by a newer version of the tool (its schema has the migration '\(unknown)', which this version does not know); upgrade the tool")
                }
            } else {
                let other = try connection.execute("SELECT to_regclass('incidents') IS NOT NULL").bool(0, 0) ?? false
                if other {
                    throw StoreError.notAStore(path: connection.displayURL, reason: "it has a table named incidents that this tool did not make")
                }
                guard createIfMissing else {
                    throw StoreError.missingStore(connection.displayURL + " (the database has no incidents store yet)")
                }
                try connection.execute("CREATE TABLE \(migrationsTable) (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            }
            for migration in migrations where !applied.contains(migration.name) {
                try connection.executeScript(migration.sql)
                try connection.execute("INSERT INTO \(migrationsTable) (name) VALUES ($1)", [.text(migration.name)])
            }
            try connection.execute("COMMIT")
            return !hasTable
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
