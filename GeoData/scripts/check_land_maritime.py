#!/usr/bin/env python3
"""Check GeoData/land/land.geojson, internal_waters.geojson and maritime.geojson.

Usage: check_land_maritime.py [GEODATA_DIR] [SHARED_GEODATA_DIR]
       (defaults: the GeoData directory of this repository, ../shared/geodata)

The theatre and the land frame are read from GEODATA_DIR/coverage.json.

Land: validity and orientation; properties; one feature per state; Venezuela's
area against the reference (land_gshhg_f_by_country.geojson, GSHHG full:
914,933 km2) and every listed state's area against it (skipped, with a
message, when the reference is missing); the layer's coast against GSHHG full
across the theatre (skipped when Debian's gmt-gshhg-full is not installed);
every named island group of the theatre is present and its state's (each
within a few km of its cited position, and no other state's land nearer);
airports of every state (airportsdata, cited below) on or within 1 km of that
state's land and of no other state's; Lake Maracaibo and the Gulf of Paria are
water.

Maritime: RFC 7946 (counter-clockwise exteriors, at most 7 decimals, no ring
spanning 180 degrees of longitude), GEOS validity (shapely's GEOS and, when
found, the system libgeos_c the Swift library links), properties, no empty
geometry, everything inside the theatre; overlaps between features, zones over
land and over the internal waters (each < 0.05 km2 in all); the tiling: land,
internal waters and zones cover the theatre but for the high seas (what is
left must lie beyond 200 nm) with gaps < 0.05 km2 in all, and the areas add
up; zone-line accuracy: points sampled along every feature's outline, with
their exact geodesic distance to each state's coast (the land layer's coast
densified to ~50 m, k-d tree candidates, WGS84 geod_inverse), must lie at 12,
24 or 200 nm (outer lines) or at equal distance from two states (median
lines); random points of the theatre must fall in the feature of their nearest
state and distance band. Points within 2 km of a land border, of the internal
waters or of the theatre's frame are left out of the line checks (there the
zones are cut, not measured).

This is an independent implementation (it shares no code with
build_maritime.py or build_land.py): the coast model, the sampling, the
island list and the tolerances are its own.
Final line: `land-maritime: N passed, N failed`; exit status 1 on failure.
"""
import ctypes
import ctypes.util
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import shapely
import shapely.ops
from pyproj import Geod
from scipy.spatial import cKDTree
from shapely.geometry import Point, box, shape

