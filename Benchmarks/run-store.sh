#!/usr/bin/env bash
# The store at scale, side by side with peers on the same file, in the same run:
#   import GeoJSON -> store   : incidents (with and without contexts) | ogr2ogr to GPKG (spatial index) | pyogrio
#   export store -> GeoJSON   : incidents (strict RFC 7946)            | ogr2ogr -lco RFC7946=YES | SpatiaLite AsGeoJSON SQL
#                                (4 columns, the issue's peer; and every property, the same job)
#   list --json                : incidents
#   1,000 near queries, 50 nm  : incidents near --input                 | shapely STRtree + pyproj Geod
# Wall time, CPU time and peak RSS of each (GNU time). 2 cores here: rates are also given per CPU-second.
#   Benchmarks/run-store.sh [N] [--skip-contexts]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-100000}
skip_contexts=${2:-}
python3 -c 'import shapely, pyproj, numpy' 2>/dev/null || python3 -m pip install -q "shapely==2.2.0" "pyproj==3.7.1" numpy
python3 -c 'import pyogrio' 2>/dev/null || python3 -m pip install -q pyogrio geopandas >/dev/null 2>&1 || echo "(pyogrio not installable: its row is skipped)"
swift build -c release --product incidents 2>&1 | tail -1
bin=$PWD/.build/release/incidents
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 Benchmarks/make_incidents.py "$n" "$work/in.geojson"
python3 - "$work/queries.csv" <<'PY'
import random, sys
r = random.Random(11)
with open(sys.argv[1], "w") as f:
    f.write("id,lat,lon\n")
    for i in range(1000):
        f.write(f"q{i},{r.uniform(-19, 34):.5f},{r.uniform(-124, -41):.5f}\n")
PY
results=$work/results.tsv
run() {  # name count command...
    local name=$1 count=$2; shift 2
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > /dev/null 2> "$work/err" || { echo "FAILED: $name"; cat "$work/err"; return 1; }
    read -r wall user sys rss < "$work/t"
    printf "%s\t%s\t%s\t%s\t%s\n" "$name" "$count" "$wall" "$(python3 -c "print($user+$sys)")" "$rss" >> "$results"
}
: > "$results"
export INCIDENTS_CACHE_DIR=$work/cache
"$bin" check "10 -66" > /dev/null   # compile the reference layers once, outside the timings
run "import: incidents, no contexts" "$n" "$bin" import --store "$work/a.gpkg" --no-context "$work/in.geojson"
if [ "$skip_contexts" != "--skip-contexts" ]; then
    run "import: incidents, contexts" "$n" "$bin" import --store "$work/b.gpkg" "$work/in.geojson"
fi
run "import: ogr2ogr -> GPKG + R-tree" "$n" ogr2ogr -f GPKG "$work/ogr.gpkg" "$work/in.geojson" -nln incidents -lco SPATIAL_INDEX=YES
if python3 -c 'import pyogrio' 2>/dev/null; then
    run "import: pyogrio -> GPKG + R-tree" "$n" python3 -c "
import pyogrio, sys
df = pyogrio.read_dataframe(sys.argv[1])
pyogrio.write_dataframe(df, sys.argv[2], layer='incidents', driver='GPKG', spatial_index=True)" "$work/in.geojson" "$work/pyogrio.gpkg"
fi
run "export: incidents (RFC 7946)" "$n" "$bin" export --store "$work/a.gpkg" -o "$work/out.geojson"
run "export: ogr2ogr -lco RFC7946=YES" "$n" ogr2ogr -f GeoJSON -lco RFC7946=YES "$work/ogr.geojson" "$work/ogr.gpkg" incidents
run "export: SpatiaLite AsGeoJSON SQL (not RFC 7946)" "$n" sh -c "sqlite3 '$work/ogr.gpkg' \"SELECT load_extension('mod_spatialite'); SELECT EnableGpkgAmphibiousMode(); SELECT AsGeoJSON(GeomFromGPB(geom)), title, kind, time_start FROM incidents;\" > '$work/spatialite.txt'"
# The same job as ours: a Feature per row with every property (SQLite's JSON functions around
# SpatiaLite's AsGeoJSON; still not strict RFC 7946: no winding fix, 15 decimals).
run "export: SpatiaLite SQL, every property (same job)" "$n" sh -c "sqlite3 '$work/ogr.gpkg' \"SELECT load_extension('mod_spatialite'); SELECT EnableGpkgAmphibiousMode(); SELECT json_object('type','Feature','id',id,'geometry',json(AsGeoJSON(GeomFromGPB(geom))),'properties',json_object('id',id,'kind',kind,'title',title,'description',description,'time_start',time_start,'time_end',time_end,'killed',killed,'injured',injured,'missing',missing,'confidence',confidence,'sources',json(sources),'tags',json(tags),'created_at',created_at,'updated_at',updated_at)) FROM incidents;\" > '$work/spatialite_all.txt'"
run "list --json: incidents" "$n" sh -c "'$bin' list --json --store '$work/a.gpkg' > '$work/list.json'"
run "near --input 1,000 x 50 nm: incidents" 1000 "$bin" near --store "$work/a.gpkg" --input "$work/queries.csv" --within 50nm -o "$work/near.csv"
run "near 1,000 x 50 nm: shapely STRtree + pyproj" 1000 python3 Benchmarks/near_peer.py "$work/in.geojson" "$work/queries.csv" 50 "$work/near_peer.csv"
echo "N = $n incidents (95 % points, 4 % tracks, 1 % zones), $(nproc) cores"
python3 - "$results" <<'PY'
import sys
print(f"{'task':52s} {'wall s':>8s} {'items/s':>10s} {'CPU s':>7s} {'items/CPU-s':>12s} {'peak MB':>8s}")
for line in open(sys.argv[1]):
    name, count, wall, cpu, rss = line.rstrip("\n").split("\t")
    count, wall, cpu, rss = int(count), float(wall), float(cpu), int(rss)
    print(f"{name:52s} {wall:8.2f} {count / max(wall, 1e-3):10,.0f} {cpu:7.2f} {count / max(cpu, 1e-3):12,.0f} {rss / 1024:8.0f}")
PY
python3 - "$work/near.csv" "$work/near_peer.csv" <<'PY'
import sys, csv
def load(p):
    d = {}
    for r in csv.DictReader(open(p)):
        d.setdefault(r["query"], set()).add(r["id"])
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
same = sum(1 for q in set(a) | set(b) if a.get(q, set()) == b.get(q, set()))
print(f"near: the same incidents for {same} of {len(set(a) | set(b))} queries with hits (the peer measures tracks and zones by GEOS on densified lines)")
PY
