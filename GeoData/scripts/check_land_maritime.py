#!/usr/bin/env python3
"""Check GeoData/land/land.geojson and GeoData/maritime/maritime.geojson.

Usage: check_land_maritime.py [GEODATA_DIR] [SHARED_GEODATA_DIR]
       (defaults: the GeoData directory of this repository, ../shared/geodata)

Land: validity and orientation; properties; Venezuela's area against the
reference (land_gshhg_f_by_country.geojson, GSHHG full: 914,933 km2) and every
listed state's area against it (skipped, with a message, when the reference
is missing); points on the Venezuelan island groups and other places are on
the right state's land; Lake Maracaibo and the Gulf of Paria are water.

Maritime: RFC 7946 (counter-clockwise exteriors, at most 7 decimals, no ring
spanning 180 degrees of longitude), GEOS validity (shapely's GEOS and, when
found, the system libgeos_c the Swift library links), properties, no empty
geometry; overlaps between features, zones over land and over the internal
waters (each < 0.01 km2 in all); zone-line accuracy: points sampled along every
feature's outline, with their exact geodesic distance to each state's coast
(the land layer's coast densified to ~50 m, k-d tree candidates, WGS84
geod_inverse), must lie at 12, 24 or 200 nm (outer lines) or at equal distance
from two states (median lines); random points of the region's sea must fall
in the feature of their nearest state and distance band. Points within 2 km
of a land border, of the internal waters or of the region's frame are left
out of the line checks (there the zones are cut, not measured).

This is an independent implementation (it shares no code with
build_maritime.py): the coast model, the sampling and the tolerances are its own.
Final line: `land-maritime: N passed, N failed`; exit status 1 on failure.
"""
import ctypes
import ctypes.util
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from scipy.spatial import cKDTree
from shapely.geometry import Point, box, shape

GEOD = Geod(ellps="WGS84")
NM = 1852.0
DEBUG = False
ROOT = Path(__file__).resolve().parents[2]
DOMAIN = (-95.0, -5.0, -45.0, 30.0)
REGION = (-90.0, 0.0, -50.0, 25.0)
VEN_REF_KM2 = 914933.0
LIMITS = {"territorial-sea": 12 * NM, "contiguous-zone": 24 * NM, "eez": 200 * NM}
INNER = {"territorial-sea": 0.0, "contiguous-zone": 12 * NM, "eez": 24 * NM}
# Largest |error| allowed on a zone line (metres). The builder aims at 15 m
# between vertices (5 m on median lines); the layer is for display: a position's
# answer is computed exactly at run time, not from these polygons.
LINE_TOL_M = {"territorial-sea": 30.0, "contiguous-zone": 30.0, "eez": 30.0}
MEDIAN_TOL_M = 30.0                # largest |d_other - d_own| / 2 on a median line
MEDIAN_P99_M = 10.0
NOISE_KM2 = 0.01                   # overlaps / land / internal waters, in all
RANDOM_POINTS = 4000
COAST_SPACING_DEG = 0.00045        # ~50 m

# Points on Venezuelan islands (lat, lon). Sources: the island positions in
# the brief of issue 3, checked against the GSHHG polygons of the land layer
# (a point 1 km off a small cay would test the data, not the island).
ISLANDS = [
    ("Isla de Margarita", 11.00, -63.90),
    ("La Orchila", 11.80, -66.18),
    ("Los Roques (largest cay in GSHHG)", 11.7945, -66.6114),
    ("La Blanquilla", 11.85, -64.60),
    ("Los Testigos", 11.38, -63.12),
    ("Isla de Aves (published 15°40'23.7\"N 63°36'59.9\"W)", 15.673250, -63.616639),
    ("Los Monjes del Sur", 12.3641, -70.9042),
    ("Isla La Tortuga", 10.93, -65.30),
    ("Isla de Coche", 10.78, -63.95),
    ("Isla de Patos", 10.6366, -61.8663),
]
OTHERS = [("Trinidad (Port of Spain)", 10.654, -61.519, "TTO"),
          ("Curaçao (Willemstad)", 12.108, -68.935, "CUW"),
          ("Aruba (Oranjestad)", 12.52, -70.03, "ABW"),
          ("Bonaire (Kralendijk)", 12.15, -68.27, "BES"),
          ("Grenada (St George's)", 12.06, -61.75, "GRD"),
          ("Puerto Rico (San Juan)", 18.44, -66.06, "PRI"),
          ("Santo Domingo", 18.47, -69.90, "DOM"),
          ("Port-au-Prince", 18.54, -72.34, "HTI"),
          ("Georgetown", 6.80, -58.16, "GUY"),
          ("Bogotá", 4.711, -74.072, "COL"),
          ("Boa Vista", 2.82, -60.67, "BRA")]
