#!/usr/bin/env python3
"""Cross-check GeoData/fir/SVZM.geojson against the VATSpy reference.

Usage: check_fir_svzm.py [SVZM.geojson] [GEODATA_DIR]
  defaults: GeoData/fir/SVZM.geojson and ../shared/geodata, both relative to
  the repository root. GEODATA_DIR holds fir_vatspy_caribbean.geojson and
  svzm_vertices_vatspy.csv (VATSpy data, CC BY-SA 4.0; read, never copied).

Checks (one line each, then `fir-svzm: N passed, N failed`; exit 1 on failure):
  a) sea vertices: for each VATSpy vertex flagged `sea` (13), the geodesic
     distance to the nearest vertex of our ring is <= 0.1 km.
  b) land border: both polylines run from sea point 13 (08°55'N 060°15'W)
     over land to sea point 1 (12°00'N 071°00'W): ours is our ring between
     those vertices, VATSpy's is its rows 13, 14..113, 0, 1. Distance from a
     point to a polyline = planar distance in the azimuthal equidistant
     projection centred on that point (exact geodesic distance to vertices).
     Passes if every VATSpy land vertex (rows flagged `land`) is within 10 km
     of our line. Also printed, for information: the Hausdorff distance
     between the two lines (VATSpy edges densified every 1 km), which is
     larger because VATSpy's 101 vertices cut across the border's bends.
  c) area: WGS84 geodesic area (pyproj Geod.geometry_area_perimeter) within
     1 % of the VATSpy SVZM polygon's.
  d) validity: shapely is_valid, and the exterior ring is counter-clockwise.
Needs only python3, shapely and pyproj.
"""
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np
from pyproj import Geod, Proj
from shapely.geometry import LineString, Point, shape

ROOT = Path(__file__).resolve().parents[2]
GEOD = Geod(ellps="WGS84")
SEA_TOL_KM = 0.1
LAND_TOL_KM = 10.0
AREA_TOL = 0.01


def ring_of(geom):
    """The single exterior ring (without closing vertex) of our polygon."""
    poly = geom if geom.geom_type == "Polygon" else max(geom.geoms, key=lambda g: g.area)
    return list(poly.exterior.coords)[:-1]


def geo_km(a, b):
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


def densify(line, step_m=1000.0):
    out = [line[0]]
    for a, b in zip(line[:-1], line[1:]):
        n = math.ceil(GEOD.inv(a[0], a[1], b[0], b[1])[2] / step_m) - 1
        if n > 0:
            out.extend(GEOD.npts(a[0], a[1], b[0], b[1], n))
        out.append(b)
    return out


def dist_to_line_km(p, line, arr):
    """Distance (km) from p to polyline `line` (arr = same as numpy array),
    measured in the azimuthal equidistant projection centred on p."""
    # nearest vertex gives an upper bound; keep segments that may come closer
    deg = np.hypot((arr[:, 0] - p[0]) * math.cos(math.radians(p[1])), arr[:, 1] - p[1])
    keep = np.nonzero(deg <= deg.min() * 1.5 + 0.05)[0]
    idx = sorted({j for i in keep for j in (i - 1, i, i + 1) if 0 <= j < len(line)})
    proj = Proj(proj="aeqd", lat_0=p[1], lon_0=p[0], ellps="WGS84")
    best = math.inf
    run = []
    for i in idx + [None]:           # walk runs of consecutive indices
        if i is not None and (not run or i == run[-1] + 1):
            run.append(i)
            continue
        xs, ys = proj([line[j][0] for j in run], [line[j][1] for j in run])
        pts = list(zip(xs, ys))
        geom = LineString(pts) if len(pts) > 1 else Point(pts[0])
        best = min(best, geom.distance(Point(0, 0)) / 1000)
        run = [i] if i is not None else []
    return best


def directed_max(src, line):
    arr = np.asarray(line)
    worst = (0.0, None)
    for p in src:
        d = dist_to_line_km(p, line, arr)
        if d > worst[0]:
            worst = (d, p)
    return worst


