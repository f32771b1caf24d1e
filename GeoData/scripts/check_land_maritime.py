#!/usr/bin/env python3
"""Check GeoData/land/land.geojson and GeoData/maritime/maritime.geojson.

Usage: check_land_maritime.py [GEODATA_DIR] [SHARED_GEODATA_DIR]
       (defaults: the GeoData directory of this repository, ../shared/geodata)

Checks: validity and orientation of every geometry; Venezuela's area against
the reference (land_gshhg_f_by_country.geojson: 914,933 km2, GSHHG full); the
Venezuelan island groups (a point on each must be Venezuelan land); Lake
Maracaibo is water; cross-check of every state's area against the reference;
zone-line accuracy: points sampled along the 12, 24 and 200 nm lines and the
median lines, with their exact geodesic distance to the coast (coast of the
land layer densified to 50 m, k-d tree candidates, WGS84 geod_inverse).
Final line: `land-maritime: N passed, N failed`; exit status 1 on failure.
"""
import json
import sys
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
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""))


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["features"]


def unit(xy):
    lon, lat = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


class Coast:
    """Coast points (land boundary without land borders or the domain frame),
    densified to ~50 m, inside a window; exact distance = min geod_inverse
    over k-d tree candidates."""

    def __init__(self, land, window):
        ids = sorted(land)
        tree = shapely.STRtree([land[i] for i in ids])
        xs, labs = [], []
        for k, sid in enumerate(ids):
            b = shapely.clip_by_rect(land[sid].boundary, *window)
            if b.is_empty:
                continue
            xy = np.unique(shapely.get_coordinates(shapely.segmentize(b, 0.00045)), axis=0)
            w, s, e, n = DOMAIN
            frame = ((np.abs(xy[:, 0] - w) < 1e-9) | (np.abs(xy[:, 0] - e) < 1e-9)
                     | (np.abs(xy[:, 1] - s) < 1e-9) | (np.abs(xy[:, 1] - n) < 1e-9))
            pi, gi = tree.query(shapely.points(xy), predicate="dwithin", distance=1e-5)
            border = np.zeros(len(xy), bool)
            border[pi[gi != k]] = True
            keep = ~frame & ~border
            xs.append(xy[keep])
            labs.append(np.full(keep.sum(), k))
        self.ids = ids
        self.xy = np.vstack(xs)
        self.lab = np.concatenate(labs)
        self.trees = {}

    def dist(self, xy, state, k=16):
        """Exact distance (m) from each point to `state`'s coast."""
        s = self.ids.index(state)
        if not (self.lab == s).any():
            return np.full(len(xy), np.inf)
        if s not in self.trees:
            m = self.lab == s
            self.trees[s] = (cKDTree(unit(self.xy[m])), self.xy[m])
        tree, cxy = self.trees[s]
        k = min(k, len(cxy))
        _, idx = tree.query(unit(xy), k=k)
        idx = idx.reshape(len(xy), k)
        best = np.full(len(xy), np.inf)
        for j in range(k):
            c = cxy[idx[:, j]]
            _, _, d = GEOD.inv(c[:, 0], c[:, 1], xy[:, 0], xy[:, 1])
            best = np.minimum(best, d)
        return best


def sample_boundary(geom, n, rng):
    lines = [r for p in shapely.get_parts(geom) for r in [p.exterior, *p.interiors]]
    lengths = np.array([r.length for r in lines])
    which = rng.choice(len(lines), size=n, p=lengths / lengths.sum())
    frac = rng.random(n)
    return np.array([lines[w].interpolate(f, normalized=True).coords[0]
                     for w, f in zip(which, frac)])


