#!/usr/bin/env bash
# The PostGIS store end to end, in a throw-away cluster on loopback (scripts/postgis.sh):
#   1. the three OGC API clients against `incidents serve --store postgresql://...`;
#   2. ogrinfo lists the incidents and the reference layers with their fields (QGIS reads the same);
#   3. 8 writer processes, half through each of two servers over one database, for SECONDS:
#      every acknowledged write stored, no error shown to a user;
#   4. a writer killed (SIGKILL) in the middle of a bulk import: nothing of it stored, the
#      database consistent, and the import run again stores it all.
#   Tests/faults/postgis_check.sh BIN CONFORMANCE_DIR [SECONDS]
set -euo pipefail
bin=$1 conformance=$2 seconds=${3:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/incidents-pgcheck.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    bash "$root/scripts/postgis.sh" stop "$work/cluster" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL $*"; exit 1; }

base_url=$(bash "$root/scripts/postgis.sh" start "$work/cluster")
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$base_url" "$@"; }
# A store in its own schema of the database.
store_url() { psql -c "CREATE SCHEMA $1" >/dev/null; echo "$base_url?options=-csearch_path%3D$1%2Cpublic"; }

serve() {  # serve STORE_URL NAME: starts a server on a free port; prints its base URL
    : > "$work/$2.err"
    "$bin" serve --store "$1" --port 0 > /dev/null 2> "$work/$2.err" &
    pids+=($!)
    local pid=$! address=""
    for _ in $(seq 1 600); do
        address=$(sed -n 's/.* on \(http:[^ ]*\) .*/\1/p' "$work/$2.err" | head -1)
        [ -n "$address" ] && break
        kill -0 "$pid" 2>/dev/null || { cat "$work/$2.err" >&2; fail "server $2 did not start"; }
        sleep 0.1
    done
    [ -n "$address" ] || fail "server $2 did not say where it listens"
    echo "$address"
}

# 1. The OGC API clients.
served=$(store_url served)
"$bin" import --store "$served" --map time_start=reported "$conformance/oapif/sample_incidents.geojson" > /dev/null 2>&1
address=$(serve "$served" oapif)
bash "$conformance/oapif_client_check.sh" "$address" incidents | tail -3
echo "ok   oapif_client_check.sh against serve --store postgresql://: raw HTTP, OWSLib and GDAL pass"

# 2. ogrinfo, as QGIS opens the database.
port=$(echo "$base_url" | sed -n 's/.*:\([0-9]*\)\/.*/\1/p')
pg="PG:host=127.0.0.1 port=$port user=postgres dbname=incidents schemas=served"
ogrinfo -ro "$pg" > "$work/layers.txt"
for layer in incidents reference_fir reference_land reference_maritime; do
    grep -q "^[0-9]*: $layer\b" "$work/layers.txt" || { cat "$work/layers.txt"; fail "ogrinfo does not list $layer"; }
done
ogrinfo -ro -so "$pg" incidents > "$work/incidents.txt"
grep -q "Feature Count: 34" "$work/incidents.txt" || fail "ogrinfo does not count the 34 incidents"
for field in id kind title description time_start time_end killed injured missing confidence sources tags created_at updated_at fir surface_kind; do
    grep -q "^$field: " "$work/incidents.txt" || { cat "$work/incidents.txt"; fail "ogrinfo: field $field missing"; }
done
ogrinfo -ro -so "$pg" reference_fir | grep -q "Feature Count: [1-9]" || fail "ogrinfo: reference_fir is empty"
echo "ok   ogrinfo lists incidents (34, every field) and reference_fir, reference_land, reference_maritime"

# 3. Eight writers through two servers.
shared=$(store_url shared)
"$bin" log --store "$shared" --kind other --title "first" --at "10 -66" --time 2025-10-01 > /dev/null
token=$("$bin" token create --store "$shared" --name writers 2>/dev/null)
a=$(serve "$shared" a)
b=$(serve "$shared" b)
python3 "$root/Tests/faults/pg_writers.py" "$seconds" "$token" "$work/writes.json" "$a" "$b"
"$bin" list --store "$shared" --json > "$work/stored.json"
python3 - "$work/writes.json" "$work/stored.json" <<'PY' || fail "writes through two servers"
import json, sys
writes = json.load(open(sys.argv[1]))
stored = {f["id"]: f["properties"]["title"] for f in json.load(open(sys.argv[2]))}
acknowledged = writes["acknowledged"]
assert not writes["failures"], f"{len(writes['failures'])} errors seen by writers: {writes['failures'][:3]}"
lost = [w for w in acknowledged if stored.get(w["id"]) != w["title"]]
assert acknowledged and not lost, f"{len(lost)} of {len(acknowledged)} acknowledged writes lost: {lost[:3]}"
assert len(stored) == len(acknowledged) + 1, (len(stored), len(acknowledged))
print(f"ok   {len(acknowledged)} POSTs and {len(acknowledged)} PATCHes acknowledged, every one stored as acknowledged, 0 errors")
PY

# 4. A writer killed in the middle of a bulk import.
killed=$(store_url killed)
"$bin" log --store "$killed" --kind other --title "before" --at "10 -66" --time 2025-10-01 > /dev/null
python3 "$root/Benchmarks/make_incidents.py" 40000 "$work/big.geojson" --seed 7
for round in 1 2 3; do
    "$bin" import --store "$killed" "$work/big.geojson" --no-context > /dev/null 2>&1 &
    pid=$!
    # Kill once its COPY is running (or it has run for a while).
    for _ in $(seq 1 300); do
        [ "$(psql -tA -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY incidents%'")" != 0 ] && break
        sleep 0.05
    done
    sleep "0.$((RANDOM % 9))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rows=$(psql -tA -c "SELECT count(*) FROM killed.incidents")
    history=$(psql -tA -c "SELECT count(*) FROM killed.incident_history")
    [ "$rows" = 1 ] && [ "$history" = 1 ] || fail "round $round: after the kill $rows incidents and $history history entries, not 1 and 1"
done
"$bin" import --store "$killed" "$work/big.geojson" --no-context > /dev/null
rows=$(psql -tA -c "SELECT count(*) FROM killed.incidents")
orphans=$(psql -tA -c "SELECT count(*) FROM killed.incident_context_parts p WHERE NOT EXISTS (SELECT 1 FROM killed.incidents i WHERE i.fid = p.fid)")
unhistoried=$(psql -tA -c "SELECT count(*) FROM killed.incidents i WHERE NOT EXISTS (SELECT 1 FROM killed.incident_history h WHERE h.incident_id = i.id)")
[ "$rows" = 40001 ] && [ "$orphans" = 0 ] && [ "$unhistoried" = 0 ] || fail "after the kills and a full import: $rows rows, $orphans orphan parts, $unhistoried without history"
echo "ok   3 SIGKILLs during a 40,000-feature import: nothing of it stored each time; the import run again stores all 40,000, each with its history"
echo "postgis_check: all checks passed"
