#!/usr/bin/env python3
"""The peer for batch classification: shapely 2 + pyproj doing the same work on the same layers.

For every point: the FIR (shapely contains_xy, smallest FIR first), land (contains_xy per state),
internal waters (Lake Maracaibo), and the geodesic distance to the nearest coast of Venezuela and
of any other state (pyproj Geod.inv to the coast's vertices densified every 100 m, land borders
and the clip frame left out as in Coastline.swift, candidates from a scipy KD-tree on ECEF),
then the zone by distance (12/24/200 nm, nearest state). Reads the same f64 point file as
the Swift side, writes one CSV line per point when --output is given.

usage: classify_peer.py GEODATA_DIR POINTS.f64 [--output OUT.csv] [--limit N]
"""
import json, os, sys, time
import numpy as np
import shapely
from pyproj import Geod
from scipy.spatial import cKDTree
from shapely.geometry import shape

NM = 1852.0
geod = Geod(ellps='WGS84')


def load(path):
    return json.load(open(path))['features']


def rings(geometry):
    polygons = geometry.geoms if geometry.geom_type == 'MultiPolygon' else [geometry]
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            yield np.asarray(ring.coords)


def coast_edges(land, tolerance=3e-5):
    """Per state, its coast: the edges of its land polygons less the land borders (an edge whose
    midpoint lies within `tolerance` degrees, ~3 m, of another state's outline) and those on the
    layer's clip frame (both ends on one side of its extent), and those whose midpoint lies in another
    state's land (slivers where two states overlap): the rule of Coastline.swift.
    Returns {state: array of (x0, y0, x1, y1)}."""
    outlines = shapely.STRtree([g.boundary for _, g in land])
    areas = shapely.STRtree([g for _, g in land])
    edges = []
    for state, g in land:
        e = np.vstack([np.hstack([xy[:-1], xy[1:]]) for xy in rings(g)])
        edges.append(e[(e[:, 0] != e[:, 2]) | (e[:, 1] != e[:, 3])])
    everything = np.vstack(edges)
    west, east = everything[:, [0, 2]].min(), everything[:, [0, 2]].max()
    south, north = everything[:, [1, 3]].min(), everything[:, [1, 3]].max()
    per_state = {}
    for k, ((state, _), e) in enumerate(zip(land, edges)):
        middle = shapely.points((e[:, 0] + e[:, 2]) / 2, (e[:, 1] + e[:, 3]) / 2)
        pi, gi = outlines.query(middle, predicate='dwithin', distance=tolerance)
        border = np.zeros(len(e), dtype=bool)
        border[pi[gi != k]] = True
        # inside another state's land (a sliver where two states overlap): a border too
        pi, gi = areas.query(middle, predicate='intersects')
        border[pi[gi != k]] = True
        frame = (((e[:, 0] == e[:, 2]) & np.isin(e[:, 0], [west, east]))
                 | ((e[:, 1] == e[:, 3]) & np.isin(e[:, 1], [south, north])))
        per_state[state] = e[~border & ~frame]
    return per_state