WATER = [("Lake Maracaibo", 9.80, -71.60), ("Gulf of Paria", 10.40, -62.00)]

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""), flush=True)


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["features"]


def km2(geom):
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


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


class Coast:
    """Coast points of every state: the land boundary densified to ~50 m,
    without land borders (points within ~1 m of another state's land) and
    without the domain's frame. Exact distance to a state's coast = least
    geod_inverse over its k nearest points by chord (k-d tree)."""

    def __init__(self, land):
        self.ids = sorted(land)
        self.xy, self.trees, borders = {}, {}, []
        for sid in self.ids:
            xy = np.unique(shapely.get_coordinates(
                shapely.segmentize(land[sid].boundary, COAST_SPACING_DEG)), axis=0)
            w, s, e, n = DOMAIN
            frame = ((np.abs(xy[:, 0] - w) < 1e-9) | (np.abs(xy[:, 0] - e) < 1e-9)
                     | (np.abs(xy[:, 1] - s) < 1e-9) | (np.abs(xy[:, 1] - n) < 1e-9))
            border = np.zeros(len(xy), bool)
            reach = shapely.box(*land[sid].bounds).buffer(1e-4)
            for other in self.ids:
                if other == sid or not reach.intersects(shapely.box(*land[other].bounds)):
                    continue
                g = land[other]
                shapely.prepare(g)
                border |= shapely.dwithin(g, shapely.points(xy), 1e-5)
            borders.append(xy[border & ~frame])
            keep = ~frame & ~border
            if keep.any():
                self.xy[sid] = xy[keep]
                self.trees[sid] = cKDTree(ecef(xy[keep]))
        self.border = cKDTree(ecef(np.vstack(borders)))

    def near_border(self, xy, metres):
        """True where a land-border point is within `metres` (chord ~ arc here)."""
        d, _ = self.border.query(ecef(xy), k=1)
        return d < metres

    def dist(self, xy, state, k=16):
        """Exact distance (m) from each point to `state`'s coast."""
        if state not in self.trees or not len(xy):
            return np.full(len(xy), np.inf)
        cxy = self.xy[state]
        k = min(k, len(cxy))
        _, idx = self.trees[state].query(ecef(xy), k=k)
        idx = idx.reshape(len(xy), k)
        best = np.full(len(xy), np.inf)
        for j in range(k):
            c = cxy[idx[:, j]]
            _, _, d = GEOD.inv(c[:, 0], c[:, 1], xy[:, 0], xy[:, 1])
            best = np.minimum(best, d)
        return best

    def nearest_states(self, xy, m=3):
        """The m states nearest each point (candidates by chord distance to
        each state's nearest coast point, then exact distances), sorted:
        (state indices into self.ids, distances in metres), shape (n, m)."""
        states = [s for s in self.ids if s in self.trees]
        chord = np.column_stack([self.trees[s].query(ecef(xy), k=1)[0] for s in states])
        cand = np.argsort(chord, axis=1, kind="stable")[:, :m]
        d = np.full(cand.shape, np.inf)
        for j in range(m):
            for si in np.unique(cand[:, j]):
                rows = cand[:, j] == si
                d[rows, j] = self.dist(xy[rows], states[si])
        order = np.argsort(d, axis=1, kind="stable")
        rows = np.arange(len(xy))[:, None]
        names = np.array([self.ids.index(s) for s in states])
        return names[cand[rows, order]], d[rows, order]


def sample_boundary(geom, n, rng):
    lines = [r for p in shapely.get_parts(geom) for r in [p.exterior, *p.interiors]]
    lengths = np.array([r.length for r in lines])
    which = rng.choice(len(lines), size=n, p=lengths / lengths.sum())
    frac = rng.random(n)
    return np.array([lines[w].interpolate(f, normalized=True).coords[0]
                     for w, f in zip(which, frac)])


