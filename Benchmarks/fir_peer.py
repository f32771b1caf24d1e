#!/usr/bin/env python3
"""The narrow peer for "in which FIR?": shapely 2's contains_xy on the shipped FIR layers.

Reads the points from a CSV (lat,lon header, as `incidents check --input` does) or, with
--f64, from the little-endian float64 (lon, lat) file make_points.py writes (the narrower job the
issue timed: no CSV to parse). Each FIR is prepared; smaller FIRs are tested last so that a
nested FIR wins (as the tool does); a point on a line counts as inside (intersects_xy).
Writes lat,lon,fir_id. Whole process: run it with `time`.

usage: fir_peer.py FIR_DIR POINTS.csv|POINTS.f64 OUT.csv [--f64]
"""
import json, os, sys
import numpy as np
import shapely
from shapely.geometry import shape

fir_dir, points, out = sys.argv[1], sys.argv[2], sys.argv[3]
if '--f64' in sys.argv:
    xy = np.fromfile(points, dtype='<f8').reshape(-1, 2)
    x, y = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])
else:
    lat_lon = np.loadtxt(points, delimiter=',', skiprows=1)
    y, x = np.ascontiguousarray(lat_lon[:, 0]), np.ascontiguousarray(lat_lon[:, 1])
firs = []
for name in sorted(os.listdir(fir_dir)):
    if name.endswith('.geojson'):
        f = json.load(open(os.path.join(fir_dir, name)))['features'][0]
        g = shape(f['geometry']); shapely.prepare(g)
        b = g.bounds
        firs.append(((b[2] - b[0]) * (b[3] - b[1]), f['properties']['id'], g))
firs.sort(key=lambda t: -t[0])
fir = np.full(len(x), '', dtype=object)
for _, fid, g in firs:                      # largest first, smallest last wins
    fir[shapely.intersects_xy(g, x, y)] = fid
with open(out, 'w') as f:
    f.write('lat,lon,fir_id\n')
    f.writelines(f'{b:.7f},{a:.7f},{c}\n' for a, b, c in zip(x.tolist(), y.tolist(), fir))