GEOD = Geod(ellps="WGS84")
A_WGS84, E2 = 6378137.0, (1 / 298.257223563) * (2 - 1 / 298.257223563)
NM = 1852.0
DEBUG = False
ROOT = Path(__file__).resolve().parents[2]
DOMAIN = REGION = None                # set from coverage.json in main()
VEN_REF_KM2 = 914933.0
LIMITS = {"territorial-sea": 12 * NM, "contiguous-zone": 24 * NM, "eez": 200 * NM}
INNER = {"territorial-sea": 0.0, "contiguous-zone": 12 * NM, "eez": 24 * NM}
# Largest |error| allowed on a zone line (metres). The builder aims at 15 m
# between vertices (5 m on median lines); the layer is for display: a position's
# answer is computed exactly at run time, not from these polygons.
LINE_TOL_M = {"territorial-sea": 20.0, "contiguous-zone": 20.0, "eez": 20.0}
MEDIAN_TOL_M = 15.0                # largest |d_other - d_own| / 2 on a median line
MEDIAN_P99_M = 10.0
NOISE_KM2 = 0.05                   # overlaps / land / internal waters / gaps, in all
RANDOM_POINTS = 8000
COAST_SPACING_DEG = 0.00045        # ~50 m
# The layer's coast against GSHHG full (metres): 99th and 99.9th percentiles of the
# distance from points every ~50 m along the coast to the full shoreline
# (GSHHG high vs full measured at p99 157 m, p99.9 192 m: measure_coast_accuracy.py).
FULL_P99_M, FULL_P999_M = 250.0, 500.0

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
# Island groups of the theatre (name, lat, lon, state, km): the state's land must
# come within `km` of the position and be the nearest land to it. Positions: the
# published ones (English Wikipedia article of that name, consulted 2026-11) for
# the remote groups, to the minute unless more is given; approximate ones (to
# the minute) for the near-shore groups, which test attribution, not position.
# `km` allows for that and for banks whose published position is their centre.
# Attribution: see land/land.md (ICJ 2007 and 2012, the 1931 Clipperton award,
# ISO 3166-2:UM).
ISLAND_GROUPS = [
    ("Clipperton Island", 10.3, -109.2167, "CPT", 3),
    ("Cocos Island", 5.5281, -87.0611, "CRI", 3),
    ("Malpelo Island", 4.0033, -81.6076, "COL", 3),
    ("Socorro (Revillagigedo)", 18.8, -110.9833, "MEX", 5),
    ("Clarión (Revillagigedo)", 18.35, -114.7333, "MEX", 5),
    ("San Benedicto (Revillagigedo)", 19.3, -110.8167, "MEX", 5),
    ("Roca Partida (Revillagigedo)", 19.0007, -112.0682, "MEX", 1),
    ("Rocas Alijos", 24.9508, -115.7486, "MEX", 1),
    ("Isla Guadalupe", 29.0333, -118.2833, "MEX", 5),
    ("Galápagos: Isabela", -0.8333, -91.1333, "ECU", 5),
    ("Galápagos: Darwin", 1.6783, -92.0022, "ECU", 3),
    ("Galápagos: San Cristóbal", -0.8667, -89.4333, "ECU", 5),
    ("Bermuda", 32.3078, -64.7505, "BMU", 3),
    ("San Andrés", 12.5833, -81.7, "COL", 3),
    ("Providencia", 13.35, -81.3667, "COL", 3),
    ("Alburquerque Cays", 12.1667, -81.85, "COL", 1),
    ("Roncador Cay", 13.5667, -80.0833, "COL", 5),
    ("Serrana Bank", 14.2833, -80.3833, "COL", 5),
    ("Serranilla Bank", 15.8333, -79.8333, "COL", 6),
    ("Bajo Nuevo Bank", 15.8833, -78.6333, "COL", 5),
    ("Navassa Island", 18.4028, -75.0125, "UMI", 3),
    ("Isla de Aves", 15.6733, -63.6166, "VEN", 1),
    ("Los Monjes", 12.3641, -70.9042, "VEN", 1),
    ("Swan Islands", 17.4167, -83.9333, "HND", 3),
    ("Cay Sal (Cay Sal Bank)", 23.7, -80.4, "BHS", 3),
    ("Morant Cays", 17.4, -75.9833, "JAM", 3),
    ("Pedro Cays", 17.0, -77.8333, "JAM", 5),
    ("Sombrero", 18.6, -63.4167, "AIA", 3),
    ("Redonda", 16.9389, -62.3458, "ATG", 3),
    ("Isla Mona", 18.0833, -67.8917, "PRI", 5),
    ("Corn Islands", 12.1667, -83.05, "NIC", 5),
    ("Sapodilla Cays", 16.1167, -88.2667, "BLZ", 3),
    ("Alacranes Reef", 22.5, -89.7, "MEX", 10),
    ("Dry Tortugas", 24.6286, -82.8733, "USA", 3),
    ("Grand Cayman", 19.3, -81.25, "CYM", 5),
    ("Coiba", 7.45, -81.7667, "PAN", 5),
    ("Gorgona", 2.9667, -78.1833, "COL", 5),
    ("Isla de la Plata", -1.2667, -81.0667, "ECU", 5),
    ("Trinidad", 10.45, -61.25, "TTO", 5),
]
# Airports (ICAO, lat, lon, state): from PyPI airportsdata 20260905 (MIT). Each
# must be on or within 1 km of its state's land and nearer to it than to any
# other state's (small-island airports lie ~100 m off GSHHG's coast).
AIRPORTS = [
    ("SEGS", -0.4538, -90.2659, "ECU"), ("SEST", -0.9102, -89.6174, "ECU"),
    ("TXKF", 32.364, -64.6787, "BMU"), ("SKSP", 12.5836, -81.7112, "COL"),
    ("SKPV", 13.3569, -81.3583, "COL"), ("SVRS", 11.95, -66.67, "VEN"),
    ("TGPY", 12.0042, -61.7862, "GRD"), ("MYNN", 25.039, -77.4662, "BHS"),
    ("MUHA", 22.9892, -82.4091, "CUB"), ("KMIA", 25.7954, -80.2901, "USA"),
    ("KEYW", 24.5561, -81.76, "USA"), ("MMMX", 19.4363, -99.0721, "MEX"),
    ("MPTO", 9.0714, -79.3835, "PAN"), ("SPJC", -12.0219, -77.1143, "PER"),
    ("SEQM", -0.1292, -78.3575, "ECU"), ("MROC", 9.9939, -84.2088, "CRI"),
    ("MNMG", 12.1415, -86.1682, "NIC"), ("MHTG", 14.0609, -87.2172, "HND"),
    ("MGGT", 14.5833, -90.5275, "GTM"), ("MZBZ", 17.5391, -88.3082, "BLZ"),
    ("MSLP", 13.4409, -89.0557, "SLV"), ("MKJP", 17.9357, -76.7875, "JAM"),
    ("MWCR", 19.2928, -81.3577, "CYM"), ("MTPP", 18.58, -72.2925, "HTI"),
    ("MDSD", 18.4297, -69.6689, "DOM"), ("TJSJ", 18.4394, -66.0021, "PRI"),
    ("TIST", 18.3373, -64.9733, "VIR"), ("TUPJ", 18.4448, -64.543, "VGB"),
    ("TQPF", 18.2048, -63.0551, "AIA"), ("TNCM", 18.041, -63.1089, "SXM"),
    ("TFFG", 18.0999, -63.0472, "MAF"), ("TFFJ", 17.9044, -62.8436, "BLM"),
    ("TNCE", 17.4965, -62.9794, "BES"), ("TNCB", 12.131, -68.2685, "BES"),
    ("TKPK", 17.3112, -62.7187, "KNA"), ("TAPA", 17.1367, -61.7927, "ATG"),
    ("TRPG", 16.7914, -62.1933, "MSR"), ("TFFR", 16.2653, -61.5318, "GLP"),
    ("TDPD", 15.547, -61.3, "DMA"), ("TFFF", 14.591, -61.0032, "MTQ"),
    ("TLPL", 13.7332, -60.9526, "LCA"), ("TVSA", 13.16, -61.1487, "VCT"),
    ("TBPB", 13.0746, -59.4925, "BRB"), ("TTPP", 10.5954, -61.3372, "TTO"),
    ("TNCC", 12.1889, -68.9598, "CUW"), ("TNCA", 12.5014, -70.0152, "ABW"),
    ("SVMI", 10.6031, -66.9906, "VEN"), ("SYCJ", 6.4985, -58.2541, "GUY"),
    ("SMJP", 5.4528, -55.1878, "SUR"), ("SOCA", 4.8198, -52.3604, "GUF"),
    ("SBBE", -1.3793, -48.4763, "BRA"), ("SBSV", -12.9086, -38.3229, "BRA"),
    ("SKBO", 4.7016, -74.1469, "COL"), ("SLLP", -16.5133, -68.1923, "BOL"),
    ("SCAR", -18.3485, -70.3387, "CHL"), ("MBPV", 21.7736, -72.2659, "TCA"),
    ("KLAX", 33.9425, -118.408, "USA"), ("MMTJ", 32.5411, -116.97, "MEX"),
    ("MMLP", 24.0727, -110.362, "MEX"), ("MMUN", 21.0365, -86.8771, "MEX"),
    ("SEMT", -0.9461, -80.6788, "ECU"), ("MRLM", 9.958, -83.022, "CRI"),
    ("MNPC", 14.0472, -83.3867, "NIC"), ("MHRO", 16.3168, -86.523, "HND"),
    ("MGPB", 15.7309, -88.5838, "GTM"), ("SPRU", -8.0814, -79.1088, "PER"),
    ("MYGF", 26.5587, -78.6956, "BHS"), ("KMSY", 29.9933, -90.259, "USA"),
]
# Landlocked or outside the theatre's sea: no maritime zones expected.
NO_ZONES = {"ARG", "BOL", "PRY"}
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
WATER = [("Lake Maracaibo", 9.80, -71.60), ("Gulf of Paria", 10.40, -62.00),
         ("Gulf of Mexico", 25.0, -90.0), ("Gulf of California", 27.0, -111.0)]

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""), flush=True)


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["features"]


