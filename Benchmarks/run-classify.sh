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
    # the smaller run also writes the peer's answers, to compare them with ours below
    out=(); [ "$count" = "$((n / 10))" ] && out=(--output "$work/peer$count.csv")
    /usr/bin/time -f "%M" -o "$work/prss$count" python3 Benchmarks/classify_peer.py GeoData "$work/p$count.f64" "${out[@]}" >> "$work/peer.txt"
    echo "rss_kb=$(cat "$work/prss$count")" >> "$work/peer.txt"
done
echo "batch classification, $(nproc) cores:"
cat "$work/swift.txt"
cat "$work/peer.txt"
python3 - "$work/swift.txt" "$work/peer.txt" <<'PY'
import sys
swift = [l.split() for l in open(sys.argv[1])]
peer = [l.split() for l in open(sys.argv[2]) if not l.startswith('rss')]
rss = [l.split('=')[1].strip() for l in open(sys.argv[2]) if l.startswith('rss')]
for s, p, r in zip(swift, peer, rss):
    print(f"{s[2]:>9s} points: incidents {float(s[1]):>10,.0f} pts/s  peak {int(s[4].split('=')[1]) / 1024:6.0f} MB"
          f"   peer {float(p[1]):>10,.0f} pts/s  peak {int(r) / 1024:6.0f} MB   ratio {float(s[1]) / float(p[1]):.2f}x")
PY
# Do both answer the same? (the peer measures to vertices every 100 m, so distances differ by
# up to tens of metres and a point that close to a zone line may fall on the other side)
python3 - "$work/out$((n / 10)).csv" "$work/peer$((n / 10)).csv" <<'PY'
import csv, sys
ours, peer = csv.DictReader(open(sys.argv[1])), csv.DictReader(open(sys.argv[2]))
n = same_fir = same_surface = 0
worst = 0.0
for a, b in zip(ours, peer):
    n += 1
    same_fir += a['fir_id'] == b['fir']
    same_surface += (a['surface_kind'], a['surface_state']) == (b['surface_kind'], b['surface_state'])
    worst = max(worst, abs(float(a['venezuela_coast_nm']) - float(b['venezuela_coast_nm'])) * 1852)
print(f"agreement over {n:,} points: FIR {same_fir / n:.4%}, surface kind and state {same_surface / n:.4%}, "
      f"distance to Venezuela's coast within {worst:.1f} m")
PY
