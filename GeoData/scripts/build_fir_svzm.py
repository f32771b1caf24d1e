#!/usr/bin/env python3
"""Build the Maiquetía FIR (ICAO SVZM) polygon -> GeoData/fir/SVZM.geojson.

Inputs (nothing is copied from any other FIR dataset):
  * the 13 points of the boundary at sea (constants below), and
  * Venezuela's land borders with Guyana (de facto line), Brazil and Colombia,
    taken from DCW-GMT 2.1.1 (Debian package `gmt-dcw`, LGPL-3+), read with
    `gmt coast -E<code> -M` (Debian package `gmt`).

Construction: the Venezuela mainland ring of DCW is cut at the two coastal
termini of its land border (Punta Playa on the Guyana side, Castilletes on the
Colombia side); the part in between that runs inland (Guyana -> Brazil ->
Colombia) is kept vertex for vertex. The sea chain runs from the Castilletes
terminus through the 13 points to the Punta Playa terminus; every sea edge is a
great-circle (WGS84 geodesic) segment densified at <= 5 km spacing.

Usage: build_fir_svzm.py [OUTPUT]   (default: GeoData/fir/SVZM.geojson)
Needs: python3, shapely, pyproj, and `gmt` with the DCW file.
"""
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
from pyproj import Geod
from shapely import distance, points
from shapely.geometry import MultiLineString, Polygon
from shapely.geometry.polygon import orient

# Bump when an input or the method changes (kept constant so that re-running
# reproduces the output byte for byte).
VERSION = "2026-11-29"

# The 13 points of SVZM's boundary at sea, in order from the Gulf of Venezuela
# (west) to the Guyana coast (east). Authority: Venezuela AIP ENR 2.1 (FIR
# Maiquetía) / ICAO CAR/SAM air navigation plan. Values are the round DMS
# figures of those definitions: (lat_deg, lat_min, lat_sec, lon_deg, lon_min,
# lon_sec), north latitude, west longitude.
SEA_POINTS_DMS = [
    (12, 0, 0, 71, 0, 0),
    (12, 30, 0, 71, 25, 0),
    (12, 30, 0, 70, 30, 0),
    (11, 24, 0, 67, 58, 0),
    (15, 41, 0, 67, 4, 0),
    (15, 0, 0, 65, 0, 0),
    (11, 0, 0, 62, 30, 0),
    (10, 44, 0, 61, 47, 0),
    (10, 5, 6, 62, 3, 28),
    (9, 59, 23, 61, 55, 40),
    (9, 59, 23, 61, 27, 57),
    (8, 55, 0, 59, 57, 0),
    (8, 55, 0, 60, 15, 0),
]

MAX_SPACING_M = 5000.0  # densification of geodesic sea edges
NODE_TOL_DEG = 0.001    # ~110 m: a VE vertex on a neighbour's outline is "border"
DECIMALS = 7
GEOD = Geod(ellps="WGS84")
ROOT = Path(__file__).resolve().parents[2]


def dms_to_lonlat(p):
    lat = p[0] + p[1] / 60 + p[2] / 3600
    lon = -(p[3] + p[4] / 60 + p[5] / 3600)
    return lon, lat


def dcw_segments(code):
    """All polygon rings of one DCW country, as lists of (lon, lat).

    `-R` makes gmt print longitudes in -180..180; it does not clip here since
    every country read lies inside it.
    """
    out = subprocess.run(
        ["gmt", "coast", f"-E{code}", "-M", "-R-90/-40/-10/25"],
        check=True, capture_output=True, text=True).stdout
    segs = []
    for line in out.splitlines():
        if line.startswith(">"):
            segs.append([])
        elif line.strip():
            x, y = line.split()[:2]
            segs[-1].append((float(x), float(y)))
    return segs


def longest_run(flags):
    """(first, last) index of the longest run of True in the cyclic list flags."""
    n = len(flags)
    start = next(i for i in range(n) if not flags[i]) + 1   # so no run wraps
    best, cur = (0, None), (0, None)                        # (length, first index)
    for k in range(n):
        i = (start + k) % n
        cur = (cur[0] + 1, cur[1] if cur[0] else i) if flags[i] else (0, None)
        best = max(best, cur, key=lambda r: r[0])
    return best[1], (best[1] + best[0] - 1) % n


