#!/usr/bin/env bash
# Only what is asked (`check --input --fields ...`) beside the narrow scripts a user would write
# otherwise, whole processes, paired runs (ours, the peer's, alternately), medians:
#   FIR only:                incidents --fields fir             vs  shapely contains_xy (fir_peer.py)
#   Venezuelan coast only:   incidents --fields venezuela_coast vs  STRtree nearest + Geod.inv (coast_peer.py)
# Each peer runs twice: reading the same CSV as the tool, and reading binary points (the
# narrower job: no CSV to parse). Prints wall time, CPU time (user + system), points per
# second and per CPU-second (the peers use one core, the tool all of them), peak memory, and
# how far the answers agree.
#   Benchmarks/run-fields.sh [N_POINTS] [PAIRS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-100000}
pairs=${2:-5}
bash scripts/setup.sh --checks
swift build -c release --product incidents 2>&1 | tail -1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 Benchmarks/make_points.py "$work/p.f64" "$n"
python3 -c "
import numpy as np
xy = np.fromfile('$work/p.f64', dtype='<f8').reshape(-1, 2)
with open('$work/p.csv', 'w') as f:
    f.write('lat,lon\n')
    np.savetxt(f, xy[:, ::-1], fmt='%.7f', delimiter=',')
"
bin=.build/release/incidents
"$bin" check "10 -66" >/dev/null    # the compiled layers are in the cache before timing
python3 Benchmarks/time_pairs.py "$n" "$pairs" "$work" \
    "fir|$bin check --input $work/p.csv --fields fir --output $work/ours-fir.csv" \
    "fir|python3 Benchmarks/fir_peer.py GeoData/fir $work/p.csv $work/peer-fir.csv" \
    "fir|python3 Benchmarks/fir_peer.py GeoData/fir $work/p.f64 $work/peer-fir-bin.csv --f64" \
    "coast|$bin check --input $work/p.csv --fields venezuela_coast --output $work/ours-coast.csv" \
    "coast|python3 Benchmarks/coast_peer.py GeoData $work/p.csv $work/peer-coast.csv" \
    "coast|python3 Benchmarks/coast_peer.py GeoData $work/p.f64 $work/peer-coast-bin.csv --f64"
python3 - "$work" <<'PY'
import csv, sys
w = sys.argv[1]
ours = [r['fir_id'] for r in csv.DictReader(open(f'{w}/ours-fir.csv'))]
peer = [r['fir_id'] for r in csv.DictReader(open(f'{w}/peer-fir.csv'))]
same = sum(a == b for a, b in zip(ours, peer))
print(f"FIR agreement: {same:,} of {len(ours):,} points ({same / len(ours):.4%})")
ours = [float(r['venezuela_coast_nm']) for r in csv.DictReader(open(f'{w}/ours-coast.csv'))]
peer = [float(r['venezuela_coast_nm']) for r in csv.DictReader(open(f'{w}/peer-coast.csv'))]
off = [(b - a) / a for a, b in zip(ours, peer) if a > 0.01]
shorter = max(0.0, max((a - b) * 1852 for a, b in zip(ours, peer)))
print(f"coast distance: the peer is more than 0.1 % off the tool on {sum(abs(e) > 1e-3 for e in off):,} points "
      f"({sum(abs(e) > 1e-3 for e in off) / len(off):.2%}), worst {max(off):.2%} longer; it is never more than "
      f"{shorter:.2f} m shorter (the tool takes coast edges as geodesics, the peer as straight lines in degrees)")
PY
