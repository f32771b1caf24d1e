#!/usr/bin/env python3
"""Write N random points (seeded) as little-endian float64 (lon, lat) pairs.

Half are spread over the SVZM polygon's bounding box, half over the wider Caribbean region
(85W-55W, 0-20N), so that both the envelope pre-test and the polygon test are exercised.
usage: make_points.py OUT.f64 [N] [SEED]
"""
import sys
import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20250902
rng = np.random.default_rng(seed)
half = n // 2
lon = np.concatenate([rng.uniform(-73.4, -59.8, half), rng.uniform(-85.0, -55.0, n - half)])
lat = np.concatenate([rng.uniform(0.6, 15.7, half), rng.uniform(0.0, 20.0, n - half)])
order = rng.permutation(n)
np.column_stack([lon[order], lat[order]]).astype('<f8').tofile(out)