def main():
    gd = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "GeoData"
    shared = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared/geodata"
    lf = load(gd / "land/land.geojson")
    mf = load(gd / "maritime/maritime.geojson")
    land = {f["properties"]["id"]: shape(f["geometry"]) for f in lf}

    # 1. validity, orientation
    bad = [f["properties"]["id"] for f in lf if not shape(f["geometry"]).is_valid]
    bad += [f"{f['properties']['state']}/{f['properties']['zone']}" for f in mf
            if not shape(f["geometry"]).is_valid]
    check("all geometries valid (GEOS isValid)", not bad, ", ".join(bad))
    ccw = all(shapely.is_ccw(p.exterior) and not any(shapely.is_ccw(r) for r in p.interiors)
              for f in lf + mf for p in shape(f["geometry"]).geoms)
    check("exteriors counter-clockwise, holes clockwise", ccw)
    keys = {"id", "name", "source", "method", "version"}
    check("land properties", all(keys <= set(f["properties"]) for f in lf))
    zones = {"territorial-sea", "contiguous-zone", "eez"}
    check("maritime properties", all({"state", "zone", "method", "version"} <= set(f["properties"])
                                     and f["properties"]["zone"] in zones for f in mf))

    # 2. Venezuela's area; other states against the reference
    ven = abs(GEOD.geometry_area_perimeter(land["VEN"])[0]) / 1e6
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
            r = sum(abs(GEOD.geometry_area_perimeter(ref[k])[0]) for k in k2s) / 1e6
            o = sum(abs(GEOD.geometry_area_perimeter(land[k])[0]) for k in k3.split("+")) / 1e6
            worst.append((abs(o / r - 1), k3, o, r))
        worst.sort(reverse=True)
        for w in worst:
            print(f"  area {w[1]}: {w[2]:,.0f} km2, reference {w[3]:,.0f} km2 ({w[0] * 100:.2f} %)")
        w = worst[0]
        check("states' areas within 5 % of the reference", w[0] < 0.05,
              f"worst {w[1]} {w[2]:,.0f} vs {w[3]:,.0f} km2 ({w[0] * 100:.1f} %)")
        sym = land["VEN"].symmetric_difference(ref["VE"]).intersection(box(-74, 0, -59, 16))
        km2 = abs(GEOD.geometry_area_perimeter(sym)[0]) / 1e6
        check("Venezuela vs reference: symmetric difference < 2 % of area", km2 < 0.02 * ven,
              f"{km2:,.0f} km2")
    else:
        check(f"reference {ref_path} present", False)

    # 3. islands and places
    for name, lat, lon in ISLANDS:
        check(f"on VEN land: {name} {lat}N {lon}", land["VEN"].contains(Point(lon, lat)))
    for name, lat, lon, sid in OTHERS:
        check(f"on {sid} land: {name}", land[sid].contains(Point(lon, lat)))
    for name, lat, lon in WATER:
        p = Point(lon, lat)
        check(f"water, not land: {name}", not any(g.contains(p) for g in land.values()))
    iw_path = gd / "maritime/internal_waters.geojson"
    iw = [shape(f["geometry"]) for f in load(iw_path)] if iw_path.exists() else []
    check("Lake Maracaibo is VEN internal waters (maritime/internal_waters.geojson)",
          any(g.contains(Point(-71.6, 9.8)) for g in iw))
    lake = Point(-71.6, 9.8)
    check("Lake Maracaibo is in no distance zone of maritime.geojson",
          not any(shape(f["geometry"]).contains(lake) for f in mf))

    # 4. zone-line accuracy, Venezuela and its neighbours
    window = (-80.0, 0.0, -50.0, 24.0)
    coast = Coast(land, window)
    near = [s for s in sorted(land) if land[s].intersects(box(*window))]
    rng = np.random.default_rng(20261129)
    limits = {"territorial-sea": 12 * NM, "contiguous-zone": 24 * NM, "eez": 200 * NM}
    frame = box(*REGION).exterior
    iw_all = shapely.union_all(iw) if iw else shapely.Point(0, -90)
    zone_err = {z: [] for z in limits}
    median = []
    states = ["VEN", "TTO", "GUY", "ABW", "CUW", "BES", "GRD"]
    for f in mf:
        st, zone = f["properties"]["state"], f["properties"]["zone"]
        if st not in states or zone not in limits:
            continue
        g = shape(f["geometry"])
        xy = sample_boundary(g, 1500, rng)
        m = 3.6                               # >= 200 nm inside the coast window
        xy = xy[(xy[:, 0] > window[0] + m) & (xy[:, 0] < window[2] - m)
                & (xy[:, 1] > window[1] + m) & (xy[:, 1] < window[3] - m)]
        xy = xy[(shapely.distance(shapely.points(xy), frame) > 0.01)
                & (shapely.distance(shapely.points(xy), iw_all) > 0.01)]
        if not len(xy):
            continue
        own = coast.dist(xy, st)
        other = np.full(len(xy), np.inf)
        for s in near:
            if s != st:
                other = np.minimum(other, coast.dist(xy, s))
        d = limits[zone]
        on_line = (np.abs(own - d) < 3000) & (other > own + 3000)
        zone_err[zone].extend((own[on_line] - d).tolist())
        inner = {"territorial-sea": 0.0, "contiguous-zone": 12 * NM, "eez": 24 * NM}[zone]
        on_median = ((np.abs(other - own) < 3000) & (own > inner + 3000)
                     & (own < d - 3000))
        median.extend(((other - own)[on_median] / 2).tolist())
        if DEBUG:
            for (x, y), e in zip(xy[on_line], own[on_line] - d):
                if abs(e) > 100:
                    print(f"  debug {st} {zone} {y:.4f} {x:.4f} err {e:.0f}")
            for (x, y), e, o in zip(xy[on_median], (other - own)[on_median] / 2, own[on_median]):
                if abs(e) > 100:
                    print(f"  debug median {st} {zone} {y:.4f} {x:.4f} err {e:.0f} own {o:.0f}")
    for zone, errs in zone_err.items():
        e = np.array(errs)
        lim = {"territorial-sea": 60, "contiguous-zone": 100, "eez": 300}[zone]
        ok = len(e) > 50 and np.abs(e).max() < lim
        check(f"{zone} outer line: |distance - {limits[zone] / NM:.0f} nm| < {lim} m",
              ok, f"{len(e)} points, min {e.min():+.1f} m, max {e.max():+.1f} m, "
                  f"mean |err| {np.abs(e).mean():.1f} m" if len(e) else "no points")
    m = np.array(median)
    check("median lines: |d_other - d_own| / 2 < 300 m", len(m) > 50 and np.abs(m).max() < 300,
          f"{len(m)} points, max {np.abs(m).max():.1f} m, mean {np.abs(m).mean():.1f} m"
          if len(m) else "no points")

    passed = sum(results)
    failed = len(results) - passed
    print(f"land-maritime: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