def check_land(land, lf, shared):
    bad = [f["properties"]["id"] for f in lf if not shape(f["geometry"]).is_valid]
    check("land: all geometries valid (GEOS isValid)", not bad, ", ".join(bad))
    ccw = all(shapely.is_ccw(p.exterior) and not any(shapely.is_ccw(r) for r in p.interiors)
              for f in lf for p in shape(f["geometry"]).geoms)
    check("land: exteriors counter-clockwise, holes clockwise", ccw)
    keys = {"id", "name", "source", "method", "version"}
    check("land properties", all(keys <= set(f["properties"]) for f in lf))

    ven = km2(land["VEN"])
    dev = ven / VEN_REF_KM2 - 1
    check("Venezuela area within 1 % of 914,933 km2", abs(dev) < 0.01,
          f"{ven:,.0f} km2 ({dev * 100:+.2f} %; official 916,445 km2)")
    ref_path = shared / "land_gshhg_f_by_country.geojson"
    if ref_path.exists():
        ref = {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in load(ref_path)}
        # Hispaniola as a whole: the reference attributes most of it to DO
        groups = {"VEN": ["VE"], "TTO": ["TT"], "ABW": ["AW"], "CUW": ["CW"], "BES": ["BQ"],
                  "GRD": ["GD"], "VCT": ["VC"], "LCA": ["LC"], "BRB": ["BB"], "PRI": ["PR"],
                  "DOM+HTI": ["DO", "HT"], "GUY": ["GY"], "JAM": ["JM"], "MTQ": ["MQ"],
                  "DMA": ["DM"]}
        worst = []
        for k3, k2s in sorted(groups.items()):
            r = sum(km2(ref[k]) for k in k2s)
            o = sum(km2(land[k]) for k in k3.split("+"))
            worst.append((abs(o / r - 1), k3, o, r))
        worst.sort(reverse=True)
        for w in worst:
            print(f"  area {w[1]}: {w[2]:,.0f} km2, reference {w[3]:,.0f} km2 ({w[0] * 100:.2f} %)")
        w = worst[0]
        check("states' areas within 5 % of the reference", w[0] < 0.05,
              f"worst {w[1]} {w[2]:,.0f} vs {w[3]:,.0f} km2 ({w[0] * 100:.1f} %)")
        sym = land["VEN"].symmetric_difference(ref["VE"]).intersection(box(-74, 0, -59, 16))
        check("Venezuela vs reference: symmetric difference < 2 % of area",
              km2(sym) < 0.02 * ven, f"{km2(sym):,.0f} km2")
    else:
        print(f"SKIP land cross-check: reference {ref_path} not found "
              "(pass SHARED_GEODATA_DIR to run it)")

    for name, lat, lon in ISLANDS:
        check(f"on VEN land: {name} {lat}N {lon}", land["VEN"].contains(Point(lon, lat)))
    for name, lat, lon, sid in OTHERS:
        check(f"on {sid} land: {name}", land[sid].contains(Point(lon, lat)))
    for name, lat, lon in WATER:
        p = Point(lon, lat)
        check(f"water, not land: {name}", not any(g.contains(p) for g in land.values()))


