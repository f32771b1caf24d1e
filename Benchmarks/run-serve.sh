#!/usr/bin/env bash
# incidents serve beside pygeoapi, on loopback, the same 100,000 incidents, in the same run:
#   wrk, 30 s, 64 connections, 2 threads, against
#     /collections/incidents/items?limit=100&bbox=-70,5,-60,15
#     /collections/incidents/items?limit=100&datetime=2025-10-01T00:00:00Z/2025-10-31T23:59:59Z
#     the same for October 2026 (the data runs from August 2025 to November 2026: a late month
#     makes the listing-order scan longest)
#   requests/s, p99 latency, and the servers' CPU time; then the time map.html takes to be ready
#   in headless Chromium with the 100,000 incidents.
# wrk and the server share this machine's cores (2 here); so do pygeoapi's workers.
#   Benchmarks/run-serve.sh [N] [SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-100000}
seconds=${2:-30}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product incidents 2>&1 | tail -1
bin=$PWD/.build/release/incidents
work=$(mktemp -d)
ours="" peer=""
cleanup() {
    [ -n "$ours" ] && kill "$ours" 2>/dev/null || true
    [ -n "$peer" ] && kill -- "-$peer" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export INCIDENTS_CACHE_DIR=$work/cache
python3 Benchmarks/make_incidents.py "$n" "$work/in.geojson"
"$bin" import --store "$work/store.gpkg" "$work/in.geojson" > /dev/null 2>&1
ogr2ogr -f GPKG "$work/peer.gpkg" "$work/in.geojson" -nln incidents -lco SPATIAL_INDEX=YES
bbox="limit=100&bbox=-70,5,-60,15"
datetime="limit=100&datetime=2025-10-01T00:00:00Z/2025-10-31T23:59:59Z"
recent="limit=100&datetime=2026-10-01T00:00:00Z/2026-10-31T23:59:59Z"
results=$work/results.tsv
: > "$results"

cpu() {  # CPU seconds of a process (-p PID) or of a process group (-g PGID)
    ps -o cputimes= "$1" "$2" 2>/dev/null | awk '{s += $1} END {print s + 0}'
}
load() {  # name url selector id: wrk, and the server's CPU seconds during the run
    local name=$1 url=$2 selector=$3 pid=$4
    curl -sf "$url" -o "$work/one.json" || { echo "FAILED: $name: $url"; return 1; }
    local count; count=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["features"]))' "$work/one.json")
    local before; before=$(cpu "$selector" "$pid")
    wrk -t2 -c64 -d"${seconds}s" --latency "$url" > "$work/wrk.txt"
    local after; after=$(cpu "$selector" "$pid")
    local rps p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
    errors=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt"); errors=${errors:-0}
    printf "%s\t%s\t%s\t%s\t%s\t%s\n" "$name" "$rps" "$p99" "$count" "$errors" "$((after - before))" >> "$results"
}

# Ours.
"$bin" serve --store "$work/store.gpkg" --port 0 > /dev/null 2> "$work/ours.err" &
ours=$!
for _ in $(seq 1 300); do grep -q "serving" "$work/ours.err" && break; sleep 0.1; done
base=$(sed -n 's/.* on \(http:[^ ]*\) .*/\1/p' "$work/ours.err")
load "incidents serve: bbox" "$base/collections/incidents/items?$bbox" -p "$ours"
load "incidents serve: datetime" "$base/collections/incidents/items?$datetime" -p "$ours"
load "incidents serve: datetime, late" "$base/collections/incidents/items?$recent" -p "$ours"
kill -TERM "$ours"; wait "$ours" || true; ours=""

# pygeoapi.
read -r _ peer < <(bash Benchmarks/pygeoapi_peer.sh 5099 "$work/peer.gpkg" | grep '^pid')
load "pygeoapi: bbox" "http://127.0.0.1:5099/collections/incidents/items?f=json&$bbox" -g "$peer"
load "pygeoapi: datetime" "http://127.0.0.1:5099/collections/incidents/items?f=json&$datetime" -g "$peer"
load "pygeoapi: datetime, late" "http://127.0.0.1:5099/collections/incidents/items?f=json&$recent" -g "$peer"
kill -- "-$peer" 2>/dev/null || true; peer=""

echo "N = $n incidents, wrk -t2 -c64 -d${seconds}s on loopback, $(nproc) cores shared by wrk and the server"
python3 - "$results" "$seconds" <<'PY'
import sys
print(f"{'server and query':28s} {'requests/s':>11s} {'p99':>9s} {'server CPU-s':>13s} {'req per CPU-s':>14s} {'features/page':>14s} {'non-2xx':>8s}")
for line in open(sys.argv[1]):
    name, rps, p99, count, errors, cpu = line.rstrip("\n").split("\t")
    requests = float(rps) * float(sys.argv[2])
    cpu = float(cpu)
    print(f"{name:28s} {float(rps):11,.0f} {p99:>9s} {cpu:13.1f} {requests / max(cpu, 0.01):14,.0f} {count:>14s} {errors:>8s}")
PY

# The map in a browser, with the N incidents.
"$bin" map --store "$work/store.gpkg" -o "$work/map.html" 2> /dev/null
"$bin" list --json --store "$work/store.gpkg" | python3 -c 'import json, sys; [print(f["id"]) for f in json.load(sys.stdin)]' > "$work/ids.txt"
echo "map.html: $(du -m "$work/map.html" | cut -f1) MB"
python3 Tests/browser/map_check.py "file://$work/map.html" --ids "$work/ids.txt" --artifacts "$work/shots" --name "map-$n" | grep -E "ready|ok|FAIL"