def km2(geom):
    """Area (km2) of a lon/lat geometry whose edges are straight in lon/lat (as
    GEOS and GeoJSON read them). Large polygons: WGS84 geodesic area after
    densifying every edge to 0.01 degree (a long edge, such as the theatre's
    frame along a parallel, would otherwise be taken as a geodesic: 85 degrees
    along 35N bulge ~10 degrees north). Polygons under 1e-3 square degree
    (slivers): their planar area scaled at their latitude, which a sliver's
    long thin shape cannot upset (densified geodesic areas of two nearly
    coincident edges differ by the chords' bulges, ~1e3 m2 per edge)."""
    total = 0.0
    for p in shapely.get_parts(geom):
        for q in shapely.get_parts(p):
            if q.geom_type != "Polygon" or q.area == 0:
                continue
            if q.area < 1e-3:
                # WGS84 meridional (m) and prime-vertical (n) radii at the centroid
                phi = np.radians(q.centroid.y)
                w2 = 1 - E2 * np.sin(phi) ** 2
                m, n = A_WGS84 * (1 - E2) / w2 ** 1.5, A_WGS84 / np.sqrt(w2)
                total += q.area * np.radians(1.0) ** 2 * m * n * np.cos(phi) / 1e6
            else:
                total += abs(GEOD.geometry_area_perimeter(shapely.segmentize(q, 0.01))[0]) / 1e6
    return total


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

    def nearest_any(self, xy):
        """Exact distance (m) from each point to the nearest coast, and its state."""
        near, d = self.nearest_states(xy, 1)
        return d[:, 0], near[:, 0]

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


