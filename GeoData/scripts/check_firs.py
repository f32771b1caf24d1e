#!/usr/bin/env python3
"""Cross-check the FIR layers in GeoData/fir against the VATSpy reference and
against each other, over the whole theatre (GeoData/coverage.json).

Usage: check_firs.py [FIR_DIR] [GEODATA_DIR]
  defaults: GeoData/fir and ../shared/geodata, both relative to the
  repository root. GEODATA_DIR holds fir_vatspy_theatre.geojson (VATSpy
  Boundaries.geojson @9f8d09cb, CC BY-SA 4.0: every polygon meeting the
  theatre; read for comparison, never copied).

Per FIR (every <ICAO>.geojson in FIR_DIR):
  format    one Feature with exactly the properties id, icao, name, kind
            ("FIR"), source, method, version, accuracy_sea_m, accuracy_land_m
            (numbers >= 100); id = icao = file name; at most 7 decimals
  valid     shapely is_valid; exteriors counter-clockwise, holes clockwise
            (RFC 7946); every part within -180..180 and spanning less than
            180 degrees of longitude (parts split at the antimeridian)
  area      WGS84 geodesic area within 2 % of the VATSpy polygon(s) it comes
            from (REFERENCE: united, minus the FIRs it was cut against)
  vertices  every vertex of that VATSpy reference: geodesic distance to our
            boundary. Reported: share within 0.1 km (the published points we
            use), median, max. Passes if the max is <= 15 km: VATSpy
            approximates land borders with chords, ours follow DCW
  sea       the vertices of that reference at sea (GSHHG high, via `gmt
            select`: the vertex and 8 points 10 km around it all ocean) are
            within max(0.1 km, accuracy_sea_m) of our boundary
Across FIRs:
  inputs    fir_points_vatspy.py (the build's VATSpy points) equals the
            extract point for point
  coverage  every ICAO FIR of the extract is shipped, every other VATSpy id is
            in DROPPED with its reason, and no file is unexplained
  overlap   geodesic area of the intersection of every pair <= 0.01 km2
  theatre   the theatre box minus the union of all FIRs: no piece larger than
            0.01 km2 but the Eastern Pacific's unassigned airspace (NO FIR)
  holes     the union of all FIRs has no interior hole larger than 0.01 km2
            but NO FIR
  shared    vertex for vertex: a vertex of one FIR that lies on another FIR's
            boundary (within 1e-7 degree) is a vertex of that FIR too; and for
            every pair of neighbours the length of boundary within ~110 m of
            the other's line but not on it is <= 1 km (only where lines meet)
  places    the FIR of cited places (one each, or none in NO FIR), and which
            VATSpy polygons contain them
Prints one line per check and `firs: N passed, N failed`; exit 1 on failure.
Needs python3, shapely, pyproj, and `gmt` with GSHHG high (Debian gmt,
gmt-gshhg-high) for the sea check.
"""
import json
import math
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Proj
from shapely import STRtree
from shapely.geometry import LineString, Point, Polygon, box, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
GEOD = Geod(ellps="WGS84")
PROPS = {"id", "icao", "name", "kind", "source", "method", "version",
         "accuracy_sea_m", "accuracy_land_m"}
AREA_TOL = 0.02
SEA_KM = 0.1
VERTEX_TOL_KM = 15.0
OVERLAP_KM2 = 0.01
NEAR_DEG = 0.001          # ~110 m
SHARED_TOL_KM = 1.0
ON_LINE_DEG = 1e-7

# Our FIR -> the VATSpy polygons it comes from (united), and those cut out of
# them (where two VATSpy polygons overlap, the one listed here kept it; see
# THEATRE.md). FIRs not listed come from the VATSpy polygon of the same id.
REFERENCE = {
    "TTZP": ["TTZP", "TTZO"],
    "KZWY": ["KZNY/oceanic"],
    "MHTG": ["MHCC"],
}
CUT = {
    "SKED": ["SKEC"],
    "KZDC": ["KZNY"],
    "KZWY": ["KZNY", "KZDC"],
}

