#!/usr/bin/env python3
"""Derive maritime zones from the land layer -> GeoData/maritime/maritime.geojson.

No offline source of real maritime limits exists, so the zones are derived
from the coastline of GeoData/land/land.geojson (GSHHG high, attributed by DCW):
  * territorial sea: sea within 12 nm (22,224 m) of the state's coast,
  * contiguous zone: the band 12-24 nm,
  * exclusive economic zone: the band 24-200 nm,
all WGS84 geodesic distances, and every point of sea goes to the state whose
coast is nearest (equidistance / median line). Venezuela's internal waters
(Lake Maracaibo and Tablazo Bay, GeoData/maritime/internal_waters.geojson, built
by build_internal_waters.py) are left out of the distance zones.

Method:
  1. Buffers: each state's land is cut into tiles (1 degree for 12/24 nm,
     2 degrees for 200 nm); each tile is buffered in an azimuthal-equidistant
     projection centred on the tile, and the results are joined. Every vertex
     of the joined outline is then moved onto the exact geodesic distance:
     from its nearest coast point q (k-d tree over the coast densified to
     ~110 m, then pyproj geod_inverse) along the geodesic q->vertex to
     distance d (geod_direct).
  2. Median lines: Voronoi diagram of the coast points of all states (coast
     densified to <= 500 m, in an azimuthal-equidistant projection centred on
     12.5N 70W); the ridges between points of different states, densified to
     <= 2 km, are the median lines. Each of their vertices is then moved until
     its exact geodesic distances to the two nearest states' coasts agree.
  3. Zones = (buffer band) intersect (state's cell) minus all land and the
     internal waters, clipped to the region 90W-50W, 0-25N, then simplified
     as a coverage (shared lines stay shared; the coast and the region frame
     are not simplified), snapped to 1e-7 degree.

Usage: build_maritime.py [LAND_GEOJSON [INTERNAL_WATERS_GEOJSON [OUTPUT]]]
       (defaults: GeoData/land/land.geojson, GeoData/maritime/internal_waters.geojson,
        GeoData/maritime/maritime.geojson)
Needs: python3, shapely>=2.1, pyproj, numpy, scipy.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from scipy.spatial import Voronoi, cKDTree
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

VERSION = "2026-11-29"
NM = 1852.0
ZONES = [("territorial-sea", 12 * NM), ("contiguous-zone", 24 * NM), ("eez", 200 * NM)]
REGION = (-90.0, 0.0, -50.0, 25.0)          # output clip: west, south, east, north
DOMAIN = (-95.0, -5.0, -45.0, 30.0)         # extent of the land layer
DECIMALS = 7
GRID = 1e-7
GEOD = Geod(ellps="WGS84")
ROOT = Path(__file__).resolve().parents[2]
CENTRE = (-70.0, 12.5)                       # projection for the Voronoi diagram
TILE = {"territorial-sea": 1.0, "contiguous-zone": 1.0, "eez": 2.0}
PRE_SIMPLIFY_M = {"territorial-sea": 20.0, "contiguous-zone": 50.0, "eez": 500.0}
QUAD_SEGS = {"territorial-sea": 32, "contiguous-zone": 48, "eez": 128}
SEGMENT_M = {"territorial-sea": 500.0, "contiguous-zone": 800.0, "eez": 3000.0}
VORONOI_SPACING_M = 500.0
MEDIAN_SPACING_M = 2000.0
KD_SPACING_DEG = 0.001                       # ~110 m, coast densification for nearest
SIMPLIFY_TOL_DEG = 0.0008                    # coverage simplification (~90 m)

def aeqd(lon, lat):
    crs = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m +no_defs"
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return fwd, inv


def project(geom, tr):
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def polygonal(g):
    parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and p.area > 0]
    return MultiPolygon(parts) if parts else MultiPolygon()


def load_land(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    land = {}
    for f in data["features"]:
        land[f["properties"]["id"]] = shapely.geometry.shape(f["geometry"])
    return land


def on_frame(xy):
    w, s, e, n = DOMAIN
    return ((np.abs(xy[:, 0] - w) < 1e-9) | (np.abs(xy[:, 0] - e) < 1e-9)
            | (np.abs(xy[:, 1] - s) < 1e-9) | (np.abs(xy[:, 1] - n) < 1e-9))


class Coast:
    """Coast points of every state (land boundary minus land borders and the
    domain frame), densified, with a k-d tree on unit vectors."""

    def __init__(self, land, spacing_deg):
        ids = sorted(land)
        allland = shapely.STRtree([land[i] for i in ids])
        xs, labs = [], []
        for k, sid in enumerate(ids):
            b = shapely.segmentize(land[sid].boundary, spacing_deg)
            xy = shapely.get_coordinates(b)
            xy = np.unique(xy, axis=0)
            keep = ~on_frame(xy)
            # drop land-border points: within ~1 m of another state's land
            pts = shapely.points(xy)
            pi, gi = allland.query(pts, predicate="dwithin", distance=1e-5)
            border = np.zeros(len(xy), bool)
            border[pi[gi != k]] = True
            keep &= ~border
            xs.append(xy[keep])
            labs.append(np.full(keep.sum(), k))
        self.ids = ids
        self.xy = np.vstack(xs)
        self.lab = np.concatenate(labs)
        self.tree = cKDTree(unit(self.xy))

    def nearest(self, xy, k=4, mask_state=None):
        """Exact-ish geodesic distance (m), foot point and state index of the
        nearest coast point; candidates by chord distance, then geod_inverse."""
        tree, cxy, clab = self.tree, self.xy, self.lab
        if mask_state is not None:
            sel = self.lab == mask_state
            tree, cxy, clab = cKDTree(unit(self.xy[sel])), self.xy[sel], self.lab[sel]
        _, idx = tree.query(unit(xy), k=k)
        best = np.full(len(xy), np.inf)
        foot = np.zeros((len(xy), 2))
        lab = np.zeros(len(xy), int)
        for j in range(k):
            c = cxy[idx[:, j]]
            _, _, d = GEOD.inv(c[:, 0], c[:, 1], xy[:, 0], xy[:, 1])
            better = d < best
            best[better] = d[better]
            foot[better] = c[better]
            lab[better] = clab[idx[better, j]]
        return best, foot, lab


def unit(xy):
    lon, lat = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def tiled_buffer(geom, dist, zone):
    """Buffer by dist metres, tile by tile in a local azimuthal-equidistant projection."""
    size = TILE[zone]
    x0, y0, x1, y1 = geom.bounds
    parts = []
    for i in range(math.floor(x0 / size), math.ceil(x1 / size)):
        for j in range(math.floor(y0 / size), math.ceil(y1 / size)):
            piece = polygonal(shapely.clip_by_rect(geom, i * size, j * size,
                                                   (i + 1) * size, (j + 1) * size))
            if piece.is_empty:
                continue
            fwd, inv = aeqd((i + 0.5) * size, (j + 0.5) * size)
            p = project(piece, fwd).simplify(PRE_SIMPLIFY_M[zone])
            b = p.buffer(dist, quad_segs=QUAD_SEGS[zone])
            b = shapely.segmentize(b, SEGMENT_M[zone])
            parts.append(shapely.make_valid(project(b, inv)))
    return polygonal(unary_union(parts))


def snap_rings(geom, dist, coast, state_idx):
    """Move every outline vertex onto geodesic distance `dist` from the state's coast."""
    def fix(ring):
        xy = np.asarray(ring.coords)[:-1]
        _, foot, _ = coast.nearest(xy, mask_state=state_idx)
        az, _, _ = GEOD.inv(foot[:, 0], foot[:, 1], xy[:, 0], xy[:, 1])
        lon, lat, _ = GEOD.fwd(foot[:, 0], foot[:, 1], az, np.full(len(xy), dist))
        out = np.column_stack([lon, lat])
        return np.vstack([out, out[:1]])
    polys = []
    for p in shapely.get_parts(geom):
        polys.append(Polygon(fix(p.exterior), [fix(r) for r in p.interiors]))
    return polygonal(shapely.make_valid(MultiPolygon(polys)))