def densified_vertices(edges, spacing_m=100.0):
    """The edges' end points, with points added along each edge's geodesic."""
    out = []
    for x0, y0, x1, y1 in edges:
        _, _, d = geod.inv(x0, y0, x1, y1)
        n = int(d // spacing_m)
        out.append((x0, y0))
        if n > 0:
            out.extend(geod.npts(x0, y0, x1, y1, n))
        out.append((x1, y1))
    # consecutive edges share their ends: keep each point once
    return np.unique(np.asarray(out).reshape(-1, 2), axis=0)


def densified_vertices_many(edge_arrays, spacing_m=100.0):
    return np.vstack([densified_vertices(e, spacing_m) for e in edge_arrays])


def ecef(lon, lat):
    lon, lat = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


class Coast:
    def __init__(self, vertices, labels):
        self.vertices, self.labels = vertices, labels
        self.tree = cKDTree(ecef(vertices[:, 0], vertices[:, 1]))

    def nearest_exact(self, x, y, slack=1.01):
        """Per point: every vertex within `slack` times the nearest chord, measured with Geod.inv.
        (Spherical and ellipsoidal nearest can differ where two stretches of coast are about as
        far: taking all vertices within 1 % covers that; the k-nearest query alone does not.)"""
        d_out, label_out = np.empty(len(x)), []
        points = ecef(x, y)
        chord, _ = self.tree.query(points, k=1)
        for i, (p, c) in enumerate(zip(points, chord)):
            idx = np.asarray(self.tree.query_ball_point(p, c * slack + 1e-12))
            _, _, d = geod.inv(np.full(len(idx), x[i]), np.full(len(idx), y[i]),
                               self.vertices[idx, 0], self.vertices[idx, 1])
            j = d.argmin()
            d_out[i] = d[j]
            label_out.append(self.labels[idx[j]] if self.labels is not None else None)
        return d_out, label_out

    def nearest(self, x, y, k=16):
        _, idx = self.tree.query(ecef(x, y), k=k)
        cand = self.vertices[idx]                       # (n, k, 2)                       # (n, k, 2)
        xs = np.repeat(x[:, None], k, axis=1)
        ys = np.repeat(y[:, None], k, axis=1)
        _, _, d = geod.inv(xs.ravel(), ys.ravel(), cand[..., 0].ravel(), cand[..., 1].ravel())
        d = d.reshape(-1, k)
        j = d.argmin(axis=1)
        rows = np.arange(len(x))
        return d[rows, j], (self.labels[idx[rows, j]] if self.labels is not None else None)


def main():
    geodata, points_file = sys.argv[1], sys.argv[2]
    output = sys.argv[sys.argv.index('--output') + 1] if '--output' in sys.argv else None
    limit = int(sys.argv[sys.argv.index('--limit') + 1]) if '--limit' in sys.argv else None
    xy = np.fromfile(points_file, dtype='<f8').reshape(-1, 2)[:limit]
    x, y = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])

    t_setup = time.perf_counter()
    firs = []
    for name in sorted(os.listdir(os.path.join(geodata, 'fir'))):
        if name.endswith('.geojson'):
            f = load(os.path.join(geodata, 'fir', name))[0]
            g = shape(f['geometry']); shapely.prepare(g)
            b = g.bounds
            firs.append(((b[2] - b[0]) * (b[3] - b[1]), f['properties']['id'], g))
    firs.sort(key=lambda t: t[0])
    land = [(f['properties']['id'], shape(f['geometry'])) for f in load(os.path.join(geodata, 'land', 'land.geojson'))]
    for _, g in land:
        shapely.prepare(g)
    waters = [(f['properties']['state'], shape(f['geometry']))
              for f in load(os.path.join(geodata, 'maritime', 'internal_waters.geojson'))]
    for _, g in waters:
        shapely.prepare(g)
    ven_v, oth_v, oth_l = [], [], []
    for state, edges in coast_edges(land).items():
        v = densified_vertices(edges)
        if state == 'VEN':
            ven_v.append(v)
        else:
            oth_v.append(v); oth_l.extend([state] * len(v))
    ven = Coast(np.vstack(ven_v), np.array(['VEN'] * sum(len(v) for v in ven_v)))
    other = Coast(np.vstack(oth_v), np.array(oth_l))
    setup = time.perf_counter() - t_setup

    t0 = time.perf_counter()
    fir = np.full(len(x), '', dtype=object)
    for _, fid, g in reversed(firs):                    # smallest last wins
        fir[shapely.contains_xy(g, x, y) | shapely.intersects_xy(g, x, y)] = fid
    surface_state = np.full(len(x), '', dtype=object)
    on_land = np.zeros(len(x), dtype=bool)
    for state, g in land:
        inside = shapely.intersects_xy(g, x, y)
        surface_state[inside] = state
        on_land |= inside
    d_ven, _ = ven.nearest(x, y)
    d_oth, s_oth = other.nearest(x, y)
    d_min = np.minimum(d_ven, d_oth)
    nearest_state = np.where(d_ven <= d_oth, 'VEN', s_oth)
    inland = np.zeros(len(x), dtype=bool)
    for state, g in waters:
        inside = ~on_land & shapely.intersects_xy(g, x, y)
        surface_state[inside] = state
        inland |= inside
    kind = np.select([on_land, inland, d_min <= 12 * NM, d_min <= 24 * NM, d_min <= 200 * NM],
                     ['land', 'internal-waters', 'territorial-sea', 'contiguous-zone', 'eez'], 'high-seas')
    surface_state = np.where(on_land | inland, surface_state, np.where(kind == 'high-seas', '', nearest_state))
    elapsed = time.perf_counter() - t0
    print(f"shapely-{shapely.__version__}+pyproj+scipy-classify {len(x) / elapsed:.0f} {int((kind == 'territorial-sea').sum())} {elapsed:.4f} setup={setup:.1f}s")
    if output:
        with open(output, 'w') as f:
            f.write('lon,lat,fir,surface_kind,surface_state,venezuela_coast_nm\n')
            for i in range(len(x)):
                f.write(f'{x[i]!r},{y[i]!r},{fir[i]},{kind[i]},{surface_state[i]},{d_ven[i] / NM:.6f}\n')


if __name__ == '__main__':
    main()
