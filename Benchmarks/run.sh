#!/usr/bin/env bash
# Point-in-FIR checks over 1,000,000 points against the SVZM polygon: this tool (Swift over
# GEOS 3.11, prepared geometry + envelope pre-test, one core and all cores) beside shapely 2's
# contains_xy on the same polygon and the same points. Both must find the same number inside.
#   Benchmarks/run.sh [N_POINTS] [REPEATS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-1000000}
repeats=${2:-3}
bash scripts/setup.sh --checks
python3 -c 'import shapely, numpy' 2>/dev/null || python3 -m pip install -q "shapely==2.2.0" numpy
swift build -c release --product incidents-bench 2>&1 | tail -1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 Benchmarks/make_points.py "$work/points.f64" "$n"
{
    .build/release/incidents-bench "$work/points.f64" --repeat "$repeats"
    python3 Benchmarks/shapely_peer.py GeoData/fir/SVZM.geojson "$work/points.f64" --repeat "$repeats"
} > "$work/results.txt"
echo "point-in-FIR (SVZM, $(grep -c . <(python3 -c "import json;print(len(json.load(open('GeoData/fir/SVZM.geojson'))['features'][0]['geometry']['coordinates'][0]))")) ring) over $n points, best of $repeats, $(nproc) cores:"
python3 - "$work/results.txt" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
peer = float(rows[-1][1])
print(f"{'variant':58s} {'points/s':>12s} {'inside':>8s} {'vs shapely':>10s}")
for name, rate, inside, secs in rows:
    print(f"{name:58s} {float(rate):12,.0f} {int(inside):8d} {float(rate) / peer:9.2f}x")
insides = {r[2] for r in rows}
if len(insides) != 1:
    sys.exit(f"MISMATCH: the variants disagree on how many points are inside: {sorted(insides)}")
print("all variants agree on the points inside")
PY