def check_rfc7946(path, mf):
    text = Path(path).read_text(encoding="utf-8")
    geometry_text = "".join(m.group(0) for m in re.finditer(r'"coordinates":\[[^"]*', text))
    long_decimals = re.findall(r"\d\.\d{8,}", geometry_text)
    check("maritime: coordinates with at most 7 decimals", not long_decimals,
          f"{len(long_decimals)} longer, e.g. {long_decimals[:3]}")
    geoms = [shape(f["geometry"]) for f in mf]
    ccw = all(shapely.is_ccw(p.exterior) and not any(shapely.is_ccw(r) for r in p.interiors)
              for g in geoms for p in shapely.get_parts(g))
    check("maritime: exteriors counter-clockwise, holes clockwise (RFC 7946)", ccw)
    xy = np.vstack([shapely.get_coordinates(g) for g in geoms])
    spans = [np.ptp(shapely.get_coordinates(r)[:, 0]) for g in geoms
             for p in shapely.get_parts(g) for r in [p.exterior, *p.interiors]]
    w, s, e, n = REGION
    inside = ((xy[:, 0] >= w) & (xy[:, 0] <= e) & (xy[:, 1] >= s) & (xy[:, 1] <= n)).all()
    check("maritime: inside 90W-50W 0-25N, no ring crossing the antimeridian",
          inside and max(spans) < 180, f"widest ring {max(spans):.2f} degrees of longitude")
    bad = [f"{f['properties']['state']}/{f['properties']['zone']}: "
           f"{shapely.is_valid_reason(g)}" for f, g in zip(mf, geoms) if not g.is_valid]
    check("maritime: all geometries valid (GEOS isValid)", not bad, "; ".join(bad[:5]))
    system = system_geos_invalid(geoms)
    if system is None:
        print("SKIP validity under the system GEOS: libgeos_c not found")
    else:
        version, bad = system
        check(f"maritime: all geometries valid under the system GEOS the tool links ({version})",
              not bad, ", ".join(mf[i]["properties"]["id"] for i in bad[:5]))
    empty = [f"{f['properties']['state']}/{f['properties']['zone']}"
             for f, g in zip(mf, geoms) if g.is_empty or g.area == 0]
    check("maritime: no empty geometry", not empty, ", ".join(empty))
    keys = {"id", "state", "zone", "method", "source", "version"}
    bad = [f["properties"].get("id", "?") for f in mf
           if not keys <= set(f["properties"]) or f["properties"]["zone"] not in LIMITS]
    check("maritime properties (id, state, zone, method, source, version)", not bad,
          ", ".join(bad[:5]))
    pairs = [(f["properties"]["state"], f["properties"]["zone"]) for f in mf]
    check("maritime: one feature per state and zone", len(pairs) == len(set(pairs)))
    return geoms


def system_geos_invalid(geoms):
    """(GEOS version, indices of invalid geometries) under the system's
    libgeos_c (Debian 12: 3.11, what the Swift library links; shapely's wheel
    brings its own), or None when there is none."""
    path = ctypes.util.find_library("geos_c")
    if not path:
        return None
    lib = ctypes.CDLL(path)
    lib.GEOSversion.restype = ctypes.c_char_p
    lib.GEOS_init_r.restype = ctypes.c_void_p
    lib.GEOS_finish_r.argtypes = [ctypes.c_void_p]
    lib.GEOSWKBReader_create_r.restype = ctypes.c_void_p
    lib.GEOSWKBReader_create_r.argtypes = [ctypes.c_void_p]
    lib.GEOSWKBReader_destroy_r.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.GEOSWKBReader_read_r.restype = ctypes.c_void_p      # NULL on exception
    lib.GEOSWKBReader_read_r.argtypes = [ctypes.c_void_p, ctypes.c_void_p,
                                         ctypes.c_char_p, ctypes.c_size_t]
    lib.GEOSisValid_r.restype = ctypes.c_char               # 1 valid, 0 invalid, 2 exception
    lib.GEOSisValid_r.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.GEOSGeom_destroy_r.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    handle = lib.GEOS_init_r()
    reader = lib.GEOSWKBReader_create_r(handle)
    bad = []
    try:
        for i, g in enumerate(geoms):
            wkb = shapely.to_wkb(g)
            ptr = lib.GEOSWKBReader_read_r(handle, reader, wkb, len(wkb))
            if not ptr:
                bad.append(i)
                continue
            if lib.GEOSisValid_r(handle, ptr) != b"\x01":
                bad.append(i)
            lib.GEOSGeom_destroy_r(handle, ptr)
    finally:
        lib.GEOSWKBReader_destroy_r(handle, reader)
        lib.GEOS_finish_r(handle)
    return lib.GEOSversion().decode(), bad