def check_land(land, lf, shared, coast):
    bad = [f["properties"]["id"] for f in lf if not shape(f["geometry"]).is_valid]
    check("land: all geometries valid (GEOS isValid)", not bad, ", ".join(bad))
    ccw = all(shapely.is_ccw(p.exterior) and not any(shapely.is_ccw(r) for r in p.interiors)
              for f in lf for p in shape(f["geometry"]).geoms)
    check("land: exteriors counter-clockwise, holes clockwise", ccw)
    keys = {"id", "name", "source", "method", "version"}
    check("land properties", all(keys <= set(f["properties"]) for f in lf))
    geoms = [land[f["properties"]["id"]] for f in lf]
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    over = sum(km2(shapely.intersection(geoms[i], geoms[j])) for i, j in zip(a, b) if i < j)
    check(f"land: overlaps between states' features < {NOISE_KM2} km2 in all", over < NOISE_KM2,
          f"{over * 1e6:,.0f} m2 (floating noise along land borders: each state is snapped "
          "to 1e-7 degree on its own)")
    ids = [f["properties"]["id"] for f in lf]
    check("land: one feature per state, ISO-style alpha-3 ids", len(ids) == len(set(ids))
          and all(re.fullmatch(r"[A-Z]{3}", i) for i in ids), f"{len(ids)} features")
    xy = np.vstack([shapely.get_coordinates(g) for g in land.values()])
    w, s_, e, n = DOMAIN
    check("land: inside the land frame of coverage.json",
          ((xy[:, 0] >= w) & (xy[:, 0] <= e) & (xy[:, 1] >= s_) & (xy[:, 1] <= n)).all(),
          f"frame {DOMAIN}")

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

    check_island_groups(land)
    check_airports(land)
    check_against_full(coast)
    for name, lat, lon in ISLANDS:
        check(f"on VEN land: {name} {lat}N {lon}", land["VEN"].contains(Point(lon, lat)))
    for name, lat, lon, sid in OTHERS:
        check(f"on {sid} land: {name}", land[sid].contains(Point(lon, lat)))
    for name, lat, lon in WATER:
        p = Point(lon, lat)
        check(f"water, not land: {name}", not any(g.contains(p) for g in land.values()))


def nearest_land(land, lon, lat, within_deg=0.5):
    """[(km, state)] of the states with land within `within_deg` of the point,
    nearest first (geodesic distance to the nearest point of each)."""
    p = Point(lon, lat)
    out = []
    for sid, g in land.items():
        if not g.envelope.buffer(within_deg).contains(p):
            continue
        local = shapely.clip_by_rect(g, lon - within_deg, lat - within_deg,
                                     lon + within_deg, lat + within_deg)
        if local.is_empty:
            continue
        q = shapely.ops.nearest_points(p, local)[1]
        out.append((GEOD.inv(lon, lat, q.x, q.y)[2] / 1000.0, sid))
    return sorted(out)