# VATSpy ids of the extract that are deliberately not shipped, and why.
DROPPED = {
    "KZJX-A": "sector of Jacksonville ARTCC (inside KZJX)",
    "KZJX-C": "sector of Jacksonville ARTCC (inside KZJX)",
    "KZJX-P": "sector of Jacksonville ARTCC (inside KZJX)",
    "KZMA-N": "sector of Miami ARTCC (inside KZMA)",
    "KZMA-OCN": "Miami Oceanic sector (inside KZMA: Miami's FIR includes its oceanic part)",
    "KZNY-BDA": "Bermuda radar/TMA sector, inside New York Oceanic (KZWY); not a FIR",
    "MMEX": "Mexico ACC (Mexico Centre), a sector of the Mexico FIR (MMFR)",
    "MMID": "Merida ACC, a sector of the Mexico FIR (MMFR)",
    "MMTY": "Monterrey ACC, a sector of the Mexico FIR (MMFR)",
    "MMZT": "Mazatlan ACC, a sector of the Mexico FIR (MMFR); VATSpy also maps MMFO to it",
    "SBAO-N": "sector of Atlantico (inside SBAO)",
    "SBAO-NW": "sector of Atlantico (inside SBAO)",
    "SBAZ-C": "sector of Amazonica (inside SBAZ)",
    "SBAZ-CE": "sector of Amazonica (inside SBAZ)",
    "SBAZ-CW": "sector of Amazonica (inside SBAZ)",
    "SBAZ-E": "sector of Amazonica (inside SBAZ)",
    "SBAZ-W": "sector of Amazonica (inside SBAZ)",
    "SBBS-E": "sector of Brasilia (inside SBBS)",
    "SBBS-N": "sector of Brasilia (inside SBBS)",
    "SBBS-NE": "sector of Brasilia (inside SBBS)",
    "SBBS-NS": "sector of Brasilia (inside SBBS)",
    "SBBS-S": "sector of Brasilia (inside SBBS)",
    "SBBS-SE": "sector of Brasilia (inside SBBS)",
    "SBCW-CSW": "sector of Curitiba (inside SBCW)",
    "SBCW-CW": "sector of Curitiba (inside SBCW)",
    "SBCW-CWE": "sector of Curitiba (inside SBCW)",
    "SBCW-SW": "sector of Curitiba (inside SBCW)",
    "SBCW-W": "sector of Curitiba (inside SBCW)",
    "SBRE-N": "sector of Recife (inside SBRE)",
    "SBRE-NS": "sector of Recife (inside SBRE)",
    "SBRE-NW": "sector of Recife (inside SBRE)",
    "SBRE-S": "sector of Recife (inside SBRE)",
    "SBRE-SW": "sector of Recife (inside SBRE)",
    "SBRE-W": "sector of Recife (inside SBRE)",
    "SKCL": "Cali ACC sector, inside Bogota FIR (SKED)",
    "SKMD": "Medellin ACC sector, inside Bogota FIR (SKED)",
    "TTZO": "Piarco Oceanic: part of Piarco FIR, shipped inside TTZP",
    "MHCC": "shipped as MHTG (Central American FIR; VATSpy's id is CENAMER's ACC)",
    "KZNY/oceanic": "shipped as KZWY (New York Oceanic FIR)",
}

# Mazatlan Oceanic: not in the extract; its limits are its neighbours' (as in
# build: MMFR's limit at sea from 30N 120W to 11 30N 100W, 10N 104 30W of
# MHCC) and 05N 120W (VATSpy's own MMFO polygon until commit cb6a471).
MMFO_EXTRA = [(-104.5, 10.0), (-120.0, 5.0)]

