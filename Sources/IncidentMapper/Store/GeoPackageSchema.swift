import Foundation
import GRDB

/// The store's schema as named, append-only migrations. The first one lays down the GeoPackage
/// core tables (OGC 12-128r18, GeoPackage 1.3), the `incidents` feature table and its R-tree
/// spatial index (`gpkg_rtree_index` extension). Never edit a migration that has shipped: add one.
enum GeoPackageSchema {
    /// `application_id` of a GeoPackage: "GPKG".
    static let applicationID: Int32 = 0x4750_4B47
    /// `user_version` for GeoPackage 1.3.0.
    static let userVersion: Int32 = 10300
    static let featureTable = "incidents"
    static let geometryColumn = "geom"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-29 geopackage core and incidents layer") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = \(userVersion)")
            try db.execute(sql: coreTables)
            try db.execute(sql: spatialReferenceSystems)
            try db.execute(sql: incidentsTable)
            try db.execute(sql: rtreeIndex(table: featureTable, column: geometryColumn, idColumn: "fid"))
        }
        migrator.registerMigration("2026-11-29 incident context: FIR, surface, distance to Venezuela") { db in
            try db.execute(sql: """
                ALTER TABLE incidents ADD COLUMN fir TEXT;
                ALTER TABLE incidents ADD COLUMN surface_kind TEXT;
                ALTER TABLE incidents ADD COLUMN surface_state TEXT;
                ALTER TABLE incidents ADD COLUMN venezuela_coast_nm REAL;
                ALTER TABLE incidents ADD COLUMN context_version TEXT;
                CREATE INDEX incidents_fir ON incidents (fir);
                CREATE INDEX incidents_surface_kind ON incidents (surface_kind);
                """)
        }
        migrator.registerMigration("2026-11-30 whole-geometry context: parts with shares, closest approach, layers version") { db in
            try db.execute(sql: """
                ALTER TABLE incidents ADD COLUMN context_measure TEXT;
                ALTER TABLE incidents ADD COLUMN closest_lat REAL;
                ALTER TABLE incidents ADD COLUMN closest_lon REAL;
                ALTER TABLE incidents ADD COLUMN context_layers TEXT;
                CREATE TABLE \(contextPartsTable) (
                  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                  fid INTEGER NOT NULL REFERENCES incidents(fid) ON DELETE CASCADE,
                  layer TEXT NOT NULL CHECK (layer IN ('fir', 'surface')),
                  value TEXT NOT NULL,
                  state TEXT,
                  share REAL NOT NULL CHECK (share >= 0 AND share <= 1.000001)
                );
                CREATE INDEX incident_context_parts_fid ON \(contextPartsTable) (fid);
                CREATE INDEX incident_context_parts_value ON \(contextPartsTable) (layer, value, state);
                CREATE INDEX incident_context_parts_state ON \(contextPartsTable) (layer, state);
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
                  VALUES ('\(contextPartsTable)', 'attributes', '\(contextPartsTable)',
                          'Every FIR and surface each incident touches, with its share of the length or area (fid: the incident)');
                INSERT INTO \(contextPartsTable) (fid, layer, value, state, share)
                  SELECT fid, 'fir', coalesce(fir, 'none'), NULL, 1 FROM incidents WHERE surface_kind IS NOT NULL;
                INSERT INTO \(contextPartsTable) (fid, layer, value, state, share)
                  SELECT fid, 'surface', surface_kind, surface_state, 1 FROM incidents WHERE surface_kind IS NOT NULL;
                """)
        }
        migrator.registerMigration("2026-12-01 index in listing order (no sort of the whole table)") { db in
            // Matches ORDER BY of IncidentStore queries exactly, so that list and export stream
            // rows in order instead of sorting a million of them in memory first.
            try db.execute(sql: "CREATE INDEX incidents_listing_order ON incidents (time_start IS NULL, time_start, id)")
        }
        migrator.registerMigration("2026-12-01 longest leg of each geometry, for proximity search") { db in
            try db.execute(sql: """
                ALTER TABLE incidents ADD COLUMN max_leg_m REAL;
                CREATE INDEX incidents_max_leg ON incidents (max_leg_m);
                """)
            let rows = try Row.fetchCursor(db, sql: "SELECT fid, geom FROM incidents WHERE geom IS NOT NULL")
            var legs: [(Int64, Double)] = []
            while let row = try rows.next() {
                let blob: Data = row["geom"]
                legs.append((row["fid"], IncidentRow.longestLegMeters(try GeoPackageGeometry.decode(blob))))
            }
            for (fid, meters) in legs {
                try db.execute(sql: "UPDATE incidents SET max_leg_m = ? WHERE fid = ?", arguments: [meters, fid])
            }
        }
        migrator.registerMigration("2026-12-01 position uncertainty") { db in
            try db.execute(sql: "ALTER TABLE incidents ADD COLUMN uncertainty_m REAL CHECK (uncertainty_m >= 0)")
        }
        migrator.registerMigration("2026-12-01 full-text search") { db in
            // Kept by triggers on the table itself, so edits by QGIS or GDAL are indexed too (FTS5
            // is part of SQLite: no function of this tool is needed).
            let t = searchTable
            let text = "new.title, coalesce(new.description, ''), new.tags, new.sources"
            try db.execute(sql: """
                CREATE VIRTUAL TABLE \(t) USING fts5(title, description, tags, sources, tokenize = 'unicode61 remove_diacritics 2');
                \(searchInsertTrigger)
                CREATE TRIGGER \(t)_update AFTER UPDATE OF title, description, tags, sources ON incidents BEGIN
                  DELETE FROM \(t) WHERE rowid = old.fid;
                  INSERT INTO \(t) (rowid, title, description, tags, sources) VALUES (new.fid, \(text));
                END;
                CREATE TRIGGER \(t)_delete AFTER DELETE ON incidents BEGIN
                  DELETE FROM \(t) WHERE rowid = old.fid;
                END;
                INSERT INTO \(t) (rowid, title, description, tags, sources)
                  SELECT fid, title, coalesce(description, ''), tags, sources FROM incidents;
                """)
        }
        migrator.registerMigration("2026-12-01 history and soft delete") { db in
            try db.execute(sql: """
                ALTER TABLE incidents ADD COLUMN deleted_at DATETIME;
                CREATE INDEX incidents_deleted ON incidents (deleted_at) WHERE deleted_at IS NOT NULL;
                CREATE TABLE \(historyTable) (
                  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                  incident_id TEXT NOT NULL,
                  at DATETIME NOT NULL,
                  action TEXT NOT NULL CHECK (action IN ('log', 'import', 'edit', 'merge', 'delete', 'purge')),
                  reason TEXT,
                  changes TEXT
                );
                CREATE INDEX \(historyTable)_incident ON \(historyTable) (incident_id, id);
                CREATE TRIGGER \(historyTable)_append_only_update BEFORE UPDATE ON \(historyTable)
                  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
                CREATE TRIGGER \(historyTable)_append_only_delete BEFORE DELETE ON \(historyTable)
                  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
                  VALUES ('\(historyTable)', 'attributes', '\(historyTable)',
                          'Every change to an incident, append-only: when, what (changes: {field: [before, after]}), why');
                INSERT INTO \(historyTable) (incident_id, at, action) SELECT id, created_at, 'log' FROM incidents ORDER BY fid;
                """)
        }
        migrator.registerMigration("2026-12-01 casualty ranges (merged reports that differ)") { db in
            try db.execute(sql: """
                ALTER TABLE incidents ADD COLUMN killed_max INTEGER CHECK (killed_max > killed);
                ALTER TABLE incidents ADD COLUMN injured_max INTEGER CHECK (injured_max > injured);
                ALTER TABLE incidents ADD COLUMN missing_max INTEGER CHECK (missing_max > missing);
                """)
        }
        migrator.registerMigration("2026-12-01 API tokens, stored hashed") { db in
            try db.execute(sql: """
                CREATE TABLE \(tokensTable) (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
                  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
                  created_at TEXT NOT NULL,
                  revoked_at TEXT);
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
                  VALUES ('\(tokensTable)', 'attributes', '\(tokensTable)',
                          'Who may write through incidents serve: the SHA-256 of each token, never the token');
                """)
        }
        migrator.registerMigration("2026-12-01 time spans in the indexes (time filters read no rows)") { db in
            // A time filter reads start and end (and the deleted mark) from these indexes alone:
            // counting a month's incidents, or listing its first page in listing order, no
            // longer looks up every row that starts before it (35 ms a page at 100,000, then 3).
            try db.execute(sql: """
                CREATE INDEX incidents_time_span ON incidents (time_start, coalesce(time_end, time_start), deleted_at);
                DROP INDEX incidents_time_start;
                DROP INDEX incidents_listing_order;
                CREATE INDEX incidents_listing_order
                  ON incidents (time_start IS NULL, time_start, id, coalesce(time_end, time_start), deleted_at);
                CREATE INDEX incidents_span_length ON incidents (\(spanLengthDays));
                """)
        }
        return migrator
    }

    /// How long an incident lasts, in days (0 for an instant): its index gives the longest at
    /// once, which bounds how early an incident overlapping a time can start.
    static let spanLengthDays = "julianday(coalesce(time_end, time_start)) - julianday(time_start)"

    /// The API tokens (hashed).
    static let tokensTable = "api_tokens"

    /// The append-only table of changes.
    static let historyTable = "incident_history"

    /// The FTS5 table over title, description, tags and sources (rowid: the incident's fid).
    static let searchTable = "incidents_search"

    /// A user's words as an FTS5 query: each word quoted (so punctuation is never syntax), all
    /// required; a trailing `*` keeps its meaning of a prefix.
    static func ftsQuery(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).map { word -> String in
            let prefix = word.hasSuffix("*") && word.count > 1
            let body = (prefix ? word.dropLast() : word[...]).replacingOccurrences(of: "\"", with: "\"\"")
            return "\"" + body + "\"" + (prefix ? "*" : "")
        }.joined(separator: " ")
    }

    /// The trigger that indexes a new incident for search (dropped during a bulk import, which
    /// indexes its rows in one statement at the end, and created again word for word).
    static let searchInsertTrigger = """
        CREATE TRIGGER \(searchTable)_insert AFTER INSERT ON incidents BEGIN
          INSERT INTO \(searchTable) (rowid, title, description, tags, sources) VALUES (new.fid, new.title, coalesce(new.description, ''), new.tags, new.sources);
        END;
        """

    /// The table of context parts (one row per FIR or surface an incident touches).
    static let contextPartsTable = "incident_context_parts"

    private static let coreTables = """
        CREATE TABLE gpkg_spatial_ref_sys (
          srs_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL PRIMARY KEY,
          organization TEXT NOT NULL,
          organization_coordsys_id INTEGER NOT NULL,
          definition TEXT NOT NULL,
          description TEXT
        );
        CREATE TABLE gpkg_contents (
          table_name TEXT NOT NULL PRIMARY KEY,
          data_type TEXT NOT NULL,
          identifier TEXT UNIQUE,
          description TEXT DEFAULT '',
          last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
          srs_id INTEGER,
          CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
        );
        CREATE TABLE gpkg_geometry_columns (
          table_name TEXT NOT NULL,
          column_name TEXT NOT NULL,
          geometry_type_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL,
          z TINYINT NOT NULL,
          m TINYINT NOT NULL,
          CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
          CONSTRAINT uk_gc_table_name UNIQUE (table_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
          CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
        );
        CREATE TABLE gpkg_extensions (
          table_name TEXT,
          column_name TEXT,
          extension_name TEXT NOT NULL,
          definition TEXT NOT NULL,
          scope TEXT NOT NULL,
          CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
        );
        """

    private static let spatialReferenceSystems = """
        INSERT INTO gpkg_spatial_ref_sys VALUES
          ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
          ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
          ('WGS 84 geodetic', 4326, 'EPSG', 4326,
           'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
           'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
        """

    private static let incidentsTable = """
        CREATE TABLE incidents (
          fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
          geom GEOMETRY,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('vessel-strike','naval-position','exercise-zone','flight','other')),
          title TEXT NOT NULL,
          description TEXT,
          time_start DATETIME,
          time_end DATETIME,
          killed INTEGER CHECK (killed >= 0),
          injured INTEGER CHECK (injured >= 0),
          missing INTEGER CHECK (missing >= 0),
          confidence TEXT NOT NULL CHECK (confidence IN ('confirmed','likely','reported','disputed')),
          sources TEXT NOT NULL DEFAULT '[]',
          tags TEXT NOT NULL DEFAULT '[]',
          created_at DATETIME NOT NULL,
          updated_at DATETIME NOT NULL
        );
        CREATE INDEX incidents_time_start ON incidents (time_start);
        INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
          VALUES ('incidents', 'features', 'incidents',
                  'Military and security incidents: vessel strikes, naval positions, exercise zones, flights', 4326);
        INSERT INTO gpkg_geometry_columns VALUES ('incidents', 'geom', 'GEOMETRY', 4326, 2, 0);
        """

    /// The R-tree's insert trigger, word for word from the GeoPackage 1.3 R-tree extension (F.3).
    static func rtreeInsertTrigger(table t: String, column c: String, idColumn i: String) -> String {
        let r = "rtree_\(t)_\(c)"
        let values = "NEW.\(i), ST_MinX(NEW.\(c)), ST_MaxX(NEW.\(c)), ST_MinY(NEW.\(c)), ST_MaxY(NEW.\(c))"
        return """
            CREATE TRIGGER \(r)_insert AFTER INSERT ON \(t)
              WHEN (new.\(c) NOT NULL AND NOT ST_IsEmpty(NEW.\(c)))
              BEGIN INSERT OR REPLACE INTO \(r) VALUES (\(values)); END;
            """
    }

    /// The R-tree and its triggers, word for word from the GeoPackage 1.3 R-tree extension (F.3).
    static func rtreeIndex(table t: String, column c: String, idColumn i: String) -> String {
        let r = "rtree_\(t)_\(c)"
        let values = "NEW.\(i), ST_MinX(NEW.\(c)), ST_MaxX(NEW.\(c)), ST_MinY(NEW.\(c)), ST_MaxY(NEW.\(c))"
        return """
            INSERT INTO gpkg_extensions VALUES ('\(t)', '\(c)', 'gpkg_rtree_index',
              'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
            CREATE VIRTUAL TABLE \(r) USING rtree(id, minx, maxx, miny, maxy);
            \(rtreeInsertTrigger(table: t, column: c, idColumn: i))
            CREATE TRIGGER \(r)_update1 AFTER UPDATE OF \(c) ON \(t)
              WHEN OLD.\(i) = NEW.\(i) AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c)))
              BEGIN INSERT OR REPLACE INTO \(r) VALUES (\(values)); END;
            CREATE TRIGGER \(r)_update2 AFTER UPDATE OF \(c) ON \(t)
              WHEN OLD.\(i) = NEW.\(i) AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c)))
              BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END;
            CREATE TRIGGER \(r)_update3 AFTER UPDATE ON \(t)
              WHEN OLD.\(i) != NEW.\(i) AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c)))
              BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); INSERT OR REPLACE INTO \(r) VALUES (\(values)); END;
            CREATE TRIGGER \(r)_update4 AFTER UPDATE ON \(t)
              WHEN OLD.\(i) != NEW.\(i) AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c)))
              BEGIN DELETE FROM \(r) WHERE id IN (OLD.\(i), NEW.\(i)); END;
            CREATE TRIGGER \(r)_delete AFTER DELETE ON \(t)
              WHEN old.\(c) NOT NULL
              BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END;
            """
    }
}
