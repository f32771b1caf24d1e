#!/usr/bin/env bash
# Start-up: whole-process wall time of single commands, median of N runs (default 10), beside
# two peers that also start a geospatial tool: GDAL's `ogrinfo --formats` and SQLite loading
# SpatiaLite (`sqlite3 :memory: "SELECT load_extension('mod_spatialite')"`).
# The compiled reference layers are in the cache first (they are built once per version of the
# data; that one-off build is timed separately and printed too).
#   Benchmarks/run-startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-10}
bash scripts/setup.sh --checks
swift build -c release --product incidents 2>&1 | tail -1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
bin=$PWD/.build/release/incidents
printf 'time,lat,lon\n2025-10-15T21:00:00Z,14.0,-66.2\n2025-10-15T21:30:00Z,12.6,-66.6\n2025-10-15T21:45:00Z,11.9,-67.0\n' > "$work/track.csv"
# the one-off compilation of the layers, in a cache folder of its own
cold=$(python3 -c "
import subprocess, time, os
env = dict(os.environ, INCIDENTS_CACHE_DIR='$work/cold-cache')
t = time.perf_counter(); subprocess.run(['$bin', 'check', '10 -66'], env=env, check=True, stdout=subprocess.DEVNULL)
print(f'{time.perf_counter() - t:.2f}')")
"$bin" check "10 -66" >/dev/null
"$bin" log --store "$work/s.gpkg" --kind other --at "11 -64" --time 2025-09-02 --title warm >/dev/null
python3 - "$runs" "$bin" "$work" "$cold" <<'PY'
import statistics, subprocess, sys, time
runs, bin, work, cold = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
jobs = [
    ("incidents --help", [bin, "--help"]),
    ("incidents parse", [bin, "parse", "1030N06655W"]),
    ("incidents distance", [bin, "distance", "10.6 -66.99", "10.6 -61.34", "--unit", "nm"]),
    ("incidents check", [bin, "check", "11°10'N 63°50'W"]),
    ("incidents check --json", [bin, "check", "16.85 -99.9", "--json"]),
    ("incidents log (point)", [bin, "log", "--store", f"{work}/s.gpkg", "--kind", "vessel-strike", "--at", "11.2 -63.9",
                               "--time", "2025-09-02T12:00:00Z", "--title", "t"]),
    ("incidents log (track)", [bin, "log", "--store", f"{work}/s.gpkg", "--kind", "flight", "--geometry",
                               "LINESTRING (-66.2 14.0, -66.6 12.6, -67.0 11.9)", "--time", "2025-10-15T21:00:00Z", "--title", "t"]),
    ("incidents track (3 fixes)", [bin, "track", f"{work}/track.csv"]),
    ("peer: ogrinfo --formats", ["ogrinfo", "--formats"]),
    ("peer: sqlite3 + mod_spatialite", ["sqlite3", ":memory:", "SELECT load_extension('mod_spatialite');"]),
]
print(f"{'command':34s} {'median ms':>10s} {'min ms':>8s} {'max ms':>8s}")
for name, command in jobs:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    print(f"{name:34s} {statistics.median(times):10.1f} {min(times):8.1f} {max(times):8.1f}")
print(f"whole processes, {runs} runs each; the one-off compilation of the layers took {cold} s")
PY
