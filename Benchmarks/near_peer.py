#!/usr/bin/env python3
"""Peer for `near --input`: shapely 2 STRtree over the incidents' geometries, a lon/lat box
query widened for the radius, then the exact geodesic distance (pyproj Geod) to points, and to
tracks and zone outlines densified every 1 km. Writes query,id,distance_nm.
    near_peer.py INCIDENTS.geojson QUERIES.csv RADIUS_NM OUT.csv"""
import csv, json, math, sys
import numpy as np
import shapely
from pyproj import Geod

geod = Geod(ellps="WGS84")
features = json.load(open(sys.argv[1]))["features"]
ids = [f["id"] for f in features]
geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
tree = shapely.STRtree(geoms)
radius_m = float(sys.argv[3]) * 1852


def vertices(g):
    if g.geom_type == "Point":
        return np.array([[g.x, g.y]])
    line = g.exterior if g.geom_type == "Polygon" else g
    pts = []
    coords = list(line.coords)
    for (x0, y0), (x1, y1) in zip(coords, coords[1:]):
        n = max(1, int(geod.inv(x0, y0, x1, y1)[2] / 1000))
        pts.extend([[x0, y0]] + [list(p) for p in geod.npts(x0, y0, x1, y1, n - 1)] if n > 1 else [[x0, y0]])
    pts.append(list(coords[-1]))
    return np.array(pts)


with open(sys.argv[4], "w") as out:
    out.write("query,id,distance_nm\n")
    for row in csv.DictReader(open(sys.argv[2])):
        lat, lon = float(row["lat"]), float(row["lon"])
        dlat = radius_m / 110_574 + 0.01
        dlon = dlat / max(math.cos(math.radians(min(89, abs(lat) + dlat))), 1e-6)
        hits = []
        for i in tree.query(shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)):
            g = geoms[i]
            if g.geom_type == "Polygon" and g.contains(shapely.Point(lon, lat)):
                d = 0.0
            else:
                v = vertices(g)
                _, _, dist = geod.inv(np.full(len(v), lon), np.full(len(v), lat), v[:, 0], v[:, 1])
                d = float(dist.min())
            if d <= radius_m:
                hits.append((d, ids[i]))
        for d, i in sorted(hits):
            out.write(f"{row['id']},{i},{d / 1852:.3f}\n")
