#!/usr/bin/env python3
"""The narrow peer for "how far from Venezuela's coast?": shapely 2's STRtree picks each point's
nearest coast segment and the nearest point on it in degrees (planar), then pyproj's Geod.inv
measures the geodesic distance to that point. Fast, but "nearest in degrees" is not nearest on
the ellipsoid: where two stretches of coast are about as far, it can pick the wrong one.

The coast is the tool's: Venezuela's land edges less land borders and the frame (the rule of
Coastline.swift, via classify_peer.coast_edges). Reads lat,lon CSV (or --f64 points), writes
lat,lon,venezuela_coast_nm. Whole process: run it with `time`.

usage: coast_peer.py GEODATA_DIR POINTS.csv|POINTS.f64 OUT.csv [--f64]
"""
import json, os, sys
import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import shape


geodata, points, out = sys.argv[1], sys.argv[2], sys.argv[3]
if '--f64' in sys.argv:
    xy = np.fromfile(points, dtype='<f8').reshape(-1, 2)
    x, y = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])
else:
    lat_lon = np.loadtxt(points, delimiter=',', skiprows=1)
    y, x = np.ascontiguousarray(lat_lon[:, 0]), np.ascontiguousarray(lat_lon[:, 1])
land = {f['properties']['id']: shape(f['geometry'])
        for f in json.load(open(os.path.join(geodata, 'land', 'land.geojson')))['features']}
frame = json.load(open(os.path.join(geodata, 'coverage.json')))['land_frame']
# Venezuela's coast: its land edges less the land borders (midpoint within ~3 m of another
# state's outline) and the frame (both ends on one side of the land frame): Coastline.swift's rule.
ven = land['VEN']
polygons = ven.geoms if ven.geom_type == 'MultiPolygon' else [ven]
rings = [np.asarray(r.coords) for p in polygons for r in [p.exterior, *p.interiors]]
edges = np.vstack([np.hstack([r[:-1], r[1:]]) for r in rings])
edges = edges[(edges[:, 0] != edges[:, 2]) | (edges[:, 1] != edges[:, 3])]
others = shapely.STRtree([g.boundary for s, g in land.items() if s != 'VEN'])
middle = shapely.points((edges[:, 0] + edges[:, 2]) / 2, (edges[:, 1] + edges[:, 3]) / 2)
border = np.zeros(len(edges), dtype=bool)
border[others.query(middle, predicate='dwithin', distance=3e-5)[0]] = True
border[shapely.STRtree([g for s, g in land.items() if s != 'VEN']).query(middle, predicate='intersects')[0]] = True
on_frame = (((edges[:, 0] == edges[:, 2]) & np.isin(edges[:, 0], [frame['west'], frame['east']]))
            | ((edges[:, 1] == edges[:, 3]) & np.isin(edges[:, 1], [frame['south'], frame['north']])))
edges = edges[~border & ~on_frame]
segments = shapely.linestrings(np.stack([edges[:, [0, 1]], edges[:, [2, 3]]], axis=1))
tree = shapely.STRtree(segments)
pts = shapely.points(x, y)
_, nearest = tree.query_nearest(pts, return_distance=False, all_matches=False)
foot = shapely.get_coordinates(shapely.shortest_line(segments[nearest], pts))[0::2]
_, _, d = Geod(ellps='WGS84').inv(x, y, foot[:, 0], foot[:, 1])
with open(out, 'w') as f:
    f.write('lat,lon,venezuela_coast_nm\n')
    f.writelines(f'{b:.7f},{a:.7f},{c / 1852:.6f}\n' for a, b, c in zip(x.tolist(), y.tolist(), d.tolist()))