def land_border():
    """Venezuela's land border, Punta Playa -> Guyana -> Brazil -> Colombia
    -> Castilletes, cut from the DCW Venezuela mainland ring.

    A VE vertex within NODE_TOL_DEG of a neighbour's outline is on the border
    with it; the longest such runs for Guyana and Colombia end at the coastal
    termini (DCW repeats the vertex there: a node). Between the two runs the
    ring follows the Brazil border (VE's and BR's DCW lines differ by up to
    ~25 km there, so BR only serves to pick the inland direction; the VE line
    is the one used, and the one closer to VATSpy's).
    """
    ring = max(dcw_segments("VE"), key=len)   # the mainland
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    outlines = {c: MultiLineString(dcw_segments(c)) for c in ("GY", "BR", "CO")}
    for _ in range(2):
        n = len(ring)
        pts = points(ring)
        near = {c: distance(pts, g) for c, g in outlines.items()}
        gy = longest_run(near["GY"] < NODE_TOL_DEG)
        co = longest_run(near["CO"] < NODE_TOL_DEG)
        border = [(gy[0] + k) % n for k in range((co[1] - gy[0]) % n + 1)]
        between = [(gy[1] + k) % n for k in range((co[0] - gy[1]) % n + 1)]
        # inland (Brazil) rather than along the coast: the ring runs this way
        if float(np.median(near["BR"][between])) < 0.05:
            line = [ring[i] for i in border]
            # DCW repeats a vertex at nodes: drop consecutive duplicates
            return [p for k, p in enumerate(line) if k == 0 or p != line[k - 1]]
        ring.reverse()
    raise SystemExit("could not find Venezuela's land border in DCW")


def geodesic_edge(a, b):
    """Points strictly between a and b on the geodesic, <= MAX_SPACING_M apart."""
    _, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    n = math.ceil(dist / MAX_SPACING_M) - 1
    return GEOD.npts(a[0], a[1], b[0], b[1], n) if n > 0 else []


def build():
    border = land_border()          # Punta Playa ... Castilletes
    sea = [dms_to_lonlat(p) for p in SEA_POINTS_DMS]
    chain = [border[-1]] + sea + [border[0]]   # Castilletes -> 13 points -> Punta Playa
    ring = []
    for a, b in zip(chain[:-1], chain[1:]):
        ring.append(a)
        ring.extend(geodesic_edge(a, b))
    ring.extend(border)             # Punta Playa ... Castilletes (closes the ring)

    rounded = []
    for x, y in ring:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not rounded or p != rounded[-1]:
            rounded.append(p)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    poly = orient(Polygon(rounded), sign=1.0)   # exterior counter-clockwise (RFC 7946)
    if not poly.is_valid:
        raise SystemExit("SVZM polygon is not valid")
    return poly, len(border)


def fmt(v):
    """Fixed-precision number text without trailing zeros (deterministic)."""
    s = f"{v:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def to_geojson(poly):
    coords = ",".join(f"[{fmt(x)},{fmt(y)}]" for x, y in poly.exterior.coords)
    props = {
        "id": "SVZM",
        "icao": "SVZM",
        "name": "Maiquetía",
        "kind": "FIR",
        "source": "Venezuela AIP ENR 2.1 / ICAO CAR/SAM (13 sea points); "
                  "DCW-GMT 2.1.1 (Debian gmt-dcw, LGPL-3+) land borders with GY, BR, CO",
        "method": "DCW Venezuela border from Punta Playa to Castilletes; sea edges "
                  "WGS84 geodesics densified at <= 5 km; built by "
                  "GeoData/scripts/build_fir_svzm.py",
        "version": VERSION,
        # how far the lines may be from the real ones, metres: at sea (the
        # AIP's round points), over land (DCW's borders at 1:1M)
        "accuracy_sea_m": 100,
        "accuracy_land_m": 5000,
    }
    return ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
            + json.dumps(props, ensure_ascii=False, separators=(",", ":"))
            + ',"geometry":{"type":"Polygon","coordinates":[[' + coords + "]]}}]}\n")


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "GeoData/fir/SVZM.geojson"
    poly, n_border = build()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_geojson(poly), encoding="utf-8")
    area, perim = GEOD.geometry_area_perimeter(poly)
    print(f"wrote {out}: {len(poly.exterior.coords) - 1} vertices "
          f"({n_border} from DCW border), area {abs(area) / 1e6:,.0f} km2, "
          f"perimeter {perim / 1e3:,.0f} km")


if __name__ == "__main__":
    main()