def check_island_groups(land):
    bad, worst = [], (0.0, "")
    for name, lat, lon, sid, km in ISLAND_GROUPS:
        near = nearest_land(land, lon, lat, max(0.1, km / 100.0 + 0.05))
        if not near or near[0][1] != sid or near[0][0] > km:
            bad.append(f"{name}: expected {sid} within {km} km, nearest {near[:2]}")
        else:
            worst = max(worst, (near[0][0], name))
    check(f"island groups: {len(ISLAND_GROUPS)} named groups present, each its state's "
          "and nearest to its position", not bad,
          "; ".join(bad) if bad else f"farthest {worst[1]} {worst[0]:.1f} km from its position")


def check_airports(land):
    bad, off = [], []
    for icao, lat, lon, sid in AIRPORTS:
        near = nearest_land(land, lon, lat, 0.05)
        if not near or near[0][1] != sid or near[0][0] > 1.0:
            bad.append(f"{icao} ({sid}): nearest {near[:2]}")
        elif near[0][0] > 0:
            off.append(f"{icao} {near[0][0] * 1000:.0f} m")
    check(f"airports: {len(AIRPORTS)} airports (airportsdata) on or within 1 km of their "
          "state's land, no other state's nearer", not bad,
          "; ".join(bad) if bad else f"{len(off)} off the coast: " + ", ".join(off))