# The Eastern Pacific's unassigned high-seas airspace (ICAO: NO FIR): a point
# of it, its west, east and north limits (120W, 90W, 10N 104 30W), and its
# area within the theatre (its south limit is Isla de Pascua's 15S 120W -
# 15S 90W, a geodesic that reaches 15.51S).
NO_FIR_POINT = (-105.0, -5.0)
NO_FIR_WEST_EAST_NORTH = (-120.0, -90.0, 10.0)
NO_FIR_KM2 = 7_834_439

# Places and the FIR each lies in (None: no FIR). Sources: positions from
# Wikipedia/GeoNames (islands) and airportsdata (MIT) for airports; FIR as
# VATSpy has it (nested or sector polygons resolved to the ICAO FIR).
PLACES = [
    ("Clipperton Island", 10.30, -109.22, "MMFO"),
    ("Cocos Island", 5.53, -87.06, "MHTG"),
    ("Malpelo Island", 4.00, -81.61, "SKED"),
    ("Socorro Island", 18.78, -110.97, "MMFO"),
    ("Galapagos (Santa Cruz)", -0.9, -89.6, "SEFG"),
    ("Bermuda", 32.36, -64.70, "KZWY"),
    ("Washington DC", 38.9, -77.03, "KZDC"),
    ("NO FIR (Eastern Pacific)", -5.0, -105.0, None),
    ("Caracas", 10.49, -66.88, "SVZM"),
    ("Port of Spain", 10.654, -61.519, "TTZP"),
    ("Willemstad", 12.108, -68.935, "TNCF"),
    ("Bogota", 4.711, -74.072, "SKED"),
    ("Barranquilla", 10.96, -74.80, "SKEC"),
    ("Georgetown", 6.80, -58.16, "SYGC"),
    ("Havana SKJ MUHA", 22.989, -82.409, "MUFH"),
    ("Miami MIA", 25.793, -80.291, "KZMA"),
    ("Nassau MYNN", 25.039, -77.466, "KZMA"),
    ("Houston IAH", 29.984, -95.341, "KZHU"),
    ("Los Angeles LAX", 33.942, -118.408, "KZLA"),
    ("Mexico City MMMX", 19.436, -99.072, "MMFR"),
    ("Guatemala City MGGT", 14.583, -90.527, "MHTG"),
    ("Panama Tocumen MPTO", 9.071, -79.383, "MPZL"),
    ("Quito SEQM", -0.129, -78.358, "SEFG"),
    ("Lima SPJC", -12.022, -77.114, "SPIM"),
    ("La Paz SLLP", -16.513, -68.192, "SLLF"),
    ("Arica SCAR", -18.348, -70.339, "SCFZ"),
    ("Asuncion SGAS", -25.240, -57.519, "SGFA"),
    ("Manaus SBEG", -3.039, -60.050, "SBAZ"),
    ("Brasilia SBBR", -15.871, -47.918, "SBBS"),
    ("Recife SBRF", -8.126, -34.923, "SBRE"),
    ("Fernando de Noronha SBFN", -3.855, -32.423, "SBRE"),
    ("Papeete NTAA", -17.553, -149.607, "NTTT"),
    ("Honolulu PHNL", 21.319, -157.922, "KZAK"),
    ("Ponta Delgada LPPD", 37.741, -25.698, "LPPO"),
    ("Kingston MKJP", 17.936, -76.788, "MKJK"),
    ("San Juan TJSJ", 18.439, -66.002, "TJZS"),
    ("Atlanta KATL", 33.637, -84.428, "KZTL"),
    ("Memphis KMEM", 35.042, -89.977, "KZME"),
    ("Dallas KDFW", 32.897, -97.038, "KZFW"),
    ("Albuquerque KABQ", 35.040, -106.609, "KZAB"),
    ("Jacksonville KJAX", 30.494, -81.688, "KZJX"),
    ("San Francisco KSFO", 37.619, -122.375, "KZOA"),
    ("New York KJFK", 40.640, -73.779, "KZNY"),
]


def area_km2(geom):
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6 if not geom.is_empty else 0.0