def median_cells(coast_dense, coast_kd, work_box):
    """{state index: region nearer to that state's coast than to any other}."""
    fwd, inv = aeqd(*CENTRE)
    x, y = fwd.transform(coast_dense.xy[:, 0], coast_dense.xy[:, 1])
    pts = np.column_stack([x, y])
    lab = coast_dense.lab
    span = 4.0e6
    frame = [(a, b) for a in np.linspace(-span, span, 21) for b in (-span, span)]
    frame += [(a, b) for a in (-span, span) for b in np.linspace(-span, span, 21)[1:-1]]
    vor = Voronoi(np.vstack([pts, np.array(frame)]))
    n = len(pts)
    segs = []
    for (a, b), rv in zip(vor.ridge_points, vor.ridge_vertices):
        if a >= n or b >= n or lab[a] == lab[b] or -1 in rv:
            continue
        segs.append(vor.vertices[rv])
    lines = shapely.segmentize(MultiLineString(segs), MEDIAN_SPACING_M)
    lines = project(lines, inv)
    lines = shapely.clip_by_rect(lines, *work_box.bounds)
    # refine every vertex onto exact equidistance between its two nearest states
    xy = shapely.get_coordinates(lines)
    xy_new = equalise(xy, coast_kd)
    lines = shapely.set_coordinates(lines, xy_new)
    noded = unary_union([lines, work_box.exterior])
    faces = list(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))))
    rp = np.array([f.representative_point().coords[0] for f in faces])
    _, _, flab = coast_kd.nearest(rp, k=8)
    cells = {}
    for f, l in zip(faces, flab):
        cells.setdefault(int(l), []).append(f)
    return {k: polygonal(shapely.set_precision(unary_union(v), GRID)) for k, v in cells.items()}


