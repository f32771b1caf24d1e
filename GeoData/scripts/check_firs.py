#!/usr/bin/env python3
"""Cross-check the FIR layers in GeoData/fir against the VATSpy reference and
against each other.

Usage: check_firs.py [FIR_DIR] [GEODATA_DIR]
  defaults: GeoData/fir and ../shared/geodata, both relative to the
  repository root. GEODATA_DIR holds fir_vatspy_caribbean.geojson (VATSpy
  data, CC BY-SA 4.0; read for comparison, never copied).

Per FIR (every <ICAO>.geojson in FIR_DIR):
  format    one Feature with exactly the properties id, icao, name, kind
            ("FIR"), source, method, version; id = icao = file name;
            coordinates with at most 7 decimals
  valid     shapely is_valid, exterior rings counter-clockwise
  area      WGS84 geodesic area within 2 % of VATSpy's (TTZP is compared with
            VATSpy's TTZP + TTZO "Piarco Oceanic", which it includes)
  vertices  each VATSpy vertex: geodesic distance to our boundary. Reported:
            share within 0.1 km (the published points we use), median, max.
            Passes if the max is <= 15 km (VATSpy approximates land borders
            with chords; ours follow DCW)
Across FIRs:
  overlap   geodesic area of the intersection of every pair <= 0.01 km2,
            except the declared nesting SKEC in SKED
  nesting   SKEC lies inside SKED (area of SKEC minus SKED <= 0.01 km2)
  holes     the union of all FIRs (SKEC aside) has no interior hole > 0.01 km2
  shared    for every pair of neighbours: the length of A's boundary within
            ~100 m of B's but not exactly on it (a sliver gap or overlap
            along the shared line) is <= 1 km, summed over both directions
Prints one line per check and `firs: N passed, N failed`; exit 1 on failure.
Needs only python3, shapely and pyproj.
"""
import json
import math
import re
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
from pyproj import Geod, Proj
from shapely import STRtree
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.ops import transform, unary_union

ROOT = Path(__file__).resolve().parents[2]
GEOD = Geod(ellps="WGS84")
PROPS = {"id", "icao", "name", "kind", "source", "method", "version"}
AREA_TOL = 0.02
SEA_KM = 0.1
VERTEX_TOL_KM = 15.0
OVERLAP_KM2 = 0.01
NEAR_DEG = 0.001          # ~110 m
SHARED_TOL_KM = 1.0
NESTED = {("SKEC", "SKED")}
REFERENCE = {"TTZP": ["TTZP", "TTZO"]}


def area_km2(geom):
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6 if not geom.is_empty else 0.0


def length_km(geom):
    return GEOD.geometry_length(geom) / 1000 if not geom.is_empty else 0.0


def polygons(geom):
    return list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]


def dist_to_boundary_km(p, boundary, tree, segs):
    """Geodesic distance (km) from p to our boundary: nearest segments in
    lon/lat, then measured in the azimuthal equidistant projection centred
    on p (exact for the distance to vertices, sub-metre on short segments)."""
    pt = Point(p)
    k = tree.nearest(pt)
    d0 = segs[k].distance(pt)
    cand = tree.query(pt.buffer(d0 * 1.5 + 0.02))
    proj = Proj(proj="aeqd", lat_0=p[1], lon_0=p[0], ellps="WGS84")
    best = math.inf
    for c in cand:
        xs, ys = proj(*zip(*segs[c].coords))
        best = min(best, LineString(zip(xs, ys)).distance(Point(0, 0)) / 1000)
    return best