def check_coverage(geoms, names, land_all, iw_all):
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    overlap, worst = 0.0, (0.0, "")
    for i, j in zip(a, b):
        if i < j:
            x = [p for p in shapely.get_parts(shapely.intersection(geoms[i], geoms[j]))
                 if p.geom_type == "Polygon"]
            area = sum(km2(p) for p in x)
            overlap += area
            worst = max(worst, (area, f"{names[i]} / {names[j]}"))
    check(f"maritime: overlaps between features < {NOISE_KM2} km2 in all", overlap < NOISE_KM2,
          f"{overlap:.6f} km2 ({overlap * 1e6:,.0f} m2); largest {worst[0] * 1e6:,.0f} m2 "
          f"{worst[1]}")
    zones = shapely.union_all(geoms)
    on_land = km2(shapely.intersection(zones, land_all))
    check(f"maritime: zones over land < {NOISE_KM2} km2", on_land < NOISE_KM2,
          f"{on_land:.6f} km2 ({on_land * 1e6:,.0f} m2)")
    on_iw = km2(shapely.intersection(zones, iw_all)) if not iw_all.is_empty else 0.0
    check(f"maritime: zones over the internal waters < {NOISE_KM2} km2", on_iw < NOISE_KM2,
          f"{on_iw:.6f} km2")
    return zones


def check_lines(mf, geoms, coast, iw_all, rng):
    """Outline points: on an outer line (distance 12/24/200 nm from the own
    coast), or on a median line (equal distance from two states' coasts)."""
    frame = box(*REGION).exterior
    zone_err = {z: [] for z in LIMITS}
    median, worst_line, worst_median = [], {}, (0.0, "")
    t0 = time.time()
    for f, g in zip(mf, geoms):
        st, zone = f["properties"]["state"], f["properties"]["zone"]
        n = int(np.clip(g.length * 60, 200, 3000))          # ~1 point per 2 km
        xy = sample_boundary(g, n, rng)
        pts = shapely.points(xy)
        xy = xy[(shapely.distance(pts, frame) > 0.02) & (shapely.distance(pts, iw_all) > 0.02)]
        xy = xy[~coast.near_border(xy, 2000.0)]
        if not len(xy):
            continue
        near, d = coast.nearest_states(xy, 3)
        own = coast.dist(xy, st)
        # the nearest other state
        other = np.where(near[:, 0] == coast.ids.index(st), d[:, 1], d[:, 0])
        lim = LIMITS[zone]
        on_line = (np.abs(own - lim) < 3000) & (other > own + 3000)
        e = own[on_line] - lim
        zone_err[zone].extend(e.tolist())
        if len(e):
            i = np.argmax(np.abs(e))
            p = xy[on_line][i]
            worst_line[zone] = max(worst_line.get(zone, (0.0, "")),
                                   (abs(e[i]), f"{st} at {p[1]:.4f}N {p[0]:.4f}"))
        on_median = ((np.abs(other - own) < 3000) & (own > INNER[zone] + 3000)
                     & (own < lim - 3000))
        m = (other - own)[on_median] / 2
        median.extend(m.tolist())
        if len(m):
            i = np.argmax(np.abs(m))
            p = xy[on_median][i]
            worst_median = max(worst_median, (abs(m[i]), f"{st} {zone} at {p[1]:.4f}N {p[0]:.4f}"))
        if DEBUG:
            for (x, y), err in zip(xy[on_line], e):
                if abs(err) > LINE_TOL_M[zone] / 2:
                    print(f"  debug {st} {zone} {y:.4f} {x:.4f} err {err:+.0f}")
            for (x, y), err in zip(xy[on_median], m):
                if abs(err) > MEDIAN_TOL_M / 2:
                    print(f"  debug median {st} {zone} {y:.4f} {x:.4f} err {err:+.0f}")
    for zone, errs in zone_err.items():
        e = np.array(errs)
        tol = LINE_TOL_M[zone]
        ok = len(e) > 100 and np.abs(e).max() < tol
        check(f"{zone} outer line: |distance - {LIMITS[zone] / NM:.0f} nm| < {tol:.0f} m",
              ok, f"{len(e)} points, min {e.min():+.1f} m, max {e.max():+.1f} m, "
                  f"mean |err| {np.abs(e).mean():.1f} m, p99 {np.percentile(np.abs(e), 99):.1f} m"
                  f"; worst {worst_line[zone][1]}" if len(e) else "no points")
    m = np.abs(np.array(median))
    check(f"median lines: |d_other - d_own| / 2 < {MEDIAN_TOL_M:.0f} m, "
          f"99th percentile < {MEDIAN_P99_M:.0f} m",
          len(m) > 100 and m.max() < MEDIAN_TOL_M and np.percentile(m, 99) < MEDIAN_P99_M,
          f"{len(m)} points, mean {m.mean():.1f} m, p99 {np.percentile(m, 99):.1f} m, "
          f"max {m.max():.1f} m; worst {worst_median[1]}" if len(m) else "no points")
    print(f"  (line samples: {time.time() - t0:.0f} s)")