def two_nearest(xy, coast):
    """Distance and foot of the nearest coast point of the nearest and of the
    second-nearest state."""
    d1, f1, l1 = coast.nearest(xy, k=8)
    d2 = np.full(len(xy), np.inf)
    f2 = np.zeros_like(f1)
    for s in range(len(coast.ids)):
        sel = l1 != s
        if not sel.any():
            continue
        if s not in coast._trees:
            m = coast.lab == s
            coast._trees[s] = (cKDTree(unit(coast.xy[m])), coast.xy[m])
        tree, cxy = coast._trees[s]
        _, idx = tree.query(unit(xy[sel]), k=4)
        for j in range(4):
            c = cxy[idx[:, j]]
            _, _, d = GEOD.inv(c[:, 0], c[:, 1], xy[sel, 0], xy[sel, 1])
            cur = d2[sel]
            better = d < cur
            ii = np.nonzero(sel)[0][better]
            d2[ii] = d[better]
            f2[ii] = c[better]
    return d1, f1, d2, f2


def equalise(xy, coast, rounds=4):
    """Move points so that the two nearest states' coasts are equally far."""
    xy = xy.copy()
    for _ in range(rounds):
        d1, f1, d2, f2 = two_nearest(xy, coast)
        step = (d2 - d1) / 2                      # move away from the nearer coast
        ok = np.isfinite(step) & (d2 < 400 * NM)
        az, _, _ = GEOD.inv(f1[ok, 0], f1[ok, 1], xy[ok, 0], xy[ok, 1])
        lon, lat, _ = GEOD.fwd(xy[ok, 0], xy[ok, 1], az, step[ok])
        xy[ok] = np.column_stack([lon, lat])
    return xy


