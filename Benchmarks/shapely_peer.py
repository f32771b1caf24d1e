#!/usr/bin/env python3
"""The peer: shapely 2's vectorised contains_xy on the same polygon and points.

usage: shapely_peer.py SVZM.geojson POINTS.f64 [--repeat N]
Prints: name points/s inside seconds (best of N), like incidents-bench.
"""
import json, sys, time
import numpy as np
import shapely
from shapely.geometry import shape

polygon_file, points_file = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[sys.argv.index('--repeat') + 1]) if '--repeat' in sys.argv else 3
polygon = shape(json.load(open(polygon_file))['features'][0]['geometry'])
shapely.prepare(polygon)
xy = np.fromfile(points_file, dtype='<f8').reshape(-1, 2)
x, y = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])
best, inside = float('inf'), 0
for _ in range(repeats):
    t = time.perf_counter()
    inside = int(shapely.contains_xy(polygon, x, y).sum())
    best = min(best, time.perf_counter() - t)
print(f"shapely-{shapely.__version__}-geos-{shapely.geos_version_string}-contains_xy {len(x) / best:.0f} {inside} {best:.4f}")
