#!/usr/bin/env bash
# The PostGIS store at scale, beside the embedded store and the peers, on the same data in the
# same run, in a throw-away cluster on loopback (scripts/postgis.sh):
#   import GeoJSON         : incidents -> PostGIS | incidents -> GeoPackage | ogr2ogr -> PostGIS (-lco SPATIAL_INDEX=GIST) |
#                            ogr2ogr -append into an empty store of the tool (the same table: its indexes and
#                            generated search column, but no history rows and no validation; GDAL appends to
#                            an existing table with one INSERT per feature, not COPY)
#   export -> GeoJSON      : incidents from PostGIS | from the GeoPackage | ogr2ogr from PostGIS (RFC 7946)
#   1,000 near queries     : incidents near --input on PostGIS | on the GeoPackage |
#     (50 nm)                psql: one plain SQL query, ST_DWithin on geography (no exact refinement, ids only)
#   list --json            : PostGIS | GeoPackage
# Wall time, CPU time of the tool (not of the server: PostgreSQL's own processes work too, so
# the wall time is the figure to compare) and peak RSS (GNU time). 2 cores here.
#   Benchmarks/run-postgis.sh [N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-100000}
swift build -c release --product incidents 2>&1 | tail -1
bin=$PWD/.build/release/incidents
work=$(mktemp -d /tmp/incidents-bench-pg.XXXXXX)
trap 'bash scripts/postgis.sh stop "$work/cluster" > /dev/null 2>&1; rm -rf "$work"' EXIT
url=$(bash scripts/postgis.sh start "$work/cluster")
port=$(echo "$url" | sed -n 's/.*:\([0-9]*\)\/.*/\1/p')
pg="PG:host=127.0.0.1 port=$port user=postgres dbname=incidents"
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$url" "$@"; }
psql -c "CREATE SCHEMA tool; CREATE SCHEMA ogr; CREATE SCHEMA same"
store="$url?options=-csearch_path%3Dtool%2Cpublic"
same="$url?options=-csearch_path%3Dsame%2Cpublic"
python3 Benchmarks/make_incidents.py "$n" "$work/in.geojson"
python3 - "$work/queries.csv" "$work/queries.sql" <<'PY'
import random, sys
r = random.Random(11)
points = [(f"q{i}", r.uniform(-19, 34), r.uniform(-124, -41)) for i in range(1000)]
with open(sys.argv[1], "w") as f:
    f.write("id,lat,lon\n")
    for q, lat, lon in points: f.write(f"{q},{lat:.5f},{lon:.5f}\n")
with open(sys.argv[2], "w") as f:
    values = ",".join(f"('{q}',{lat:.5f},{lon:.5f})" for q, lat, lon in points)
    f.write("SELECT q.id, i.id, ST_Distance(i.geom::geography, q.g) FROM (SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS g "
            f"FROM (VALUES {values}) v(id, lat, lon)) q JOIN tool.incidents i ON ST_DWithin(i.geom::geography, q.g, 92600) "
            "WHERE i.deleted_at IS NULL ORDER BY 1, 3;\n")
PY
results=$work/results.tsv
: > "$results"
run() {  # name count command...
    local name=$1 count=$2; shift 2
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > /dev/null 2> "$work/err" || { echo "FAILED: $name"; cat "$work/err"; return 1; }
    read -r wall user sys rss < "$work/t"
    printf "%s\t%s\t%s\t%s\t%s\n" "$name" "$count" "$wall" "$(python3 -c "print($user+$sys)")" "$rss" >> "$results"
}
export INCIDENTS_CACHE_DIR=$work/cache
"$bin" check "10 -66" > /dev/null   # compile the reference layers once, outside the timings
# Lay the stores out (and their reference layers) outside the timings: an import of nothing.
echo '{"type": "FeatureCollection", "features": []}' > "$work/empty.geojson"
"$bin" import --store "$store" "$work/empty.geojson" > /dev/null
"$bin" import --store "$same" "$work/empty.geojson" > /dev/null
run "import: incidents -> PostGIS (COPY)" "$n" "$bin" import --store "$store" --no-context "$work/in.geojson"
run "import: incidents -> GeoPackage" "$n" "$bin" import --store "$work/a.gpkg" --no-context "$work/in.geojson"
run "import: ogr2ogr -> PostGIS, GIST index" "$n" ogr2ogr -f PostgreSQL "$pg" "$work/in.geojson" -nln ogr.incidents -lco SPATIAL_INDEX=GIST
run "import: ogr2ogr -append into the tool's table (INSERTs)" "$n" ogr2ogr -append -f PostgreSQL "$pg" "$work/in.geojson" -nln same.incidents \
    -oo ARRAY_AS_STRING=YES --config PG_USE_COPY YES