def check_random_points(mf, geoms, coast, land_all, iw_all, rng):
    """Random points of the region: the feature holding each must be the one
    of its nearest state and distance band (none beyond 200 nm, on land or in
    the internal waters). Points within 200 m of a zone line, 400 m of
    equidistance, or 2 km of a land border are not judged."""
    w, s, e, n = REGION
    # uniform on the sphere within the region
    lon = rng.uniform(w, e, RANDOM_POINTS)
    lat = np.degrees(np.arcsin(rng.uniform(np.sin(np.radians(s)), np.sin(np.radians(n)),
                                           RANDOM_POINTS)))
    xy = np.column_stack([lon, lat])
    pts = shapely.points(xy)
    wet = ~shapely.intersects(land_all, pts) & ~shapely.intersects(iw_all, pts)
    near, d = coast.nearest_states(xy, 2)
    tree = shapely.STRtree(geoms)
    pi, gi = tree.query(pts, predicate="intersects")
    holder = {}
    for p, g in zip(pi, gi):
        holder.setdefault(int(p), []).append(int(g))
    by_border = coast.near_border(xy, 2000.0)
    judged, wrong, by_zone = 0, [], {}
    for i in range(len(xy)):
        got = sorted((mf[g]["properties"]["state"], mf[g]["properties"]["zone"])
                     for g in holder.get(i, []))
        if not wet[i]:
            expect = []
        else:
            d1, d2 = d[i, 0], d[i, 1]
            if (min(abs(d1 - v) for v in LIMITS.values()) < 200 or d2 - d1 < 800
                    or by_border[i]):
                continue
            zone = next((z for z, v in LIMITS.items() if d1 < v), None)
            expect = [(coast.ids[near[i, 0]], zone)] if zone else []
        judged += 1
        key = expect[0][1] if expect else ("land/internal" if not wet[i] else "beyond 200 nm")
        by_zone[key] = by_zone.get(key, 0) + 1
        if got != expect:
            wrong.append(f"{xy[i, 1]:.4f}N {xy[i, 0]:.4f}: expected {expect}, in {got}")
    detail = f"{judged} of {len(xy)} judged (" + ", ".join(
        f"{k} {v}" for k, v in sorted(by_zone.items())) + f"), {len(wrong)} wrong"
    if wrong:
        detail += ": " + "; ".join(wrong[:5])
    check("random points: in the zone of their nearest state and distance band",
          judged > RANDOM_POINTS // 2 and not wrong, detail)


def main():
    t0 = time.time()
    gd = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "GeoData"
    shared = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared/geodata"
    lf = load(gd / "land/land.geojson")
    land = {f["properties"]["id"]: shape(f["geometry"]) for f in lf}
    check_land(land, lf, shared)

    maritime_path = gd / "maritime/maritime.geojson"
    mf = load(maritime_path)
    geoms = check_rfc7946(maritime_path, mf)
    names = [f"{f['properties']['state']}/{f['properties']['zone']}" for f in mf]
    iw_path = gd / "maritime/internal_waters.geojson"
    iw = [shape(f["geometry"]) for f in load(iw_path)] if iw_path.exists() else []
    iw_all = shapely.union_all(iw) if iw else shapely.Polygon()
    check("Lake Maracaibo is VEN internal waters (maritime/internal_waters.geojson)",
          any(g.contains(Point(-71.6, 9.8)) for g in iw))
    check("Lake Maracaibo is in no distance zone of maritime.geojson",
          not any(g.contains(Point(-71.6, 9.8)) for g in geoms))
    land_all = shapely.union_all(list(land.values()))
    check_coverage(geoms, names, land_all, iw_all)

    coast = Coast(land)
    rng = np.random.default_rng(20261129)
    check_lines(mf, geoms, coast, iw_all, rng)
    check_random_points(mf, geoms, coast, land_all, iw_all, rng)

    passed = sum(results)
    failed = len(results) - passed
    print(f"  ({time.time() - t0:.0f} s)")
    print(f"land-maritime: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
