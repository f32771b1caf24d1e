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
by build_internal_waters.py) are left out of the distance zones. "Coast" is the
land boundary without the land borders and without the cuts of the land
layer's domain box; distances to it are taken to its points densified to
~110 m (k-d tree on WGS84 earth-centred coordinates, then geod_inverse).

The theatre (GeoData/coverage.json `theatre`, 125W-40W 20S-35N) is the output
clip; the land layer covers the `land_frame` (the theatre plus more than
200 nm on every side), so every coast that can matter inside the theatre is
seen. Outside the theatre zones would be wrong (coasts beyond the frame are
unseen), so none is written there.

Method:
  1. Zone lines: each state's land (within 5 degrees of the theatre) is
     buffered by 1 km, then that outline by the rest of 12 nm, that one by 12 nm
     more, and that one by 176 nm more (buffers compose; each step is far
     cheaper than buffering the coast with its thousands of cays). Each buffer
     is computed tile by tile in an azimuthal-equidistant projection centred on
     the tile. Every outline vertex near the line is then moved onto the exact
     geodesic distance (from its nearest coast point q, along the geodesic
     q -> vertex), and where the outline between two vertices is more than 15 m
     off (a notch where the arcs of two capes meet), points are added until it
     is not.
  2. Median lines: Voronoi diagram of the coast points of all states (densified
     to ~500 m) on the sphere: the points are sent to the unit sphere by their
     earth-centred direction, and the convex hull of them (with far sites that
     bound every cell) is their spherical Delaunay triangulation, whose facet
     normals are the Voronoi vertices. This works at any extent (the theatre
     spans 85 degrees of longitude, too wide for one plane). The ridges between
     points of different states are the median lines on that sphere, within
     ~0.3 % of the distance of the true ones. Each ridge vertex is moved onto
     exact WGS84 geodesic equidistance from its two states (a bracketed root
     search along the gradient), or, where three states meet, onto the
     tri-point (two-dimensional Newton). Between vertices, points are added
     where the line bends (the nearest coast point jumps from one cape to
     another) until the segments are within 5 m of it.
  3. Zones = (buffer band) intersect (state's cell) minus all land and the
     internal waters, clipped to the theatre. Polygons under 1 ha (slivers
     where two lines nearly meet) join the neighbour they share most edge
     with. The result is simplified as a coverage with a tiny tolerance (shared
     lines stay shared; the coast and the theatre's frame are kept as they are),
     snapped to 1e-7 degree, exteriors counter-clockwise (RFC 7946).
The output is deterministic: the same inputs give the same bytes.

Usage: build_maritime.py [LAND_GEOJSON [INTERNAL_WATERS_GEOJSON [OUTPUT]]]
       (defaults: GeoData/land/land.geojson, GeoData/maritime/internal_waters.geojson,
        GeoData/maritime/maritime.geojson)
Needs: python3, shapely>=2.1 (GEOS >= 3.12 for coverage_simplify), pyproj, numpy, scipy.
Takes about 75 s on one core and 0.6 GB of memory; progress goes to stderr, figures to stdout.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from scipy.spatial import ConvexHull, cKDTree
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

VERSION = "2026-11-30"
NM = 1852.0
ZONES = [("territorial-sea", 12 * NM), ("contiguous-zone", 24 * NM), ("eez", 200 * NM)]
ZONE_TEXT = {"territorial-sea": ("0-12 nm", "territorial sea"),
             "contiguous-zone": ("12-24 nm", "contiguous zone"),
             "eez": ("24-200 nm", "exclusive economic zone")}
ROOT = Path(__file__).resolve().parents[2]


def _box(key):
    c = json.loads((ROOT / "GeoData/coverage.json").read_text(encoding="utf-8"))[key]
    return (float(c["west"]), float(c["south"]), float(c["east"]), float(c["north"]))


REGION = _box("theatre")                     # output clip: west, south, east, north
DOMAIN = _box("land_frame")                  # extent of the land layer
THEATRE_TEXT = f"{-REGION[0]:g}W-{-REGION[2]:g}W {-REGION[1]:g}S-{REGION[3]:g}N"
WORK_MARGIN_DEG = 2.0                        # median lines are drawn this far beyond REGION
REACH_DEG = 5.0                              # land whose 200 nm could reach REGION (< 4.3 deg)
DECIMALS = 7
GRID = 1e-7
GEOD = Geod(ellps="WGS84")
FAR_SITES = 2000                             # lattice of far sites bounding the Voronoi cells
FAR_DEG = 115.0                              # ... kept only beyond this arc from the work box
# Buffer steps: land -> 1 km ("merge": joins the thousands of cays into a few
# shapes, cheap) -> 12 nm -> 24 nm -> 200 nm, each the previous outline's buffer
# by the difference. Per step: tile size (degrees), simplification of the input
# before buffering (metres), arc segments per quarter circle, densification of
# the result (metres). Every vertex near a zone line is then snapped onto the
# exact geodesic distance, so these only bound the error between vertices.
MERGE_M = 1000.0
TILE = {"merge": 1.0, "territorial-sea": 1.0, "contiguous-zone": 1.0, "eez": 2.0}
PRE_SIMPLIFY_M = {"merge": 20.0, "territorial-sea": 5.0, "contiguous-zone": 5.0, "eez": 50.0}
QUAD_SEGS = {"merge": 8, "territorial-sea": 20, "contiguous-zone": 28, "eez": 80}
SEGMENT_M = {"merge": None, "territorial-sea": 1700.0, "contiguous-zone": 2400.0, "eez": 6500.0}
VORONOI_SPACING_M = 500.0
ZONE_BEND_M = 10.0                           # see snap_rings
ZONE_DEPTH = 6
MEDIAN_BEND_M = 5.0                          # see refine_between
MEDIAN_DEPTH = 9
MAX_DANGLES_DEG = 0.01                       # total length of fold-backs tolerated
MEDIAN_SPACING_M = 10000.0
KD_SPACING_DEG = 0.001                       # ~110 m, coast densification for nearest
SIMPLIFY_TOL_DEG = 0.0001                    # coverage simplification (VW area 0.0001^2 deg2)
CRUMB_DEG2 = 1e-9                            # ~12 m2: loops left by snapping
SPECK_M2 = 10000.0                           # polygons below 1 ha join a neighbour
SLIVER_WIDTH_DEG = 1e-5                      # mean width below which a water piece is a gap
SNAP_TOL_M, SNAP_TOL_REL = 2000.0, 0.01      # vertices this near the line are snapped onto it


class _Inverse:
    def __init__(self, tr):
        self.tr = tr

    def transform(self, x, y):
        return self.tr.transform(x, y, direction="INVERSE")


def aeqd(lon, lat):
    """Forward and inverse WGS84 azimuthal-equidistant projection centred on
    (lon, lat), in degrees and metres (a PROJ pipeline: ~300x quicker to set up
    than a CRS-to-CRS transformer, same numbers)."""
    tr = Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84")
    return tr, _Inverse(tr)


def project(geom, tr):
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def polygonal(g):
    parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and p.area > 0]
    return MultiPolygon(parts) if parts else MultiPolygon()


def load_land(path):
    """{state id: geometry}, {state id: name} of the land layer."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    land, names = {}, {}
    for f in data["features"]:
        land[f["properties"]["id"]] = shapely.geometry.shape(f["geometry"])
        names[f["properties"]["id"]] = f["properties"]["name"]
    return land, names


def on_frame(xy):
    w, s, e, n = DOMAIN
    return ((np.abs(xy[:, 0] - w) < 1e-9) | (np.abs(xy[:, 0] - e) < 1e-9)
            | (np.abs(xy[:, 1] - s) < 1e-9) | (np.abs(xy[:, 1] - n) < 1e-9))


class Coast:
    """Coast points of every state (land boundary minus land borders and the
    domain frame), densified, with k-d trees on earth-centred coordinates."""

    def __init__(self, land, spacing_deg):
        ids = sorted(land)
        xs, labs = [], []
        for k, sid in enumerate(ids):
            b = shapely.segmentize(land[sid].boundary, spacing_deg)
            xy = shapely.get_coordinates(b)
            xy = np.unique(xy, axis=0)
            keep = ~on_frame(xy) & ~near_other_land(xy, land, sid)
            xs.append(xy[keep])
            labs.append(np.full(keep.sum(), k))
        self.ids = ids
        self.xy = np.vstack(xs)
        self.lab = np.concatenate(labs)
        self.tree = cKDTree(ecef(self.xy))
        self.trees = {}

    def nearest(self, xy, k=8):
        """Geodesic distance (m), foot point and state index of the nearest
        coast point: candidates by chord distance (k-d tree), then the least
        WGS84 geod_inverse distance among them."""
        return self._nearest(self.tree, self.xy, self.lab, xy, k)

    def nearest_of(self, xy, state, k=4):
        """Distance (m) and foot of the nearest coast point of one state."""
        if state not in self.trees:
            m = self.lab == state
            self.trees[state] = (cKDTree(ecef(self.xy[m])), self.xy[m], self.lab[m])
        d, foot, _ = self._nearest(*self.trees[state], xy, k)
        return d, foot

    @staticmethod
    def _nearest(tree, cxy, clab, xy, k):
        k = min(k, len(cxy))
        _, idx = tree.query(ecef(xy), k=k)
        idx = idx.reshape(len(xy), k)
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


def near_other_land(xy, land, sid, tol=1e-5):
    """True for points within `tol` degrees (~1 m) of another state's land: the
    land borders, which are not coast. Each neighbour is prepared and tested
    only against the points inside its bounding box."""
    out = np.zeros(len(xy), bool)
    x0, y0, x1, y1 = land[sid].bounds
    for other in sorted(land):
        if other == sid:
            continue
        g = land[other]
        u0, v0, u1, v1 = g.bounds
        if u0 > x1 + tol or u1 < x0 - tol or v0 > y1 + tol or v1 < y0 - tol:
            continue
        sel = ((xy[:, 0] >= u0 - tol) & (xy[:, 0] <= u1 + tol)
               & (xy[:, 1] >= v0 - tol) & (xy[:, 1] <= v1 + tol))
        if sel.any():
            shapely.prepare(g)
            sel[sel] = shapely.dwithin(g, shapely.points(xy[sel]), tol)
            out |= sel
    return out


def ecef(xy):
    """WGS84 earth-centred cartesian coordinates (metres) of lon/lat degrees.
    Chord distances between them order coast points like geodesic distances
    (to well under a metre at 400 km); on a unit sphere they would not (the
    ellipsoid's flattening, up to ~0.3 % of the distance)."""
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    lon, lat = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    n = a / np.sqrt(1 - e2 * np.sin(lat) ** 2)
    return np.column_stack([n * np.cos(lat) * np.cos(lon), n * np.cos(lat) * np.sin(lon),
                            n * (1 - e2) * np.sin(lat)])


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
            if SEGMENT_M[zone]:
                b = shapely.segmentize(b, SEGMENT_M[zone])
            parts.append(shapely.make_valid(project(b, inv)))
    return polygonal(unary_union(parts))


def snap_rings(geom, dist, coast, state_idx):
    """Move the outline vertices that lie near distance `dist` from the state's
    coast exactly onto it: from the nearest coast point q, along the geodesic
    q -> vertex, to `dist`. Vertices further off (over land, along the cuts of
    the reach box, or measured from a land border rather than the coast) are
    left where the buffer put them: they are cut away by the sea or by the
    median lines. Then, between two snapped vertices, the points at 1/4, 1/2
    and 3/4 are measured; where the worst is more than ZONE_BEND_M off (a
    notch where the arcs of two capes meet), it is snapped and inserted, and
    both parts are measured again (at most ZONE_DEPTH times)."""
    tol = SNAP_TOL_M + SNAP_TOL_REL * dist
    polys = list(shapely.get_parts(geom))
    rings = [r for p in polys for r in [p.exterior, *p.interiors]]
    xy, rid = shapely.get_coordinates(rings, return_index=True)
    last = np.r_[rid[1:] != rid[:-1], True]           # closing points
    xy, rid = xy[~last], rid[~last]
    d, foot = coast.nearest_of(xy, state_idx)
    near = np.abs(d - dist) < tol
    xy[near] = _snap(xy[near], foot[near], dist)
    # segments i -> next vertex of the same ring (cyclic), both ends snapped
    idx = np.arange(len(xy))
    first = np.r_[0, np.nonzero(rid[1:] != rid[:-1])[0] + 1]
    nxt = idx + 1
    ends = np.r_[first[1:] - 1, len(xy) - 1]
    nxt[ends] = first
    seg = near & near[nxt]
    a, b, ring = xy[seg], xy[nxt[seg]], rid[seg]
    ka = idx[seg].astype(float)
    kb = ka + 1.0
    keys, pts, rids = [idx.astype(float)], [xy], [rid]
    fracs = np.array([0.25, 0.5, 0.75])
    for _ in range(ZONE_DEPTH):
        if not len(a):
            break
        n = len(a)
        probe = np.vstack([a + f * (b - a) for f in fracs])
        dp, fp = coast.nearest_of(probe, state_idx)
        err = np.abs(dp - dist).reshape(3, n)
        pick = np.argmax(err, axis=0)
        rows = pick * n + np.arange(n)
        split = err[pick, np.arange(n)] > ZONE_BEND_M
        on = _snap(probe[rows][split], fp[rows][split], dist)
        km = (ka + fracs[pick] * (kb - ka))[split]
        keys.append(km)
        pts.append(on)
        rids.append(ring[split])
        a, b = np.vstack([a[split], on]), np.vstack([on, b[split]])
        ka, kb = np.concatenate([ka[split], km]), np.concatenate([km, kb[split]])
        ring = np.concatenate([ring[split], ring[split]])
    keys, pts, rids = np.concatenate(keys), np.vstack(pts), np.concatenate(rids)
    order = np.lexsort((keys, rids))
    pts, rids = pts[order], rids[order]
    starts = np.r_[0, np.nonzero(rids[1:] != rids[:-1])[0] + 1, len(rids)]
    coords = {int(rids[s0]): np.vstack([pts[s0:s1], pts[s0:s0 + 1]])
              for s0, s1 in zip(starts[:-1], starts[1:])}
    out, k = [], 0
    for p in polys:
        n_int = len(p.interiors)
        out.append(Polygon(coords[k], [coords[k + 1 + j] for j in range(n_int)]))
        k += 1 + n_int
    out = without_crumbs(shapely.make_valid(MultiPolygon(out)))
    if abs(out.area / geom.area - 1) > 0.01:
        raise SystemExit(f"snapping the {dist / NM:.0f} nm line of {coast.ids[state_idx]} "
                         f"changed its area by {(out.area / geom.area - 1) * 100:+.1f} %")
    return out


def without_crumbs(geom):
    """The polygons of geom without parts and holes smaller than CRUMB_DEG2:
    the tiny loops that snapping leaves where a line folds over itself (GEOS's
    buffer of such input can run out of memory)."""
    out = []
    for p in shapely.get_parts(geom):
        if p.geom_type != "Polygon" or p.area < CRUMB_DEG2:
            continue
        holes = [r for r in p.interiors if Polygon(r).area >= CRUMB_DEG2]
        out.append(Polygon(p.exterior, holes) if len(holes) < len(p.interiors) else p)
    return MultiPolygon(out) if out else MultiPolygon()


def _snap(xy, foot, dist):
    """Points moved along the geodesic foot -> point to distance `dist` from foot."""
    if not len(xy):
        return xy
    az, _, _ = GEOD.inv(foot[:, 0], foot[:, 1], xy[:, 0], xy[:, 1])
    lon, lat, _ = GEOD.fwd(foot[:, 0], foot[:, 1], az, np.full(len(xy), dist))
    return np.column_stack([lon, lat])


def to_sphere(xy):
    """Unit vectors of lon/lat degrees: the direction of each point's WGS84
    earth-centred coordinates (a central projection of the ellipsoid onto the
    unit sphere)."""
    p = ecef(xy)
    return p / np.linalg.norm(p, axis=1)[:, None]


def from_sphere(u):
    """Inverse of to_sphere: the WGS84 surface point (lon, lat degrees) on the
    ray from the earth's centre through each unit vector."""
    a, f = 6378137.0, 1 / 298.257223563
    b, e2 = a * (1 - f), f * (2 - f)
    x, y, z = u[:, 0], u[:, 1], u[:, 2]
    t = 1.0 / np.sqrt((x * x + y * y) / a ** 2 + z * z / b ** 2)
    p = t * np.hypot(x, y)
    return np.column_stack([np.degrees(np.arctan2(y, x)),
                            np.degrees(np.arctan2(t * z, (1 - e2) * p))])


def fibonacci_sphere(n):
    """n nearly evenly spread unit vectors (a Fibonacci lattice)."""
    i = np.arange(n) + 0.5
    z = 1 - 2 * i / n
    phi = np.pi * (3 - np.sqrt(5)) * i
    r = np.sqrt(1 - z * z)
    return np.column_stack([r * np.cos(phi), r * np.sin(phi), z])


def spherical_ridges(coast_dense, coast_kd, work_box):
    """Voronoi ridges between coast points of different states, on the sphere.

    The coast points are sent to the unit sphere (to_sphere) with a sparse
    lattice of far sites (FAR_SITES, only those more than FAR_DEG from the
    centre of the work box) that bounds every cell; the convex hull of them
    all is the spherical Delaunay triangulation, each hull facet's outward
    normal is its circumcentre (a Voronoi vertex), and the Voronoi ridge
    between two points of an edge joins the circumcentres of the two facets
    that share it (a great-circle arc). Kept: ridges between two coast points
    of different states, densified every MEDIAN_SPACING_M along the arc,
    mapped back to the ellipsoid (from_sphere), split where they cross the
    antimeridian and clipped to the work box (1 degree wider, so that refined
    vertices near its edge stay outside it). Central projection makes these
    lines approximate (by up to ~0.3 % of the distance to the coast); every
    vertex is then moved onto exact geodesic equidistance (equalise)."""
    cx, cy = work_box.centroid.x, work_box.centroid.y
    centre = to_sphere(np.array([[cx, cy]]))[0]
    corners = to_sphere(np.array(work_box.exterior.coords))
    reach = np.degrees(np.arccos(np.clip(corners @ centre, -1, 1))).max()
    far = fibonacci_sphere(FAR_SITES)
    far = far[np.degrees(np.arccos(np.clip(far @ centre, -1, 1))) > FAR_DEG]
    # The far sites must not take any point of the work box from its coast:
    # every such point must be nearer its coast than the nearest far site
    # (at least FAR_DEG - reach degrees of arc away). Checked on a 1-degree grid.
    wx0, wy0, wx1, wy1 = work_box.bounds
    gx, gy = np.meshgrid(np.arange(wx0, wx1 + 1e-9, 1.0), np.arange(wy0, wy1 + 1e-9, 1.0))
    d_grid, _, _ = coast_kd.nearest(np.column_stack([gx.ravel(), gy.ravel()]))
    if d_grid.max() > np.radians(FAR_DEG - reach) * 6.3e6:
        raise SystemExit("far sites too near the work box: a point is "
                         f"{d_grid.max() / 1e3:,.0f} km "
                         f"from the coast, the far sites {FAR_DEG - reach:.0f} degrees away")
    sites = np.vstack([to_sphere(coast_dense.xy), far])
    n = len(coast_dense.xy)
    lab = coast_dense.lab
    hull = ConvexHull(sites)
    cc = hull.equations[:, :3]
    cc = cc / np.linalg.norm(cc, axis=1)[:, None]
    simp, nb = hull.simplices, hull.neighbors
    f_idx = np.repeat(np.arange(len(simp)), 3)
    k_idx = np.tile(np.arange(3), len(simp))
    g_idx = nb.ravel()
    keep = f_idx < g_idx
    f_idx, k_idx, g_idx = f_idx[keep], k_idx[keep], g_idx[keep]
    # the edge shared by facets f and g: the two vertices of f other than the k-th
    i = simp[f_idx, (k_idx + 1) % 3]
    j = simp[f_idx, (k_idx + 2) % 3]
    keep = (i < n) & (j < n)
    keep[keep] = lab[i[keep]] != lab[j[keep]]
    f_idx, g_idx, i, j = f_idx[keep], g_idx[keep], i[keep], j[keep]
    pair = np.sort(np.column_stack([lab[i], lab[j]]), axis=1)
    a, b = cc[f_idx], cc[g_idx]
    ang = np.arccos(np.clip(np.einsum("ij,ij->i", a, b), -1, 1))
    # arcs: slerp, with sorted ridge order (deterministic)
    steps = np.maximum(1, np.ceil(ang * 6371000.0 / MEDIAN_SPACING_M).astype(int))
    ridge = np.repeat(np.arange(len(a)), steps + 1)
    t = np.concatenate([np.linspace(0, 1, s + 1) for s in steps])
    sa, sb, sang = a[ridge], b[ridge], ang[ridge]
    with np.errstate(invalid="ignore", divide="ignore"):
        w1 = np.where(sang > 1e-12, np.sin((1 - t) * sang) / np.sin(sang), 1 - t)
        w2 = np.where(sang > 1e-12, np.sin(t * sang) / np.sin(sang), t)
    pts = w1[:, None] * sa + w2[:, None] * sb
    pts /= np.linalg.norm(pts, axis=1)[:, None]
    ll = from_sphere(pts)
    # split where a ridge crosses the antimeridian: a new line id after each jump
    jump = np.r_[False, (np.abs(np.diff(ll[:, 0])) > 180) & (ridge[1:] == ridge[:-1])]
    line = np.cumsum(np.r_[True, ridge[1:] != ridge[:-1]] | jump) - 1
    line_pair = pair[ridge[np.r_[0, np.nonzero(np.diff(line))[0] + 1]]]
    segs = shapely.linestrings(ll, indices=line)
    outer = work_box.buffer(1.0, join_style="mitre")
    segs = shapely.clip_by_rect(segs, *outer.bounds)
    parts, idx = shapely.get_parts(segs, return_index=True)
    ok = ~shapely.is_empty(parts) & (shapely.get_num_coordinates(parts) >= 2)
    return parts[ok], line_pair[idx[ok]]


def median_cells(coast_dense, coast_kd, work_box, land_all):
    """{state index: region nearer to that state's coast than to any other}."""
    segs, pair = spherical_ridges(coast_dense, coast_kd, work_box)
    xy, which = shapely.get_coordinates(segs, return_index=True)
    ll = xy
    # one refinement per distinct vertex, with every state whose ridge meets it
    uniq, back = np.unique(ll, axis=0, return_inverse=True)
    back = back.ravel()
    cand = {}
    for u, (sa, sb) in zip(back, pair[which]):
        cand.setdefault(int(u), set()).update((int(sa), int(sb)))
    refined = equalise(uniq, [sorted(cand[i]) for i in range(len(uniq))], coast_kd)
    coords, which = refine_between(refined[back], which, pair, coast_kd)
    segs = shapely.linestrings(coords, indices=which)
    lines = shapely.clip_by_rect(shapely.multilinestrings(segs), *work_box.bounds)
    noded = unary_union([lines, work_box.exterior])
    faces, _, dangles, _ = shapely.polygonize_full(shapely.get_parts(noded))
    # Refinement can fold a line back on itself by a few metres where it turns
    # sharply (river mouths), and lines over land go astray near land borders:
    # such dangles are harmless. Long ones at sea would mean the network is
    # open and faces span several states.
    if shapely.length(shapely.difference(dangles, land_all)) > MAX_DANGLES_DEG:
        raise SystemExit(f"median lines do not close: {len(shapely.get_parts(dangles))} "
                         f"dangles, e.g. {shapely.get_parts(dangles)[0].wkt[:200]}")
    faces = list(shapely.get_parts(faces))
    # a face belongs to the state nearest its representative point
    rpt = np.array([f.representative_point().coords[0] for f in faces])
    _, _, flab = coast_kd.nearest(rpt)
    cells = {}
    for f, l in zip(faces, flab):
        cells.setdefault(int(l), []).append(f)
    return {k: polygonal(shapely.set_precision(unary_union(v), GRID)) for k, v in cells.items()}


def refine_between(xy, which, pair, coast):
    """Add points where a median line bends between two of its vertices.

    Where the nearest coast point of a state jumps from one cape to another, the
    median line has a corner; a straight segment across it can be hundreds of
    metres off. Points at 1/4, 1/2 and 3/4 of each segment are moved onto the
    median line; if the one that moved most moved more than MEDIAN_BEND_M, it
    is inserted and both parts are tested again (at most MEDIAN_DEPTH times).
    A point that lands where a third state is nearer is not inserted (the
    segment ends at a tri-point). Returns coordinates and line indices, in
    line order."""
    seg = np.nonzero(which[:-1] == which[1:])[0]
    a, b, line = xy[seg], xy[seg + 1], which[seg]
    ka, kb = seg.astype(float), seg + 1.0            # order keys along each line
    keys, pts, lines = [np.arange(len(xy), dtype=float)], [xy], [which]
    fracs = np.array([0.25, 0.5, 0.75])
    for _ in range(MEDIAN_DEPTH):
        if not len(a):
            break
        n = len(a)
        # probes at 1/4, 1/2, 3/4: a median line with a corner near each end
        # crosses the chord near its middle
        probe = np.vstack([a + f * (b - a) for f in fracs])
        sa, sb = np.tile(pair[line, 0], 3), np.tile(pair[line, 1], 3)
        on3 = _bracket(probe, sa, sb, coast, 0.01)
        _, _, moved3 = GEOD.inv(probe[:, 0], probe[:, 1], on3[:, 0], on3[:, 1])
        pick = np.argmax(moved3.reshape(3, n), axis=0)
        rows = pick * n + np.arange(n)
        on, moved, frac = on3[rows], moved3[rows], fracs[pick]
        split = moved > MEDIAN_BEND_M
        if split.any():
            sel = np.nonzero(split)[0]
            d_all, _, _ = coast.nearest(on[sel])
            d_pair = np.minimum(_dist_to(on[sel], sa[rows][sel], coast)[0],
                                _dist_to(on[sel], sb[rows][sel], coast)[0])
            split[sel[d_all < d_pair - 0.5]] = False
        km = ka + frac * (kb - ka)
        keys.append(km[split])
        pts.append(on[split])
        lines.append(line[split])
        a, b = np.vstack([a[split], on[split]]), np.vstack([on[split], b[split]])
        ka, kb = np.concatenate([ka[split], km[split]]), np.concatenate([km[split], kb[split]])
        line = np.concatenate([line[split], line[split]])
    keys, pts, lines = np.concatenate(keys), np.vstack(pts), np.concatenate(lines)
    order = np.lexsort((keys, lines))
    return pts[order], lines[order]


def equalise(xy, cands, coast, rounds=8, tol_m=0.01):
    """Move points onto exact equidistance (WGS84 geodesics) between the coasts
    of their candidate states. Between two states: a bracketed root search
    (regula falsi, Illinois) of f = d1 - d2 along a fixed geodesic through the
    point, in the direction of f's gradient e(a2) - e(a1) (a_i: azimuth from
    the point to the nearest coast point of state i); f is continuous, so this
    converges where the nearest coast point jumps and Newton would oscillate.
    Where three or more states meet: two-dimensional Newton steps on
    d1 - d2 = d1 - d3 = 0 for the three nearest, capped at 20 km."""
    xy = xy.copy()
    m = max(len(c) for c in cands)
    cs = np.array([c + [-1] * (m - len(c)) for c in cands])
    pair = (cs >= 0).sum(axis=1) == 2
    xy[pair] = _bracket(xy[pair], cs[pair, 0], cs[pair, 1], coast, tol_m)
    todo = ~pair
    for _ in range(3):
        if todo.any():
            xy[todo] = _newton(xy[todo], cs[todo], coast, rounds, tol_m)
        # A vertex of a two-state ridge near a tri-point can end up beyond the
        # true (ellipsoidal) tri-point, where a third state is nearer: give it
        # that state too, so that it joins the tri-point instead of leaving a spike.
        d_all, _, lab_all = coast.nearest(xy)
        d_own = np.full(len(xy), np.inf)
        for s in np.unique(cs[cs >= 0]):
            r, _ = np.nonzero(cs == s)
            d_own[r] = np.minimum(d_own[r], coast.nearest_of(xy[r], int(s))[0])
        intruder = (d_all < d_own - 0.5) & ~(cs == lab_all[:, None]).any(axis=1)
        if not intruder.any():
            break
        cs = np.column_stack([cs, np.where(intruder, lab_all, -1)])
        todo = intruder
    return xy


def _dist_to(xy, states, coast):
    """Distance (m) and foot of each point's nearest coast point of states[i]."""
    d = np.full(len(xy), np.inf)
    foot = np.zeros((len(xy), 2))
    for s in np.unique(states):
        r = states == s
        d[r], foot[r] = coast.nearest_of(xy[r], int(s))
    return d, foot


def _bracket(xy, sa, sb, coast, tol_m, max_m=60000.0, iters=60):
    """Root of f = d(sa) - d(sb) along the gradient geodesic through each point."""
    if not len(xy):
        return xy
    da, fa = _dist_to(xy, sa, coast)
    db, fb = _dist_to(xy, sb, coast)
    f0 = da - db
    aa, _, _ = GEOD.inv(xy[:, 0], xy[:, 1], fa[:, 0], fa[:, 1])
    ab, _, _ = GEOD.inv(xy[:, 0], xy[:, 1], fb[:, 0], fb[:, 1])
    aa, ab = np.radians(aa), np.radians(ab)
    gx, gy = np.sin(ab) - np.sin(aa), np.cos(ab) - np.cos(aa)    # f grows along (gx, gy)
    norm = np.maximum(np.hypot(gx, gy), 1e-3)
    az = np.degrees(np.arctan2(gx, gy))

    def f(t, rows):
        """f at distance t[rows] along each row's geodesic (other rows: nan)."""
        out = np.full(len(xy), np.nan)
        lon, lat, _ = GEOD.fwd(xy[rows, 0], xy[rows, 1], az[rows], t[rows])
        p = np.column_stack([lon, lat])
        out[rows] = _dist_to(p, sa[rows], coast)[0] - _dist_to(p, sb[rows], coast)[0]
        return out

    # bracket: t0 = 0 (f0) and t1 on the other side of the root
    t1 = np.clip(-f0 / norm * 1.2 - np.sign(f0) * 1.0, -max_m, max_m)
    f1 = f(t1, np.ones(len(xy), bool))
    lo_t, lo_f, hi_t, hi_f = np.zeros(len(xy)), f0, t1, f1
    for _ in range(12):
        same = (np.sign(lo_f) == np.sign(hi_f)) & (lo_f != 0) & (np.abs(hi_t) < max_m)
        if not same.any():
            break
        t_new = np.where(same, np.clip(hi_t * 2.0, -max_m, max_m), hi_t)
        f_new = np.where(same, f(t_new, same), hi_f)
        lo_t, lo_f = np.where(same, hi_t, lo_t), np.where(same, hi_f, lo_f)
        hi_t, hi_f = t_new, f_new
    ok = (np.sign(lo_f) != np.sign(hi_f)) | (lo_f == 0) | (hi_f == 0)
    side = np.zeros(len(xy))                     # Illinois bookkeeping
    t = np.where(lo_f == 0, lo_t, hi_t)
    for _ in range(iters):
        live = ok & (np.abs(hi_t - lo_t) > tol_m) & (lo_f != 0) & (hi_f != 0)
        if not live.any():
            break
        t = np.where(live, (lo_t * hi_f - hi_t * lo_f) / np.where(live, hi_f - lo_f, 1.0), t)
        ft = f(t, live)
        to_hi = live & (np.sign(ft) == np.sign(hi_f))
        to_lo = live & ~to_hi
        # Illinois: halve the kept end's value when the same end is kept twice
        lo_f = np.where(to_hi & (side == 1), lo_f / 2, lo_f)
        hi_f = np.where(to_lo & (side == -1), hi_f / 2, hi_f)
        hi_t, hi_f = np.where(to_hi, t, hi_t), np.where(to_hi, ft, hi_f)
        lo_t, lo_f = np.where(to_lo, t, lo_t), np.where(to_lo, ft, lo_f)
        side = np.where(to_hi, 1, np.where(to_lo, -1, side))
        done = live & (np.abs(ft) < tol_m)
        lo_t, hi_t = np.where(done, t, lo_t), np.where(done, t, hi_t)
    t = np.where(ok, np.where(lo_f == 0, lo_t, np.where(hi_f == 0, hi_t, t)), 0.0)
    lon, lat, _ = GEOD.fwd(xy[:, 0], xy[:, 1], az, t)
    return np.column_stack([lon, lat])


def _newton(xy, cs, coast, rounds, tol_m):
    """Newton iterations of `equalise` for candidate states `cs` (-1: none)."""
    xy = xy.copy()
    for _ in range(rounds):
        d = np.full(cs.shape, np.inf)
        fx = np.zeros(cs.shape)
        fy = np.zeros(cs.shape)
        for s in np.unique(cs[cs >= 0]):
            r, c = np.nonzero(cs == s)
            dd, foot = coast.nearest_of(xy[r], int(s))
            d[r, c], fx[r, c], fy[r, c] = dd, foot[:, 0], foot[:, 1]
        order = np.argsort(d, axis=1, kind="stable")
        rows = np.arange(len(xy))[:, None]
        d, fx, fy = d[rows, order], fx[rows, order], fy[rows, order]
        az = np.zeros(d.shape)
        for j in range(min(3, d.shape[1])):
            live = np.isfinite(d[:, j])
            a, _, _ = GEOD.inv(xy[live, 0], xy[live, 1], fx[live, j], fy[live, j])
            az[live, j] = np.radians(a)
        # gradient of d_i at the point: -e(a_i) (east, north)
        g1 = np.column_stack([-np.sin(az[:, 0]), -np.cos(az[:, 0])])
        g2 = np.column_stack([-np.sin(az[:, 1]), -np.cos(az[:, 1])])
        f12 = d[:, 0] - d[:, 1]
        grad12 = g1 - g2
        step = np.zeros((len(xy), 2))
        n2 = np.einsum("ij,ij->i", grad12, grad12)
        two = n2 > 1e-12
        step[two] = (-f12[two] / n2[two])[:, None] * grad12[two]
        if d.shape[1] >= 3:
            tri = np.isfinite(d[:, 2])
            g3 = np.column_stack([-np.sin(az[:, 2]), -np.cos(az[:, 2])])
            grad13 = g1 - g3
            jac = np.stack([grad12, grad13], axis=1)              # rows: gradients
            det = np.linalg.det(jac)
            tri &= np.abs(det) > 1e-6
            if tri.any():
                rhs = -np.column_stack([f12, d[:, 0] - d[:, 2]])[tri]
                step[tri] = np.linalg.solve(jac[tri], rhs[..., None])[..., 0]
        length = np.hypot(step[:, 0], step[:, 1])
        if length.max() < tol_m:
            break
        scale = np.minimum(1.0, 20000.0 / np.maximum(length, 1e-12))
        length *= scale
        azs = np.degrees(np.arctan2(step[:, 0], step[:, 1]))
        move = length > 0
        lon, lat, _ = GEOD.fwd(xy[move, 0], xy[move, 1], azs[move], length[move])
        xy[move] = np.column_stack([lon, lat])
    return xy


def internal_waters(path):
    """Venezuela's internal waters (Lake Maracaibo, Tablazo Bay), from
    GeoData/maritime/internal_waters.geojson (build_internal_waters.py)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return polygonal(unary_union([shapely.geometry.shape(f["geometry"])
                                  for f in data["features"]]))


def absorb_specks(geoms):
    """Give each polygon smaller than SPECK_M2 (slivers where two lines nearly
    meet, e.g. a median line and a 12 nm arc) to the feature it shares the
    longest edge with; a speck that touches no other polygon stays."""
    parts, owner = [], []
    for i, g in enumerate(geoms):
        for p in shapely.get_parts(g):
            parts.append(p)
            owner.append(i)
    owner = np.array(owner)
    area = np.array([abs(GEOD.geometry_area_perimeter(p)[0]) if p.area < 1e-5 else np.inf
                     for p in parts])
    small = area < SPECK_M2
    tree = shapely.STRtree(parts)
    new_owner = owner.copy()
    for i in np.nonzero(small)[0]:
        best, best_len = None, 0.0
        for j in sorted(tree.query(parts[i], predicate="intersects")):
            if j == i or small[j]:
                continue
            shared = shapely.intersection(parts[i].boundary, parts[j].boundary).length
            if shared > best_len:
                best, best_len = j, shared
        if best is not None:
            new_owner[i] = owner[best]
    out = []
    for k in range(len(geoms)):
        mine = [parts[i] for i in np.nonzero(new_owner == k)[0]]
        if (new_owner == k).sum() == (owner == k).sum() and (new_owner[owner == k] == k).all():
            out.append(geoms[k])
        else:
            out.append(polygonal(shapely.set_precision(unary_union(mine), GRID)))
    return out


def open_sea(water):
    """Drop the slivers between neighbouring states' land polygons (the land
    layer's borders are snapped per state, so they leave gaps ~1e-7 degree wide:
    over a thousand pieces, none wider than 1e-6 degree on average); real sea
    pieces are wider than 1e-3 degree."""
    parts = [p for p in shapely.get_parts(water)
             if p.geom_type == "Polygon" and 2 * p.area / p.length > SLIVER_WIDTH_DEG]
    return MultiPolygon(parts)


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
    land, names = load_land(land_path)
    land_all = unary_union(list(land.values()))
    coast_kd = Coast(land, KD_SPACING_DEG)
    ids = coast_kd.ids
    # Voronoi sites: coarser spacing (in degrees, ~VORONOI_SPACING_M)
    coast_vor = Coast(land, VORONOI_SPACING_M / 111000.0)

    region = box(*REGION)
    m = WORK_MARGIN_DEG
    work = box(REGION[0] - m, REGION[1] - m, REGION[2] + m, REGION[3] + m)
    reach = region.buffer(REACH_DEG)     # land whose 200 nm could reach the region
    cells = median_cells(coast_vor, coast_kd, work, land_all)
    maracaibo = internal_waters(iw_path)
    sea = open_sea(region.difference(land_all).difference(maracaibo))

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
        prev, prev_dist, inner = None, 0.0, None
        for zone, dist in ZONES:
            # buffers compose (A + disk(r1) + disk(r2) = A + disk(r1 + r2)), so each
            # line is the previous one's buffer by the difference: far fewer
            # vertices than the coast with its thousands of cays
            if prev is None:
                prev = tiled_buffer(polygonal(geom_land), MERGE_M, "merge")
                prev_dist = MERGE_M
            buf = tiled_buffer(prev, dist - prev_dist, zone)
            buf = snap_rings(buf, dist, coast_kd, k)
            if inner is not None:
                buf = without_crumbs(buf.union(inner))
            band = buf if inner is None else polygonal(buf.difference(inner))
            z = polygonal(band.intersection(cell))
            prev, prev_dist, inner = buf, dist, buf
            if not z.is_empty:
                features.append((sid, zone, z))
        print(f"{sid}: done", file=sys.stderr)

    # specks to their neighbours, then coverage simplification: shared lines stay
    # shared, the outer boundary (coast, region frame) is kept as it is
    geoms = absorb_specks([shapely.set_precision(g, GRID) for _, _, g in features])
    simp = shapely.coverage_simplify(geoms, SIMPLIFY_TOL_DEG, simplify_boundary=False)
    out_feats = []
    for (sid, zone, _), g in zip(features, simp):
        mp = finish(g)
        if mp.is_empty:
            continue
        band, label = ZONE_TEXT[zone]
        props = {
            "id": f"{sid}-{zone}",
            "name": f"{names[sid]}: {label} (derived)",
            "kind": zone,
            "state": sid,
            "zone": zone,
            "source": "coast: GeoData/land/land.geojson (GSHHG 2.3.7 high, DCW-GMT 2.1.1 "
                      "attribution; LGPL-3+); Lake Maracaibo left out: "
                      "GeoData/maritime/internal_waters.geojson",
            "method": f"derived, not a treaty line: {band} WGS84 geodesic distance from the "
                      "coast, split by median lines (equidistance); straight baselines not "
                      f"modelled; clipped to the theatre {THEATRE_TEXT}; built by "
                      "GeoData/scripts/build_maritime.py",
            "version": VERSION,
        }
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
        # edges straight in lon/lat (the frame's cuts along parallels): densified
        area = abs(GEOD.geometry_area_perimeter(shapely.segmentize(mp, 0.05))[0]) / 1e6
        print(f"{props['state']} {props['zone']}: {len(mp.geoms)} polygons, {v} vertices, "
              f"{area:,.0f} km2")
    print(f"wrote {out}: {len(out_feats)} features, {nv} vertices, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