def main():
    fir_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "GeoData/fir"
    geo_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared/geodata"
    results = []

    def report(name, ok, text):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'} {name}: {text}")

    vat = json.loads((geo_dir / "fir_vatspy_caribbean.geojson").read_text(encoding="utf-8"))
    vat = {f["properties"]["id"]: shape(f["geometry"]) for f in vat["features"]}

    firs = {}
    for path in sorted(fir_dir.glob("*.geojson")):
        icao = path.stem
        text = path.read_text(encoding="utf-8")
        fc = json.loads(text)
        feats = fc.get("features", [])
        props = feats[0].get("properties", {}) if len(feats) == 1 else {}
        geom = shape(feats[0]["geometry"]) if len(feats) == 1 else Polygon()
        decimals = max((len(m) for m in re.findall(r"\.(\d+)", text.split('"geometry"', 1)[-1])),
                       default=0)
        ok = (fc.get("type") == "FeatureCollection" and len(feats) == 1
              and set(props) == PROPS and props.get("kind") == "FIR"
              and props.get("id") == icao == props.get("icao")
              and geom.geom_type in ("Polygon", "MultiPolygon") and decimals <= 7)
        report(f"{icao} format", ok, f"{geom.geom_type}, properties {sorted(props)}, "
               f"max {decimals} decimals, version {props.get('version')}")
        firs[icao] = geom

        ccw = all(p.exterior.is_ccw for p in polygons(geom))
        nv = sum(len(p.exterior.coords) - 1 for p in polygons(geom))
        report(f"{icao} valid", geom.is_valid and ccw,
               f"is_valid={geom.is_valid}, exterior counter-clockwise={ccw}, {nv} vertices")

        refs = REFERENCE.get(icao, [icao])
        if not all(r in vat for r in refs):
            report(f"{icao} area", False, "no VATSpy reference")
            continue
        ref = unary_union([vat[r] for r in refs])
        a, b = area_km2(geom), area_km2(ref)
        diff = (a - b) / b
        report(f"{icao} area", abs(diff) <= AREA_TOL,
               f"ours {a:,.0f} km2, VATSpy {'+'.join(refs)} {b:,.0f} km2, "
               f"diff {diff * 100:+.2f} % (limit {AREA_TOL * 100:.0f} %)")

        segs = []
        for p in polygons(geom):
            c = list(p.exterior.coords)
            segs += [LineString([c[i], c[i + 1]]) for i in range(len(c) - 1)]
        tree = STRtree(segs)
        vpts = sorted({tuple(c) for p in polygons(ref) for c in list(p.exterior.coords)[:-1]})
        d = np.array([dist_to_boundary_km(p, None, tree, segs) for p in vpts])
        k = int(np.argmax(d))
        report(f"{icao} vertices", d.max() <= VERTEX_TOL_KM,
               f"{len(vpts)} VATSpy vertices: {np.mean(d <= SEA_KM) * 100:.0f} % within "
               f"{SEA_KM * 1000:.0f} m of our boundary, median {np.median(d):.2f} km, "
               f"max {d.max():.2f} km at {vpts[k][1]:.3f},{vpts[k][0]:.3f} "
               f"(limit {VERTEX_TOL_KM:.0f} km)")

    # --- across FIRs -------------------------------------------------------
    names = sorted(firs)
    worst = (0.0, None)
    for a, b in combinations(names, 2):
        if (a, b) in NESTED or (b, a) in NESTED:
            continue
        if not firs[a].intersects(firs[b]):
            continue
        ov = area_km2(firs[a].intersection(firs[b]))
        if ov > worst[0]:
            worst = (ov, f"{a}/{b}")
    report("overlap", worst[0] <= OVERLAP_KM2,
           f"largest pairwise overlap {worst[0]:.6f} km2"
           + (f" ({worst[1]})" if worst[1] else "") + f" (limit {OVERLAP_KM2} km2; SKEC in SKED excepted)")

    for inner, outer in sorted(NESTED):
        if inner in firs and outer in firs:
            out = area_km2(firs[inner].difference(firs[outer]))
            report("nesting", out <= OVERLAP_KM2,
                   f"{inner} outside {outer}: {out:.6f} km2 (limit {OVERLAP_KM2} km2)")

    union = unary_union([g for n, g in firs.items() if n not in {i for i, _ in NESTED}])
    holes = [Polygon(r) for p in polygons(union) for r in p.interiors]
    big = [h for h in holes if area_km2(h) > OVERLAP_KM2]
    report("holes", not big,
           f"union of {len(firs) - len(NESTED)} FIRs: {len(holes)} interior holes, "
           f"{len(big)} larger than {OVERLAP_KM2} km2"
           + (f", largest {max(area_km2(h) for h in big):,.3f} km2 near "
              f"{big[0].centroid.y:.3f},{big[0].centroid.x:.3f}" if big else ""))

    pairs = []
    for a, b in combinations(names, 2):
        ba, bb = firs[a].boundary, firs[b].boundary
        if ba.distance(bb) > NEAR_DEG:
            continue
        exact = length_km(ba.intersection(bb))
        near_a = length_km(ba.intersection(bb.buffer(NEAR_DEG)))
        near_b = length_km(bb.intersection(ba.buffer(NEAR_DEG)))
        pairs.append((a, b, exact, (near_a - exact) + (near_b - exact)))
    bad = [p for p in pairs if p[3] > SHARED_TOL_KM]
    shared = ", ".join(f"{a}/{b} {e:,.0f} km" for a, b, e, _ in pairs if e > 0)
    report("shared", not bad,
           f"{len(pairs)} neighbour pairs, shared lines: {shared}; largest length near but "
           f"not on the neighbour's line {max(p[3] for p in pairs):.2f} km "
           f"({max(pairs, key=lambda p: p[3])[0]}/{max(pairs, key=lambda p: p[3])[1]}) "
           f"(limit {SHARED_TOL_KM:.0f} km)")
    for a, b, e, g in bad:
        print(f"     {a}/{b}: {g:.2f} km near but not on the shared line")

    passed = sum(results)
    print(f"firs: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
