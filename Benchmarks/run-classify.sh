#!/usr/bin/env bash
# Batch classification (FIR + land/zone + distance to Venezuela's coast) over N points:
#   this tool, end to end (`incidents check --input points.csv`: read CSV, classify, write CSV)
#   beside shapely 2 + pyproj (+ scipy KD-tree) doing the same work on the same layers, from
#   in-memory arrays. Peak memory is measured at N/10 and N points to show it stays flat.
#   Benchmarks/run-classify.sh [N_POINTS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-1000000}
bash scripts/setup.sh --checks
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
python3 -c 'import shapely, pyproj, scipy' 2>/dev/null || python3 -m pip install -q "shapely==2.2.0" "pyproj==3.7.2" scipy
swift build -c release --product incidents 2>&1 | tail -1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for count in $((n / 10)) "$n"; do
    python3 Benchmarks/make_points.py "$work/p$count.f64" "$count"
    python3 -c "
import numpy as np, sys
xy = np.fromfile('$work/p$count.f64', dtype='<f8').reshape(-1, 2)
with open('$work/p$count.csv', 'w') as f:
    f.write('lat,lon\n')
    np.savetxt(f, xy[:, ::-1], fmt='%.7f', delimiter=',')
"
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$work/rss$count" .build/release/incidents check --input "$work/p$count.csv" --output "$work/out$count.csv"
    end=$(date +%s.%N)
    secs=$(python3 -c "print($end - $start)")
    echo "incidents-check-input $(python3 -c "print(round($count / $secs))") $count $secs rss_kb=$(cat "$work/rss$count")" >> "$work/swift.txt"
    /usr/bin/time -f "%M" -o "$work/prss$count" python3 Benchmarks/classify_peer.py GeoData "$work/p$count.f64" >> "$work/peer.txt"
    echo "rss_kb=$(cat "$work/prss$count")" >> "$work/peer.txt"
done
echo "batch classification, $(nproc) cores:"
cat "$work/swift.txt"
cat "$work/peer.txt"
python3 - "$work/swift.txt" "$work/peer.txt" <<'PY'
import sys
swift = [l.split() for l in open(sys.argv[1])]
peer = [l.split() for l in open(sys.argv[2]) if not l.startswith('rss')]
for s, p in zip(swift, peer):
    print(f"{s[2]:>9s} points: incidents {float(s[1]):>10,.0f} pts/s  peer {float(p[1]):>10,.0f} pts/s  ratio {float(s[1]) / float(p[1]):.2f}x")
PY