def length_km(geom):
    return GEOD.geometry_length(geom) / 1000 if not geom.is_empty else 0.0


def polygons(geom):
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    return [g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon"]


def boundary_segments(geom):
    segs = []
    for p in polygons(geom):
        for r in [p.exterior, *p.interiors]:
            c = list(r.coords)
            segs += [LineString([c[i], c[i + 1]]) for i in range(len(c) - 1)]
    return segs


def dist_to_boundary_km(p, tree, segs):
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


def open_sea(pts):
    """For each (lon, lat): True if it and 8 points 10 km around it are all
    ocean in GSHHG high (lakes count as land), by `gmt select`."""
    lons = np.repeat([p[0] for p in pts], 9)
    lats = np.repeat([p[1] for p in pts], 9)
    az = np.tile([0.0] + [45.0 * k for k in range(8)], len(pts))
    dist = np.tile([0.0] + [10000.0] * 8, len(pts))
    x, y, _ = GEOD.fwd(lons, lats, az, dist)
    text = "\n".join(f"{a:.7f} {b:.7f} {i // 9}" for i, (a, b) in enumerate(zip(x, y))) + "\n"
    out = subprocess.run(["gmt", "select", "-Ns/k/k/k/k", "-Dh", "-fg"], input=text,
                         capture_output=True, text=True, check=True).stdout
    on_land = {int(line.split()[2]) for line in out.splitlines() if line.strip()}
    return [i not in on_land for i in range(len(pts))]


def mmfo_reference(vat):
    ring = [tuple(c) for c in polygons(vat["MMFR"])[0].exterior.coords[:-1]]
    i, j = ring.index((-120.0, 30.0)), ring.index((-100.0, 11.5))
    n = len(ring)
    fwd = [ring[(i + k) % n] for k in range((j - i) % n + 1)]
    bwd = [ring[(i - k) % n] for k in range((i - j) % n + 1)]
    way = fwd if max(p[1] for p in fwd) <= 30.0 else bwd
    return Polygon(way + MMFO_EXTRA)


def reference(icao, vat):
    if icao == "MMFO":
        return mmfo_reference(vat), ["MMFR (limit at sea)", "MHCC", "KZAK"]
    ids = REFERENCE.get(icao, [icao])
    if not all(r in vat for r in ids):
        return None, ids
    ref = unary_union([vat[r] for r in ids])
    for c in CUT.get(icao, []):
        ref = ref.difference(vat[c])
    parts = polygons(ref)
    big = max(p.area for p in parts)
    ref = unary_union([p for p in parts if p.area > 0.01 * big])   # drop slivers of the cut
    return ref, ids + [f"-{c}" for c in CUT.get(icao, [])]


def main():
    fir_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "GeoData/fir"
    geo_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared/geodata"
    results = []

    def report(name, ok, text):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'} {name}: {text}")

    extract = json.loads((geo_dir / "fir_vatspy_theatre.geojson").read_text(encoding="utf-8"))
    vat = {}
    for f in extract["features"]:
        p = f["properties"]
        key = p["id"] + ("/oceanic" if p["id"] == "KZNY" and p["oceanic"] == "1" else "")
        vat[key] = shape(f["geometry"])
    coverage = json.loads((ROOT / "GeoData/coverage.json").read_text(encoding="utf-8"))["theatre"]
    theatre = box(coverage["west"], coverage["south"], coverage["east"], coverage["north"])

    firs, props, vertex_km = {}, {}, {}
    for path in sorted(fir_dir.glob("*.geojson")):
        icao = path.stem
        text = path.read_text(encoding="utf-8")
        fc = json.loads(text)
        feats = fc.get("features", [])
        pr = feats[0].get("properties", {}) if len(feats) == 1 else {}
        geom = shape(feats[0]["geometry"]) if len(feats) == 1 else Polygon()
        decimals = max((len(m) for m in re.findall(r"\.(\d+)", text.split('"geometry"', 1)[-1])),
                       default=0)
        acc_ok = all(isinstance(pr.get(k), (int, float)) and not isinstance(pr.get(k), bool)
                     and pr.get(k) >= 100 for k in ("accuracy_sea_m", "accuracy_land_m"))
        ok = (fc.get("type") == "FeatureCollection" and len(feats) == 1
              and set(pr) == PROPS and pr.get("kind") == "FIR"
              and pr.get("id") == icao == pr.get("icao") and acc_ok
              and geom.geom_type in ("Polygon", "MultiPolygon") and decimals <= 7)
        report(f"{icao} format", ok, f"{geom.geom_type}, properties {sorted(pr)}, "
               f"accuracy sea {pr.get('accuracy_sea_m')} m land {pr.get('accuracy_land_m')} m, "
               f"max {decimals} decimals, version {pr.get('version')}")
        firs[icao], props[icao] = geom, pr

        parts = polygons(geom)
        orient_ok = all(p.exterior.is_ccw and not any(r.is_ccw for r in p.interiors) for p in parts)
        span_ok = all(-180 <= p.bounds[0] and p.bounds[2] <= 180 and p.bounds[2] - p.bounds[0] < 180
                      for p in parts)
        nv = sum(len(r.coords) - 1 for p in parts for r in [p.exterior, *p.interiors])
        report(f"{icao} valid", geom.is_valid and orient_ok and span_ok,
               f"is_valid={geom.is_valid}, RFC 7946 orientation={orient_ok}, "
               f"{len(parts)} part(s) within +-180 and < 180 degrees wide={span_ok}, {nv} vertices")

        ref, ids = reference(icao, vat)
        if ref is None:
            report(f"{icao} area", False, f"no VATSpy reference {ids}")
            continue
        a, b = area_km2(geom), area_km2(ref)
        diff = (a - b) / b
        report(f"{icao} area", abs(diff) <= AREA_TOL,
               f"ours {a:,.0f} km2, VATSpy {' '.join(ids)} {b:,.0f} km2, "
               f"diff {diff * 100:+.2f} % (limit {AREA_TOL * 100:.0f} %)")

        segs = boundary_segments(geom)
        tree = STRtree(segs)
        vpts = sorted({tuple(c) for p in polygons(ref) for c in list(p.exterior.coords)[:-1]})
        d = np.array([dist_to_boundary_km(p, tree, segs) for p in vpts])
        k = int(np.argmax(d))
        vertex_km[icao] = (vpts, d)
        report(f"{icao} vertices", d.max() <= VERTEX_TOL_KM,
               f"{len(vpts)} VATSpy vertices: {np.mean(d <= SEA_KM) * 100:.0f} % within "
               f"{SEA_KM * 1000:.0f} m of our boundary, median {np.median(d):.2f} km, "
               f"max {d.max():.2f} km at {vpts[k][1]:.3f},{vpts[k][0]:.3f} "
               f"(limit {VERTEX_TOL_KM:.0f} km)")

    # --- sea: VATSpy's vertices at sea within the FIR's stated accuracy ---------
    allpts = sorted({p for vpts, _ in vertex_km.values() for p in vpts})
    sea = dict(zip(allpts, open_sea(allpts)))
    for icao, (vpts, d) in sorted(vertex_km.items()):
        at_sea = [(p, km) for p, km in zip(vpts, d) if sea[p]]
        acc = props[icao].get("accuracy_sea_m")
        acc = acc if isinstance(acc, (int, float)) else 0     # missing: the format check failed
        limit = max(SEA_KM, acc / 1000)
        worst = max(at_sea, key=lambda t: t[1], default=(None, 0.0))
        report(f"{icao} sea", worst[1] <= limit,
               f"{len(at_sea)} VATSpy vertices at sea, "
               f"{sum(km <= SEA_KM for _, km in at_sea)} within {SEA_KM * 1000:.0f} m of our boundary, max "
               f"{worst[1]:.2f} km" + (f" at {worst[0][1]:.3f},{worst[0][0]:.3f}" if worst[0] else "")
               + f" (limit: accuracy_sea_m {acc:,} m)")

    # --- inputs: the build's VATSpy points are VATSpy's --------------------------
    import fir_points_vatspy as constants
    bad = []
    for key, rings in constants.RINGS.items():
        want = [[(round(x, 7), round(y, 7)) for x, y in p.exterior.coords[:-1]]
                for p in polygons(vat.get(key, Polygon()))]
        if rings != want:
            bad.append(key)
    n_pts = sum(len(r) for rings in constants.RINGS.values() for r in rings)
    report("inputs", not bad, f"fir_points_vatspy.py: {len(constants.RINGS)} VATSpy polygons, "
           f"{n_pts} points, equal to the extract" + (f"; differ: {bad}" if bad else ""))

    # --- coverage: every ICAO FIR of the extract shipped ------------------------
    shipped_from = {}
    for icao in firs:
        for r in REFERENCE.get(icao, [icao]):
            if r in vat:
                shipped_from[r] = icao
    missing = sorted(k for k in vat if k not in shipped_from and k not in DROPPED)
    unexplained = sorted(k for k in firs if k != "MMFO" and not any(
        r in vat for r in REFERENCE.get(k, [k])))
    dropped_shipped = sorted(k for k in DROPPED if k in firs)
    report("coverage", not missing and not unexplained and not dropped_shipped,
           f"{len(vat)} VATSpy polygons: {len(shipped_from)} make {len(firs) - 1} of the {len(firs)} "
           f"FIRs shipped (MMFO is derived), {len(DROPPED)} are not shipped as such (sectors, ACCs, "
           f"parts or other names of shipped FIRs: see DROPPED)"
           + (f"; neither shipped nor explained: {missing}" if missing else "")
           + (f"; files without a VATSpy reference: {unexplained}" if unexplained else "")
           + (f"; dropped but shipped: {dropped_shipped}" if dropped_shipped else ""))

    # --- overlaps ----------------------------------------------------------------
    names = sorted(firs)
    tree = STRtree([firs[n] for n in names])
    worst, n_pairs = (0.0, None), 0
    for i, a in enumerate(names):
        for j in tree.query(firs[a]):
            b = names[j]
            if b <= a:
                continue
            n_pairs += 1
            ov = area_km2(firs[a].intersection(firs[b]))
            if ov > worst[0]:
                worst = (ov, f"{a}/{b}")
    report("overlap", worst[0] <= OVERLAP_KM2,
           f"{n_pairs} pairs that meet, largest overlap {worst[0]:.6f} km2"
           + (f" ({worst[1]})" if worst[1] else "") + f" (limit {OVERLAP_KM2} km2)")

    # --- the theatre: every point in exactly one FIR, NO FIR aside ---------------
    union = unary_union(list(firs.values()))
    gaps = theatre.difference(union)
    pieces = sorted(polygons(gaps), key=lambda g: -g.area)
    no_fir = [g for g in pieces if g.contains(Point(NO_FIR_POINT))]
    other = [g for g in pieces if not g.contains(Point(NO_FIR_POINT)) and area_km2(g) > OVERLAP_KM2]
    nf_ok = (len(no_fir) == 1
             and all(abs(u - v) < 1e-6 for u, v in zip(
                 (no_fir[0].bounds[0], no_fir[0].bounds[2], no_fir[0].bounds[3]), NO_FIR_WEST_EAST_NORTH))
             and abs(area_km2(no_fir[0]) / NO_FIR_KM2 - 1) < 0.001)
    report("theatre", nf_ok and not other,
           f"theatre {coverage['name'].split(' (')[0]} ({area_km2(theatre):,.0f} km2): "
           f"in no FIR only the Eastern Pacific's unassigned airspace (NO FIR), "
           + (f"{area_km2(no_fir[0]):,.0f} km2 (expected {NO_FIR_KM2:,} +-0.1 %) within "
              f"{tuple(round(v, 4) for v in no_fir[0].bounds)}" if no_fir else "not found")
           + f"; other pieces in no FIR larger than {OVERLAP_KM2} km2: {len(other)}"
           + (f", largest {area_km2(other[0]):,.3f} km2 near {other[0].centroid.y:.3f},"
              f"{other[0].centroid.x:.3f}" if other else ""))

    holes = [Polygon(r) for p in polygons(union) for r in p.interiors]
    big = [h for h in holes if area_km2(h) > OVERLAP_KM2 and not h.contains(Point(NO_FIR_POINT))]
    report("holes", not big,
           f"union of {len(firs)} FIRs: {len(holes)} interior holes, NO FIR "
           f"{'among them' if any(h.contains(Point(NO_FIR_POINT)) for h in holes) else 'not one'}; "
           f"{len(big)} other larger than {OVERLAP_KM2} km2"
           + (f", largest {area_km2(big[0]):,.3f} km2 near {big[0].centroid.y:.3f},"
              f"{big[0].centroid.x:.3f}" if big else ""))

    # --- shared lines: vertex for vertex ------------------------------------------
    verts = {n: {tuple(c) for p in polygons(g) for r in [p.exterior, *p.interiors] for c in r.coords}
             for n, g in firs.items()}
    t_junctions = []
    for b in names:
        segs = boundary_segments(firs[b])
        stree = STRtree(segs)
        for a in names:
            if a == b or not firs[a].intersects(firs[b]):
                continue
            cand = [v for v in verts[a] if v not in verts[b]]
            if not cand:
                continue
            pts = shapely.points(np.array(cand))
            idx, dist = stree.query_nearest(pts, return_distance=True, all_matches=False)
            for k in np.nonzero(dist < ON_LINE_DEG)[0]:
                t_junctions.append((a, b, cand[idx[0][k]]))
    pairs = []
    for a, b in combinations(names, 2):
        if not firs[a].intersects(firs[b]):
            continue
        ba, bb = firs[a].boundary, firs[b].boundary
        exact = length_km(ba.intersection(bb))
        if exact == 0:
            continue
        near_a = length_km(ba.intersection(bb.buffer(NEAR_DEG)))
        near_b = length_km(bb.intersection(ba.buffer(NEAR_DEG)))
        pairs.append((a, b, exact, (near_a - exact) + (near_b - exact)))
    bad = [p for p in pairs if p[3] > SHARED_TOL_KM]
    worst = max(pairs, key=lambda p: p[3])
    report("shared", not bad and not t_junctions,
           f"{len(pairs)} neighbour pairs, {sum(p[2] for p in pairs):,.0f} km of shared lines; "
           f"vertices of one FIR on another's line but not its vertex: {len(t_junctions)}"
           + (f" (e.g. {t_junctions[0]})" if t_junctions else "")
           + f"; largest length near but not on the neighbour's line {worst[3]:.2f} km "
           f"({worst[0]}/{worst[1]}) (limit {SHARED_TOL_KM:.0f} km)")
    for a, b, e, g in bad:
        print(f"     {a}/{b}: {g:.2f} km near but not on the shared line")

    # --- places ------------------------------------------------------------------
    wrong = []
    for name, lat, lon, want in PLACES:
        pt = Point(lon, lat)
        got = sorted(n for n, g in firs.items() if g.covers(pt))
        in_vat = sorted(k for k, g in vat.items() if g.covers(pt))
        ok = got == ([want] if want else [])
        if not ok:
            wrong.append(name)
        print(f"     {name} ({lat:.3f},{lon:.3f}): {', '.join(got) or 'no FIR'}"
              f"{'' if ok else f' (expected {want})'}; VATSpy: {', '.join(in_vat) or 'none'}")
    report("places", not wrong, f"{len(PLACES)} places each in the expected FIR (or none)"
           + (f"; wrong: {wrong}" if wrong else ""))

    passed = sum(results)
    print(f"firs: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