def main():
    ours_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "GeoData/fir/SVZM.geojson"
    geo_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared/geodata"
    results = []

    def report(name, ok, text):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'} {name}: {text}")

    fc = json.loads(ours_path.read_text(encoding="utf-8"))
    ours_geom = shape(fc["features"][0]["geometry"])
    ring = ring_of(ours_geom)
    vat = json.loads((geo_dir / "fir_vatspy_caribbean.geojson").read_text(encoding="utf-8"))
    vat_geom = shape(next(f for f in vat["features"] if f["properties"]["id"] == "SVZM")["geometry"])
    with open(geo_dir / "svzm_vertices_vatspy.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    vpt = [(float(r["lon"]), float(r["lat"])) for r in rows]
    sea = [i for i, r in enumerate(rows) if r["location"] == "sea"]

    # a) sea vertices
    nearest = {}
    for i in sea:
        d = [geo_km(vpt[i], q) for q in ring]
        k = int(np.argmin(d))
        nearest[i] = (k, d[k])
    worst = max(nearest.values(), key=lambda t: t[1])[1]
    report("a sea vertices", len(sea) == 13 and worst <= SEA_TOL_KM,
           f"{len(sea)} VATSpy sea vertices, max distance to ours {worst * 1000:.1f} m "
           f"(limit {SEA_TOL_KM * 1000:.0f} m)")

    # b) land border: our ring from sea point 13 to sea point 1 the way that
    # does not pass the other sea points; VATSpy rows 13..end, 0, 1.
    first, last = sea[0], sea[-1]
    k1, k13 = nearest[first][0], nearest[last][0]
    n = len(ring)
    fwd = [(k13 + j) % n for j in range((k1 - k13) % n + 1)]
    bwd = [(k13 - j) % n for j in range((k13 - k1) % n + 1)]
    others = {nearest[i][0] for i in sea[1:-1]}
    ours_land = [ring[k] for k in (bwd if others & set(fwd) else fwd)]
    land_rows = [vpt[i] for i, r in enumerate(rows) if r["location"].startswith("land")]
    d_v, p_v = directed_max(land_rows, ours_land)
    vat_land = densify([vpt[i] for i in list(range(last, len(vpt))) + list(range(0, first + 1))])
    d_vo, _ = directed_max(vat_land, ours_land)
    d_ov, p_ov = directed_max(ours_land, vat_land)
    report("b land border", d_v <= LAND_TOL_KM,
           f"{len(land_rows)} VATSpy land vertices: max distance to ours {d_v:.2f} km "
           f"at {p_v[1]:.3f}N {-p_v[0]:.3f}W (limit {LAND_TOL_KM:.0f} km); "
           f"info: Hausdorff {max(d_vo, d_ov):.2f} km (VATSpy->ours {d_vo:.2f}, "
           f"ours->VATSpy {d_ov:.2f} km at {p_ov[1]:.3f}N {-p_ov[0]:.3f}W)")

    # c) geodesic area
    a_ours = abs(GEOD.geometry_area_perimeter(ours_geom)[0]) / 1e6
    a_vat = abs(GEOD.geometry_area_perimeter(vat_geom)[0]) / 1e6
    diff = (a_ours - a_vat) / a_vat
    report("c area", abs(diff) <= AREA_TOL,
           f"ours {a_ours:,.0f} km2, VATSpy {a_vat:,.0f} km2, diff {diff * 100:+.2f} % "
           f"(limit {AREA_TOL * 100:.0f} %)")

    # d) validity and orientation
    ccw = ours_geom.geom_type == "Polygon" and ours_geom.exterior.is_ccw
    report("d valid", ours_geom.is_valid and ccw,
           f"is_valid={ours_geom.is_valid}, exterior counter-clockwise={ccw}, "
           f"{len(ring)} vertices")

    passed = sum(results)
    print(f"fir-svzm: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