psql -c "VACUUM ANALYZE tool.incidents" -c "VACUUM ANALYZE ogr.incidents"
run "export: incidents from PostGIS (RFC 7946)" "$n" "$bin" export --store "$store" -o "$work/pg.geojson"
run "export: incidents from GeoPackage (RFC 7946)" "$n" "$bin" export --store "$work/a.gpkg" -o "$work/gpkg.geojson"
run "export: ogr2ogr from PostGIS -lco RFC7946=YES" "$n" ogr2ogr -f GeoJSON -lco RFC7946=YES "$work/ogr.geojson" "$pg" ogr.incidents
run "near 1,000 x 50 nm: incidents on PostGIS" 1000 "$bin" near --store "$store" --input "$work/queries.csv" --within 50nm -o "$work/near-pg.csv"
run "near 1,000 x 50 nm: incidents on GeoPackage" 1000 "$bin" near --store "$work/a.gpkg" --input "$work/queries.csv" --within 50nm -o "$work/near-gpkg.csv"
run "near 1,000 x 50 nm: psql ST_DWithin geography" 1000 sh -c "psql -X -A -t -F, '$url' -f '$work/queries.sql' > '$work/near-sql.csv'"
run "list --json: PostGIS" "$n" sh -c "'$bin' list --json --store '$store' > '$work/list-pg.json'"
run "list --json: GeoPackage" "$n" sh -c "'$bin' list --json --store '$work/a.gpkg' > '$work/list-gpkg.json'"
echo "N = $n incidents (95 % points, 4 % tracks, 1 % zones), $(nproc) cores, PostgreSQL 15 + PostGIS 3 on loopback"
python3 - "$results" <<'PY'
import sys
print(f"{'task':52s} {'wall s':>8s} {'items/s':>10s} {'tool CPU s':>10s} {'peak MB':>8s}")
for line in open(sys.argv[1]):
    name, count, wall, cpu, rss = line.rstrip("\n").split("\t")
    count, wall, cpu, rss = int(count), float(wall), float(cpu), int(rss)
    print(f"{name:52s} {wall:8.2f} {count / max(wall, 1e-3):10,.0f} {cpu:10.2f} {rss / 1024:8.0f}")
PY
echo "ogr2ogr -append stored $(psql -A -t -c 'SELECT count(*) FROM same.incidents') rows in the tool's table; the tool stored $(psql -A -t -c 'SELECT count(*) FROM tool.incidents')"
cmp -s "$work/pg.geojson" "$work/gpkg.geojson" && echo "export: PostGIS and GeoPackage exports are byte for byte the same" \
    || echo "export: the PostGIS and GeoPackage exports DIFFER"
python3 - "$work/near-pg.csv" "$work/near-gpkg.csv" "$work/near-sql.csv" <<'PY'
import csv, sys
def tool(p):
    return [(r["query"], r["id"], r["distance_nm"]) for r in csv.DictReader(open(p))]
pg, gpkg = tool(sys.argv[1]), tool(sys.argv[2])
sql = {}
for line in open(sys.argv[3]):
    q, i, d = line.strip().split(",")
    sql.setdefault(q, set()).add(i)
ours = {}
for q, i, _ in pg: ours.setdefault(q, set()).add(i)
same = sum(1 for q in set(ours) | set(sql) if ours.get(q, set()) == sql.get(q, set()))
print(f"near: PostGIS and GeoPackage give {'the same' if pg == gpkg else 'DIFFERENT'} rows ({len(pg)}); "
      f"the plain SQL finds the same incidents for {same} of {len(set(ours) | set(sql))} queries with hits "
      "(it measures tracks and zones along great circles)")
PY