def internal_waters(path):
    """Venezuela's internal waters (Lake Maracaibo, Tablazo Bay), from
    GeoData/maritime/internal_waters.geojson (build_internal_waters.py)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return polygonal(unary_union([shapely.geometry.shape(f["geometry"])
                                  for f in data["features"]]))


def fmt(v):
    s = f"{v:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def ring_text(ring):
    return "[" + ",".join(f"[{fmt(x)},{fmt(y)}]" for x, y in ring.coords) + "]"


def finish(geom):
    geom = shapely.set_precision(shapely.make_valid(geom), GRID)
    polys = [orient(p, sign=1.0) for p in shapely.get_parts(geom)
             if p.geom_type == "Polygon" and p.area > 0]
    polys.sort(key=lambda p: (-round(p.area, 12), p.exterior.coords[0]))
    mp = MultiPolygon(polys)
    if not mp.is_valid:
        raise SystemExit("invalid multipolygon after snapping")
    return mp


def main():
    args = sys.argv[1:] + [None] * 3
    land_path = Path(args[0] or ROOT / "GeoData/land/land.geojson")
    iw_path = Path(args[1] or ROOT / "GeoData/maritime/internal_waters.geojson")
    out = Path(args[2] or ROOT / "GeoData/maritime/maritime.geojson")
    land = load_land(land_path)
    land_all = unary_union(list(land.values()))
    coast_kd = Coast(land, KD_SPACING_DEG)
    coast_kd._trees = {}
    ids = coast_kd.ids
    # Voronoi sites: coarser spacing (in degrees, ~VORONOI_SPACING_M)
    coast_vor = Coast(land, VORONOI_SPACING_M / 111000.0)

    region = box(*REGION)
    work = box(REGION[0] - 4, REGION[1] - 4, REGION[2] + 4, REGION[3] + 4)
    reach = region.buffer(4.0)           # land whose 200 nm could reach the region
    cells = median_cells(coast_vor, coast_kd, work)
    maracaibo = internal_waters(iw_path)
    sea = region.difference(land_all).difference(maracaibo)

    features = []       # (state, zone, geometry)
    for k, sid in enumerate(ids):
        if k not in cells or not cells[k].intersects(region):
            continue
        cell = cells[k].intersection(sea)
        if cell.is_empty:
            continue
        geom_land = land[sid].intersection(reach)
        if geom_land.is_empty:
            continue
        prev = None
        for zone, dist in ZONES:
            buf = tiled_buffer(polygonal(geom_land), dist, zone)
            buf = snap_rings(buf, dist, coast_kd, k)
            cum = buf if prev is None else polygonal(buf.union(prev))
            band = cum if prev is None else cum.difference(prev)
            z = polygonal(band.intersection(cell))
            prev = cum
            if not z.is_empty:
                features.append((sid, zone, z))
        print(f"{sid}: done", file=sys.stderr)

    # coverage simplification: shared lines stay shared, outer boundary (coast,
    # region frame) untouched
    geoms = [shapely.set_precision(g, GRID) for _, _, g in features]
    simp = shapely.coverage_simplify(geoms, SIMPLIFY_TOL_DEG, simplify_boundary=False)
    out_feats = []
    for (sid, zone, _), g in zip(features, simp):
        mp = finish(g)
        if mp.is_empty:
            continue
        nm = {"territorial-sea": "0-12 nm", "contiguous-zone": "12-24 nm",
              "eez": "24-200 nm"}[zone]
        method = f"derived: {nm} geodesic distance from the coast, median line"
        props = {"state": sid, "zone": zone, "method": method,
                 "source": "coast: GeoData/land/land.geojson (GSHHG 2.3.7 high + DCW-GMT 2.1.1)",
                 "version": VERSION}
        out_feats.append((props, mp))
    order = {"territorial-sea": 1, "contiguous-zone": 2, "eez": 3}
    out_feats.sort(key=lambda f: (f[0]["state"], order[f[0]["zone"]]))
    text = ['{"type":"FeatureCollection","features":[\n']
    for i, (props, mp) in enumerate(out_feats):
        polys = ",".join("[" + ",".join([ring_text(p.exterior)] +
                                        [ring_text(r) for r in p.interiors]) + "]"
                         for p in mp.geoms)
        text.append('{"type":"Feature","properties":'
                    + json.dumps(props, ensure_ascii=False, separators=(",", ":"))
                    + ',"geometry":{"type":"MultiPolygon","coordinates":[' + polys + "]}}"
                    + (",\n" if i < len(out_feats) - 1 else "\n"))
    text.append("]}\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(text), encoding="utf-8")
    nv = 0
    for props, mp in out_feats:
        v = int(shapely.get_num_coordinates(mp))
        nv += v
        area = abs(GEOD.geometry_area_perimeter(mp)[0]) / 1e6
        print(f"{props['state']} {props['zone']}: {len(mp.geoms)} polygons, {v} vertices, "
              f"{area:,.0f} km2")
    print(f"wrote {out}: {len(out_feats)} features, {nv} vertices, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