def check_against_full(coast):
    """The layer's coast (theatre) against GSHHG 2.3.7 full via gmt, if installed."""
    full = Path("/usr/share/gmt-gshhg/binned_GSHHS_f.nc")
    if not shutil.which("gmt") or not full.exists():
        print("SKIP land coast vs GSHHG full: needs gmt and Debian gmt-gshhg-full")
        return
    w, s, e, n = REGION
    region = f"-R{w - 0.5:g}/{e + 0.5:g}/{s - 0.5:g}/{n + 0.5:g}"
    out = subprocess.run(["gmt", "coast", "-Df", region,
                          "-M", "-W1/thin"], check=True, capture_output=True, text=True).stdout
    lines, cur = [], []
    for line in out.splitlines():
        if line.startswith(">"):
            if len(cur) >= 2:
                lines.append(cur)
            cur = []
        elif line.strip():
            cur.append(tuple(map(float, line.split()[:2])))
    if len(cur) >= 2:
        lines.append(cur)
    shore = shapely.MultiLineString(lines)
    tree = shapely.STRtree(list(shapely.get_parts(shapely.segmentize(shore, 0.05))))
    # the layer's coast points (every ~50 m, land borders and frame left out)
    # inside the theatre, a 10 % sample
    xy = np.vstack([coast.xy[sid] for sid in sorted(coast.xy)])
    xy = xy[(xy[:, 0] >= w) & (xy[:, 0] <= e) & (xy[:, 1] >= s) & (xy[:, 1] <= n)]
    xy = xy[np.random.default_rng(7).random(len(xy)) < 0.1]
    p = shapely.points(xy)
    near = tree.geometries.take(tree.nearest(p))
    q = shapely.get_coordinates(shapely.shortest_line(p, near))[1::2]
    _, _, d = GEOD.inv(xy[:, 0], xy[:, 1], q[:, 0], q[:, 1])
    # more than 20 km from any full shoreline: the 50 m markers of features full lacks
    # (Pedro Cays, Alburquerque Cays, Roca Partida) and edges between touching parts of
    # one state's land far inland (left by the border splitting), which are not coast
    inland = d > 20000.0
    aves = np.hypot(xy[:, 0] + 63.6166, xy[:, 1] - 15.6733) < 0.05
    far = xy[inland]
    d = d[~inland & ~aves]
    p99, p999 = np.percentile(d, [99, 99.9])
    check(f"land coast vs GSHHG full (theatre): p99 < {FULL_P99_M:.0f} m, "
          f"p99.9 < {FULL_P999_M:.0f} m",
          p99 < FULL_P99_M and p999 < FULL_P999_M,
          f"{len(d):,} points every ~50 m (10 % sample): p50 {np.percentile(d, 50):.0f} m, "
          f"p95 {np.percentile(d, 95):.0f} m, p99 {p99:.0f} m, p99.9 {p999:.0f} m, "
          f"max {d.max():,.0f} m; Isla de Aves (moved ~3.6 km to its published position) left "
          f"out; {len(far)} points more than 20 km from any full shoreline left out (markers of "
          "features full lacks; inland edges between touching parts of one state's land"
          + (f", e.g. {far[0][1]:.4f}N {far[0][0]:.4f}" if len(far) else "") + ")")


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
    check(f"maritime: inside the theatre {REGION}, no ring crossing the antimeridian",
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


def check_tiling(zones, land_all, iw_all, coast):
    """Land, internal waters and zones tile the theatre but for the high seas:
    what is left (theatre minus their union) is either a gap (a piece under
    1 km2, or one whose inside is within 200 nm of a coast) or high seas.
    Gaps that touch no zone lie between two states' land features (their
    borders are snapped to 1e-7 degree one state at a time); gaps at sea touch
    a zone. Areas are geodesic (WGS84)."""
    theatre = shapely.box(*REGION)
    land_t = shapely.intersection(land_all, theatre)
    union = shapely.union_all([land_t, iw_all, zones])
    rest = shapely.difference(theatre, union)
    parts = [p for g in shapely.get_parts(rest) for p in shapely.get_parts(g)
             if p.geom_type == "Polygon" and p.area > 0]
    shapely.prepare(zones)
    sea_gaps, land_gaps, high = [], [], []
    for p in parts:
        a = km2(p)
        if a >= 1.0:
            di, _ = coast.nearest_any(shapely.get_coordinates(p.representative_point()))
            if di[0] >= 200 * NM - 50:
                high.append(a)
                continue
        (sea_gaps if shapely.dwithin(zones, p, 1e-7) else land_gaps).append(a)
    a_theatre, a_land, a_iw = km2(theatre), km2(land_t), km2(iw_all)
    a_zones, a_high = km2(zones), sum(high)
    gaps = sum(sea_gaps) + sum(land_gaps)
    residual = a_theatre - (a_land + a_iw + a_zones + a_high)
    check(f"tiling: land + internal waters + zones + high seas = theatre; gaps at sea "
          f"< {NOISE_KM2} km2, between land features < 1 km2",
          sum(sea_gaps) < NOISE_KM2 and sum(land_gaps) < 1.0
          and abs(residual - gaps) < NOISE_KM2,
          f"theatre {a_theatre:,.2f} km2 = land {a_land:,.2f} + internal waters {a_iw:,.2f} + "
          f"zones {a_zones:,.2f} + high seas {a_high:,.2f} ({len(high)} pieces) "
          f"{residual:+.3f} km2; gaps at sea {sum(sea_gaps) * 1e6:,.0f} m2 in {len(sea_gaps)} "
          f"pieces, between land features {sum(land_gaps) * 1e6:,.0f} m2 in {len(land_gaps)} "
          f"pieces (shares add up to {abs(residual) / a_theatre:.1e} of the theatre)")


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
    global DOMAIN, REGION
    cov = json.loads((gd / "coverage.json").read_text(encoding="utf-8"))
    REGION = tuple(float(cov["theatre"][k]) for k in ("west", "south", "east", "north"))
    DOMAIN = tuple(float(cov["land_frame"][k]) for k in ("west", "south", "east", "north"))
    lf = load(gd / "land/land.geojson")
    land = {f["properties"]["id"]: shape(f["geometry"]) for f in lf}
    coast = Coast(land)
    print(f"  (coast model: {sum(len(v) for v in coast.xy.values()):,} points, "
          f"{time.time() - t0:.0f} s)")
    check_land(land, lf, shared, coast)

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
    zones = check_coverage(geoms, names, land_all, iw_all)
    check_tiling(zones, land_all, iw_all, coast)
    states_with_coast = {sid for sid in coast.xy if shapely.intersects(
        shapely.box(*REGION).buffer(3.0), shapely.multipoints(coast.xy[sid]))}
    have = {f["properties"]["state"] for f in mf}
    missing = sorted(states_with_coast - have - NO_ZONES)
    check("maritime: every state with a coast within 3 degrees of the theatre has zones",
          not missing,
          f"{len(have)} states with zones" + (f"; missing {missing}" if missing else ""))

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
