#!/usr/bin/env python3
"""Build the land layer of the theatre -> GeoData/land/land.geojson.

Inputs (nothing is copied from any other land dataset):
  * the frame: `land_frame` of GeoData/coverage.json (the theatre plus more
    than 200 nm on every side); nothing else is read from there;
  * coastline: GSHHG 2.3.7 high resolution (Debian `gmt-gshhg-high`,
    LGPL-3+), shorelines dumped with `gmt coast -Dh -W1 -M`;
  * attribution and land borders: DCW-GMT 2.1.1 (Debian `gmt-dcw`, LGPL-3+),
    dumped with `gmt coast -E<code> -M`;
  * FACTS below: island groups that DCW lacks or that the "nearest country"
    rule would give to the wrong state, each with a cited position and its
    state; Isla de Aves' published position (GSHHG has it ~3.6 km off); and
    features of named island groups present in no GSHHG resolution at hand
    (Roca Partida, Rocas Alijos, Alburquerque Cays, Pedro Cays), added as
    50 m markers at their published positions.

Construction:
  1. The shoreline pieces (GMT dumps them cut at its bin edges) and the
     outline of the frame are noded and polygonised; every face is classified
     land/sea by GMT itself (`gmt select -Dh -N`, one interior point per
     face). Only the sea (level 0) is dropped: lakes (level 2) are part of the
     land they lie in. Lake Maracaibo is sea in GSHHG (the level-1 shore runs
     round it), so it stays water.
  2. Each land component is attributed to the DCW country it lies in. A
     component covered by several countries (the continents, Hispaniola,
     Saint Martin) is cut by the DCW polygons; Venezuela's polygon has
     priority where DCW polygons overlap (its line is the one used by the
     SVZM FIR layer), other overlaps go to the first code in alphabetical
     order. Land outside every DCW polygon (DCW's coast is ~0.4 km off
     GSHHG's, and DCW has a few inland gaps) goes to the nearest country that
     touches it (Voronoi of the touching countries' outlines); an inland gap
     along Venezuela's border goes to the neighbour, so the border stays on
     Venezuela's DCW line. Islands in a FACTS box go to the fact's state;
     other islands outside DCW go to the nearest DCW country, and the build
     stops if one of them is more than REMOTE_KM from it (a remote island
     needs a fact, not a guess).
  3. Isla de Aves is shifted so that its centroid is at its published position
     15°40'23.7"N 63°36'59.9"W; the markers are added.
  4. Snap to a 1e-7 degree grid (valid result), fill holes under ~120 m2
     (slivers between nearly coincident DCW borders), orient exteriors
     counter-clockwise (RFC 7946), sort, write.

Usage: build_land.py [OUTPUT]   (default: GeoData/land/land.geojson)
Needs: python3, shapely>=2.1, pyproj, numpy, scipy, and `gmt` with
gmt-gshhg-high and gmt-dcw. About 4 minutes on one core, ~2 GB of memory.
"""
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from scipy.spatial import Voronoi
from shapely.geometry import MultiLineString, MultiPolygon, Polygon, box
from shapely.geometry.polygon import orient
from shapely.ops import nearest_points, unary_union

# Bump when an input or the method changes (kept constant so that re-running
# reproduces the output byte for byte).
VERSION = "2026-11-30"

ROOT = Path(__file__).resolve().parents[2]
COVERAGE = ROOT / "GeoData/coverage.json"
DECIMALS = 7
GRID = 1e-7
GEOD = Geod(ellps="WGS84")
RES = "h"                                  # GSHHG resolution (high)


def load_frame(path=COVERAGE):
    """(west, south, east, north) of `land_frame` in GeoData/coverage.json."""
    f = json.loads(Path(path).read_text(encoding="utf-8"))["land_frame"]
    return (float(f["west"]), float(f["south"]), float(f["east"]), float(f["north"]))


DOMAIN = load_frame()


def dms(d, m=0.0, s=0.0):
    return d + m / 60 + s / 3600


# DCW (ISO 3166-1 alpha-2) code -> (alpha-3, name). Every state or territory
# that DCW has with land in the frame (51), plus Clipperton (not in DCW).
STATES = {
    "AG": ("ATG", "Antigua and Barbuda"),
    "AI": ("AIA", "Anguilla"),
    "AR": ("ARG", "Argentina"),
    "AW": ("ABW", "Aruba"),
    "BB": ("BRB", "Barbados"),
    "BL": ("BLM", "Saint Barthélemy"),
    "BM": ("BMU", "Bermuda"),
    "BO": ("BOL", "Bolivia"),
    "BQ": ("BES", "Bonaire, Sint Eustatius and Saba"),
    "BR": ("BRA", "Brazil"),
    "BS": ("BHS", "Bahamas"),
    "BZ": ("BLZ", "Belize"),
    "CL": ("CHL", "Chile"),
    "CO": ("COL", "Colombia"),
    "CP": ("CPT", "Clipperton Island (France)"),
    "CR": ("CRI", "Costa Rica"),
    "CU": ("CUB", "Cuba"),
    "CW": ("CUW", "Curaçao"),
    "DM": ("DMA", "Dominica"),
    "DO": ("DOM", "Dominican Republic"),
    "EC": ("ECU", "Ecuador"),
    "GD": ("GRD", "Grenada"),
    "GF": ("GUF", "French Guiana"),
    "GP": ("GLP", "Guadeloupe"),
    "GT": ("GTM", "Guatemala"),
    "GY": ("GUY", "Guyana"),
    "HN": ("HND", "Honduras"),
    "HT": ("HTI", "Haiti"),
    "JM": ("JAM", "Jamaica"),
    "KN": ("KNA", "Saint Kitts and Nevis"),
    "KY": ("CYM", "Cayman Islands"),
    "LC": ("LCA", "Saint Lucia"),
    "MF": ("MAF", "Saint Martin (French part)"),
    "MQ": ("MTQ", "Martinique"),
    "MS": ("MSR", "Montserrat"),
    "MX": ("MEX", "Mexico"),
    "NI": ("NIC", "Nicaragua"),
    "PA": ("PAN", "Panama"),
    "PE": ("PER", "Peru"),
    "PR": ("PRI", "Puerto Rico"),
    "PY": ("PRY", "Paraguay"),
    "SR": ("SUR", "Suriname"),
    "SV": ("SLV", "El Salvador"),
    "SX": ("SXM", "Sint Maarten"),
    "TC": ("TCA", "Turks and Caicos Islands"),
    "TT": ("TTO", "Trinidad and Tobago"),
    "UM": ("UMI", "United States Minor Outlying Islands (Navassa Island)"),
    "US": ("USA", "United States"),
    "VC": ("VCT", "Saint Vincent and the Grenadines"),
    "VE": ("VEN", "Venezuela"),
    "VG": ("VGB", "British Virgin Islands"),
    "VI": ("VIR", "United States Virgin Islands"),
}
NOT_IN_DCW = {"CP"}

# Island groups whose state is stated, not inferred. Each: the group's name,
# its state (DCW code), a published position (lat, lon) with its source, the
# box holding the group's GSHHG polygons (every land component whose
# representative point lies in it goes to that state), an action ("attribute";
# "move": GSHHG's polygon is shifted to the published position; "marker": the
# feature is in no GSHHG resolution and a MARKER_M circle is added at the
# position), and a note on a dispute, if any. The build checks that every
# "attribute"/"move" box holds GSHHG land and reports its distance from the
# published position. Sources: "WP" = English or Spanish Wikipedia article of
# that name (consulted 2026-11); "ICJ 2007" = Nicaragua v. Honduras, judgment
# of 8 Oct 2007; "ICJ 2012" = Nicaragua v. Colombia, judgment of 19 Nov 2012.
FACTS = [
    dict(name="Isla de Aves", state="VE", lat=dms(15, 40, 23.7), lon=-dms(63, 36, 59.9),
         box=(-63.75, 15.60, -63.55, 15.78), action="move",
         source="published position (Venezuela); GSHHG has the islet ~3.6 km NW",
         note="Venezuelan; its EEZ effect is contested (UNCLOS art. 121(3))"),
    dict(name="Los Monjes", state="VE", lat=dms(12, 21, 51), lon=-dms(70, 54, 15),
         box=(-71.05, 12.30, -70.80, 12.55), action="attribute",
         source="WP 'Los Monjes Archipelago'; Colombia recognised Venezuelan "
                "sovereignty (note of 22 Nov 1952)", note=""),
    dict(name="Clipperton Island", state="CP", lat=dms(10, 18), lon=-dms(109, 13),
         box=(-109.4, 10.1, -109.0, 10.5), action="attribute",
         source="WP 'Clipperton Island'; arbitral award of 28 Jan 1931 (France v. Mexico)",
         note="French (award of 1931); not in DCW"),
    dict(name="Malpelo Island", state="CO", lat=dms(4, 0, 12.038), lon=-dms(81, 36, 27.259),
         box=(-81.8, 3.8, -81.4, 4.2), action="attribute",
         source="WP 'Malpelo Island'", note=""),
    dict(name="San Andrés", state="CO", lat=dms(12, 35), lon=-dms(81, 42),
         box=(-81.8, 12.45, -81.6, 12.65), action="attribute",
         source="WP 'San Andrés (island)'; ICJ 2012 (Colombian sovereignty)",
         note="claimed by Nicaragua until ICJ 2012"),
    dict(name="Providencia and Santa Catalina", state="CO", lat=dms(13, 21), lon=-dms(81, 22),
         box=(-81.45, 13.28, -81.30, 13.45), action="attribute",
         source="WP 'Providencia Island'; ICJ 2012", note="claimed by Nicaragua until ICJ 2012"),
    dict(name="Alburquerque Cays", state="CO", lat=dms(12, 10), lon=-dms(81, 51),
         box=(-81.95, 12.05, -81.75, 12.25), action="marker",
         source="WP (es) 'Cayo Alburquerque', 12°10'N 81°51'W (to the minute); ICJ 2012",
         note="in no GSHHG resolution: 50 m marker at the published position"),
    dict(name="Roncador Cay", state="CO", lat=dms(13, 34), lon=-dms(80, 5),
         box=(-80.2, 13.45, -79.95, 13.7), action="attribute",
         source="WP 'Roncador Bank'; ICJ 2012", note="claimed by Nicaragua until ICJ 2012"),
    dict(name="Serrana Bank", state="CO", lat=dms(14, 17), lon=-dms(80, 23),
         box=(-80.5, 14.15, -80.2, 14.55), action="attribute",
         source="WP 'Serrana Bank'; ICJ 2012", note="claimed by Nicaragua until ICJ 2012"),
    dict(name="Serranilla Bank", state="CO", lat=dms(15, 50), lon=-dms(79, 50),
         box=(-80.1, 15.7, -79.6, 15.95), action="attribute",
         source="WP 'Serranilla Bank'; ICJ 2012 (Colombian sovereignty as against Nicaragua)",
         note="administered by Colombia; also claimed by the United States (Guano "
              "Islands Act) and by Honduras"),
    dict(name="Bajo Nuevo Bank", state="CO", lat=dms(15, 53), lon=-dms(78, 38),
         box=(-78.85, 15.7, -78.5, 16.0), action="attribute",
         source="WP 'Bajo Nuevo Bank'; ICJ 2012 (Colombian sovereignty as against Nicaragua)",
         note="administered by Colombia; also claimed by the United States (Guano "
              "Islands Act) and by Jamaica"),
    dict(name="Pedro Cays", state="JM", lat=dms(16, 59), lon=-dms(77, 49),
         points=[(dms(17, 3), -dms(77, 46)), (dms(17, 1), -dms(77, 47)),
                 (dms(16, 59), -dms(77, 49)), (dms(16, 57), -dms(77, 50))],
         box=(-77.95, 16.85, -77.65, 17.15), action="marker",
         source="WP 'Pedro Bank' (Northeast, Middle, Southwest and South Cay, to the minute)",
         note="in no GSHHG resolution: 50 m markers at the four published positions"),
    dict(name="Swan Islands", state="HN", lat=dms(17, 25), lon=-dms(83, 56),
         box=(-84.1, 17.3, -83.8, 17.5), action="attribute",
         source="WP 'Swan Islands, Honduras' (US claim ceded by the 1971 treaty)", note=""),
    dict(name="Honduran cays of the Miskito Bank north of 14°59.8'N "
              "(Bobel, Savanna, Port Royal, South Cay; Vivorillo, Cajones, Gorda Bank)",
         state="HN", lat=dms(15, 52), lon=-dms(82, 24),
         box=(-83.45, 14.9967, -82.25, 16.2), action="attribute",
         source="ICJ 2007 (Bobel, Savanna, Port Royal and South Cay are Honduran); "
                "the cays south of the parallel (Edinburgh Cay, Miskito Cays) are Nicaraguan",
         note="the nearest-country rule split them between Honduras and Nicaragua"),
    dict(name="Cay Sal Bank", state="BS", lat=dms(23, 50), lon=-dms(80, 5),
         box=(-80.6, 23.45, -79.4, 24.2), action="attribute",
         source="WP 'Cay Sal Bank' (23°27'N-24°10'N, 79°25'W-80°35'W; Bimini district)",
         note="nearer to Cuba than to the rest of the Bahamas"),
    dict(name="Cay Verde (Ragged Island Range)", state="BS", lat=dms(22, 1), lon=-dms(75, 12),
         box=(-75.4, 21.9, -75.0, 22.1), action="attribute",
         source="position of the GSHHG islet (Bahamas: Ragged Island district)", note=""),
    dict(name="Morant Cays", state="JM", lat=dms(17, 24), lon=-dms(75, 59),
         box=(-76.1, 17.3, -75.9, 17.5), action="attribute",
         source="WP 'Morant Cays'", note=""),
    dict(name="Navassa Island", state="UM", lat=dms(18, 24, 10), lon=-dms(75, 0, 45),
         box=(-75.1, 18.3, -74.9, 18.5), action="attribute",
         source="WP 'Navassa Island'; ISO 3166-2:UM-76",
         note="administered by the United States (Guano Islands Act, 1857); claimed by Haiti"),
    dict(name="Sombrero", state="AI", lat=dms(18, 36), lon=-dms(63, 25),
         box=(-63.5, 18.55, -63.35, 18.65), action="attribute",
         source="WP 'Sombrero, Anguilla'", note="not in DCW; nearest DCW land is the BVI"),
    dict(name="Bermuda", state="BM", lat=dms(32, 18), lon=-dms(64, 47),
         box=(-65.0, 32.2, -64.6, 32.45), action="attribute", source="WP 'Bermuda'", note=""),
    dict(name="Cocos Island", state="CR", lat=dms(5, 31, 41), lon=-dms(87, 3, 40),
         box=(-87.2, 5.4, -86.9, 5.65), action="attribute", source="WP 'Cocos Island'",
         note=""),
    dict(name="Revillagigedo Islands (Socorro, Clarión, San Benedicto)", state="MX",
         lat=dms(18, 48), lon=-dms(110, 59), box=(-115.0, 18.2, -110.5, 19.5),
         action="attribute", source="WP 'Socorro Island' (18°48'N 110°59'W)", note=""),
    dict(name="Roca Partida", state="MX", lat=dms(19, 0, 2.53), lon=-dms(112, 4, 5.35),
         box=(-112.2, 18.9, -111.95, 19.1), action="marker",
         source="WP 'Roca Partida' (100 m x 8 m rock)",
         note="in no GSHHG resolution: 50 m marker at the published position"),
    dict(name="Rocas Alijos", state="MX", lat=dms(24, 57, 3), lon=-dms(115, 44, 55),
         box=(-115.9, 24.85, -115.6, 25.05), action="marker",
         source="WP 'Rocas Alijos' (South Rock; Cordell Expedition 1990)",
         note="in GSHHG full only: 50 m marker at the published position"),
    dict(name="Isla Guadalupe", state="MX", lat=dms(29, 2), lon=-dms(118, 17),
         box=(-118.5, 28.8, -118.1, 29.3), action="attribute", source="WP 'Guadalupe Island'",
         note=""),
    dict(name="Galápagos Islands", state="EC", lat=-dms(0, 40), lon=-dms(90, 33),
         box=(-92.2, -1.6, -89.0, 1.8), action="attribute", source="WP 'Galápagos Islands'",
         note="Darwin and Wolf lie outside DCW's Ecuador"),
    dict(name="Sapodilla Cays", state="BZ", lat=dms(16, 7), lon=-dms(88, 16),
         box=(-88.35, 16.0, -88.2, 16.2), action="attribute", source="WP 'Sapodilla Cays'",
         note="administered by Belize; claimed by Honduras (and within Guatemala's claim)"),
]
MARKER_M = 50.0
# An island outside every DCW polygon farther than this from the nearest one
# must be covered by a fact (kilometres).
REMOTE_KM = 50.0
PRIORITY = "VE"   # its DCW polygon wins where DCW polygons overlap

# A DCW country covering less than this much of a GSHHG land component is a
# coast-offset artefact, not a share of it (degree^2; 1e-4 ~ 1.2 km^2) ...
MIN_SHARE_ABS = 1e-4
# ... unless it is also at least this fraction of the component.
MIN_SHARE_REL = 0.05
# Land in no DCW polygon and smaller than this (degree^2, ~12 km^2) that touches
# two countries goes whole to the one nearest its centroid; larger pieces are
# split by nearest country (Voronoi).
SMALL_GAP = 1e-3
# DCW countries are cut into quadtree tiles of at most this many vertices.
TILE_VERTICES = 4000


def region_arg():
    w, s, e, n = DOMAIN
    return f"-R{w:g}/{e:g}/{s:g}/{n:g}"


def gmt_segments(args):
    out = subprocess.run(["gmt", *args], check=True, capture_output=True,
                         text=True).stdout
    segs = []
    for line in out.splitlines():
        if line.startswith(">"):
            segs.append([])
        elif line.strip():
            x, y = line.split()[:2]
            segs[-1].append((float(x), float(y)))
    return [s for s in segs if len(s) >= 2]


def gshhg_land():
    """Land of DOMAIN (lakes filled) as a list of Polygons."""
    lines = gmt_segments(["coast", f"-D{RES}", region_arg(), "-M", "-W1"])
    frame = box(*DOMAIN).exterior
    noded = unary_union([MultiLineString(lines), frame])
    faces = list(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))))
    pts = [f.representative_point() for f in faces]
    text = "".join(f"{p.x:.10f} {p.y:.10f} {i}\n" for i, p in enumerate(pts))
    # keep land, lake, island-in-lake, pond: drop only ocean
    out = subprocess.run(["gmt", "select", f"-D{RES}", "-Ns/k/k/k/k", region_arg(),
                          "--FORMAT_FLOAT_OUT=%.10f"],
                         input=text, check=True, capture_output=True, text=True).stdout
    keep = sorted({int(round(float(line.split()[2]))) for line in out.splitlines() if line.strip()})
    land = unary_union([faces[i] for i in keep])
    return [p for p in shapely.get_parts(land) if p.area > 0]


def dcw_country(code):
    """DCW polygon of `code`, cut to DOMAIN (its rings outside DOMAIN dropped first)."""
    rings = gmt_segments(["coast", f"-E{code}", "-M", region_arg()])
    frame = box(*DOMAIN)
    polys = []
    for r in rings:
        if len(r) < 4:
            continue
        p = Polygon(r)
        if p.intersects(frame):
            polys.append(shapely.make_valid(p))
    return polygonal(unary_union(polys).intersection(frame))


def polygonal(g):
    """Only the polygonal parts of g (intersections may add lines and points)."""
    parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and p.area > 0]
    return MultiPolygon(parts) if parts else MultiPolygon()


def nearest_split(area, labelled):
    """Split `area` among labels: each part goes to the label whose geometry is
    nearest (Voronoi of the labelled outlines, densified)."""
    pts, labels = [], []
    env = area.envelope.buffer(0.05)
    for lab, geom in sorted(labelled.items()):
        b = shapely.segmentize(geom.boundary.intersection(env), 0.002)
        coords = shapely.get_coordinates(b)
        pts.extend(map(tuple, coords))
        labels.extend([lab] * len(coords))
    pts = np.array(pts)
    _, idx = np.unique(pts, axis=0, return_index=True)
    idx.sort()
    pts = pts[idx]
    labels = [labels[i] for i in idx]
    # a frame of unlabelled far sites makes every labelled cell finite
    fx0, fy0, fx1, fy1 = env.buffer(2.0).bounds
    frame = [(x, y) for x in np.linspace(fx0, fx1, 9) for y in (fy0, fy1)]
    frame += [(x, y) for x in (fx0, fx1) for y in np.linspace(fy0, fy1, 9)[1:-1]]
    vor = Voronoi(np.vstack([pts, np.array(frame)]))
    by = {}
    for i, lab in enumerate(labels):
        region = vor.regions[vor.point_region[i]]
        if -1 in region or len(region) < 3:
            raise SystemExit("unbounded Voronoi cell")
        cell = Polygon(vor.vertices[region])
        if not cell.intersects(area):
            continue
        by.setdefault(lab, []).append(polygonal(shapely.make_valid(cell).intersection(area)))
    return {lab: polygonal(shapely.set_precision(unary_union(cs), GRID))
            for lab, cs in sorted(by.items())}


def quad_tiles(geom, bounds, out):
    """Cut geom into boxes of a quadtree until each piece has at most
    TILE_VERTICES vertices (or the box is under 0.05 degree): [(box, piece)]."""
    x0, y0, x1, y1 = bounds
    piece = polygonal(shapely.clip_by_rect(geom, x0, y0, x1, y1))
    if piece.is_empty:
        return
    if shapely.get_num_coordinates(piece) <= TILE_VERTICES or (x1 - x0) < 0.05:
        out.append((bounds, piece))
        return
    xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
    for b in ((x0, y0, xm, ym), (xm, y0, x1, ym), (x0, ym, xm, y1), (xm, ym, x1, y1)):
        quad_tiles(piece, b, out)


def dcw_tiles(dcw):
    """DCW countries cut into quadtree tiles (fast local intersections)."""
    tiles, codes, boxes = [], [], []
    for c in sorted(dcw):
        out = []
        quad_tiles(dcw[c], DOMAIN, out)
        for b, t in out:
            tiles.append(t)
            codes.append(c)
            boxes.append(b)
    return tiles, codes, boxes


def fact_of(point):
    """The fact whose box holds `point`, or None."""
    return next((f for f in FACTS if box(*f["box"]).contains(point)), None)


def km_between(a, b):
    """Geodesic distance (km) between the nearest points of two geometries."""
    p, q = nearest_points(a, b)
    return GEOD.inv(p.x, p.y, q.x, q.y)[2] / 1000.0


def attribute(land, dcw):
    """Attribute each land component to DCW countries -> {code: [geoms]}."""
    codes = sorted(dcw)
    tiles, tile_code, tile_box = dcw_tiles(dcw)
    tile_tree = shapely.STRtree(tiles)
    near_tree = shapely.STRtree([dcw[c] for c in codes])
    result = {c: [] for c in STATES}
    log, remote = [], []
    for comp in land:
        rp = comp.representative_point()
        fact = fact_of(rp)
        if fact:
            result[fact["state"]].append(comp)
            continue
        hits = sorted(tile_tree.query(comp, predicate="intersects"))
        cands = sorted({tile_code[i] for i in hits})
        if len(cands) == 1:
            result[cands[0]].append(comp)
            continue
        shares = {}
        for c in cands:
            parts = []
            for i in hits:
                if tile_code[i] != c:
                    continue
                local = shapely.clip_by_rect(comp, *tile_box[i])
                if not local.is_empty:
                    parts.append(shapely.intersection(local, tiles[i]))
            shares[c] = polygonal(unary_union(parts)) if parts else MultiPolygon()
        shares = {c: g for c, g in shares.items()
                  if g.area >= MIN_SHARE_ABS or g.area >= MIN_SHARE_REL * comp.area}
        if not shares:
            near, deg = near_tree.query_nearest(comp, all_matches=True, return_distance=True)
            code = codes[int(sorted(near)[0])]
            result[code].append(comp)
            # a degree is at most ~111.7 km: only far islands need the exact figure
            if deg[0] * 111.7 > REMOTE_KM and km_between(comp, dcw[code]) > REMOTE_KM:
                km = km_between(comp, dcw[code])
                remote.append(f"{rp.y:.4f}N {rp.x:.4f} ({km:.0f} km from DCW {code})")
            continue
        if len(shares) == 1:
            result[next(iter(shares))].append(comp)
            continue
        # several countries: cut, the priority country first
        order = sorted(shares, key=lambda c: (c != PRIORITY, c))
        pieces, taken = {}, None
        for c in order:
            g = shares[c] if taken is None else polygonal(shares[c].difference(taken))
            pieces[c] = g
            taken = g if taken is None else taken.union(g)
        left = polygonal(comp.difference(taken))
        coast = comp.boundary
        shapely.prepare(coast)
        grown = {}                                  # gap pieces per country
        # the pieces in quadtree tiles: which pieces a gap touches, quickly
        ptiles, pcode = [], []
        for c in sorted(pieces):
            out = []
            quad_tiles(pieces[c], comp.bounds, out)
            ptiles += [t for _, t in out]
            pcode += [c] * len(out)
        ptree = shapely.STRtree(ptiles)
        gaps = [g for g in shapely.get_parts(left) if g.area > 0]
        for gap in gaps:
            near = ptree.query(gap, predicate="dwithin", distance=1e-6)
            touch = {c: pieces[c] for c in sorted({pcode[i] for i in near})}
            if len(touch) > 1 and not shapely.dwithin(gap, coast, 1e-6):
                touch.pop(PRIORITY, None)     # inland gap on VE's border: neighbour's
            if not touch:
                dist = {c: gap.distance(g) for c, g in pieces.items()}
                best = min(dist.values())
                touch = {c: pieces[c] for c, v in dist.items() if v == best}
            if len(touch) > 1 and gap.area < SMALL_GAP:
                # a small sliver: all of it to the country nearest its centre
                c0 = gap.centroid
                touch = {min(touch, key=lambda c: (touch[c].distance(c0), c)): None}
            if len(touch) == 1:
                grown.setdefault(next(iter(touch)), []).append(gap)
            else:
                for c, g in nearest_split(gap, touch).items():
                    grown.setdefault(c, []).append(g)
        for c, extra in grown.items():
            pieces[c] = polygonal(unary_union([pieces[c]] + extra))
        for c, g in pieces.items():
            result[c].append(g)
        log.append("split " + "/".join(order) + f" at {rp.y:.3f}N {rp.x:.3f}: "
                   f"{len(gaps)} gaps")
        print(log[-1], file=sys.stderr)
    if remote:
        raise SystemExit(f"{len(remote)} islands outside DCW more than {REMOTE_KM:g} km from "
                         "any DCW country and in no FACTS box (add a fact): "
                         + "; ".join(remote[:20]))
    return result, log


def apply_facts(result, land):
    """Move Isla de Aves, add the markers, and report each fact -> log lines."""
    log = []
    for f in FACTS:
        code, fb = f["state"], box(*f["box"])
        if f["action"] == "marker":
            if any(p.intersects(fb) for p in land):
                raise SystemExit(f"{f['name']}: GSHHG now has land in its box; drop the marker")
            az = np.arange(0.0, 360.0, 22.5)
            for plat, plon in f.get("points", [(f["lat"], f["lon"])]):
                lon, lat, _ = GEOD.fwd(np.full(az.size, plon), np.full(az.size, plat), az,
                                       np.full(az.size, MARKER_M))
                result[code].append(Polygon(np.column_stack([lon, lat])))
                log.append(f"fact {f['name']} -> {STATES[code][0]}: 50 m marker at "
                           f"{plat:.5f}N {plon:.5f}")
            continue
        mine = [i for i, p in enumerate(result[code])
                if fb.contains(p.representative_point()) and p.area < 1.0]
        if not mine:
            raise SystemExit(f"fact {f['name']}: no land in its box {f['box']}")
        group = unary_union([result[code][i] for i in mine])
        pub = shapely.Point(f["lon"], f["lat"])
        if f["action"] == "move":
            if len(mine) != 1:
                raise SystemExit(f"{f['name']}: expected one polygon, found {len(mine)}")
            c = group.centroid
            dx, dy = f["lon"] - c.x, f["lat"] - c.y
            result[code][mine[0]] = shapely.transform(
                result[code][mine[0]], lambda xy: xy + np.array([dx, dy]))
            moved = GEOD.inv(c.x, c.y, f["lon"], f["lat"])[2]
            log.append(f"fact {f['name']} -> {STATES[code][0]}: GSHHG centroid "
                       f"{c.y:.6f}N {c.x:.6f}, moved {moved:.0f} m to the published position")
            continue
        km = 0.0 if group.contains(pub) else km_between(group, pub)
        log.append(f"fact {f['name']} -> {STATES[code][0]}: {len(mine)} polygons, "
                   f"{km:.1f} km from the published position")
    return log


# Holes smaller than this (degree^2, ~120 m^2) are slivers left where two DCW
# borders nearly coincide (e.g. Guatemala-Mexico along 17°49'N), not water or
# enclaves: they are filled. (A hole's outline would count as coast.)
SPECK_HOLE = 1e-8


def finish(geom):
    geom = shapely.set_precision(shapely.make_valid(geom), GRID)
    polys = []
    for p in shapely.get_parts(geom):
        if p.geom_type != "Polygon" or p.area <= 0:
            continue
        holes = [r for r in p.interiors if Polygon(r).area >= SPECK_HOLE]
        if len(holes) < len(p.interiors):
            p = Polygon(p.exterior, holes)
        polys.append(orient(p, sign=1.0))
    polys.sort(key=lambda p: (-round(p.area, 12), p.exterior.coords[0]))
    mp = MultiPolygon(polys)
    if not mp.is_valid:
        raise SystemExit("invalid multipolygon after snapping")
    return mp


def fmt(v):
    s = f"{v:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def ring_text(ring):
    return "[" + ",".join(f"[{fmt(x)},{fmt(y)}]" for x, y in ring.coords) + "]"


def to_geojson(features):
    out = ['{"type":"FeatureCollection","features":[\n']
    for k, (props, mp) in enumerate(features):
        polys = ",".join("[" + ",".join([ring_text(p.exterior)] +
                                        [ring_text(r) for r in p.interiors]) + "]"
                         for p in mp.geoms)
        out.append('{"type":"Feature","properties":'
                   + json.dumps(props, ensure_ascii=False, separators=(",", ":"))
                   + ',"geometry":{"type":"MultiPolygon","coordinates":[' + polys + "]}}"
                   + (",\n" if k < len(features) - 1 else "\n"))
    out.append("]}\n")
    return "".join(out)


def frame_text():
    w, s, e, n = DOMAIN
    return f"{-w:g}W-{-e:g}W {-s:g}S-{n:g}N"


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "GeoData/land/land.geojson"
    t0 = time.time()
    land = gshhg_land()
    land.sort(key=lambda p: (-round(p.area, 12), p.representative_point().coords[0]))
    print(f"GSHHG-{RES}: {len(land)} land components in {frame_text()}", file=sys.stderr)
    dcw = {}
    for code in sorted(STATES):
        if code in NOT_IN_DCW:
            continue
        g = dcw_country(code)
        if g.is_empty:
            raise SystemExit(f"DCW has no land of {code} in the frame")
        dcw[code] = g
    print(f"DCW read ({time.time() - t0:.0f} s)", file=sys.stderr)
    result, log = attribute(land, dcw)
    print(f"attributed ({time.time() - t0:.0f} s)", file=sys.stderr)
    log += apply_facts(result, land)
    facts_by_state = {}
    for f in FACTS:
        facts_by_state.setdefault(f["state"], []).append(f["name"])
    features = []
    for code in sorted(result, key=lambda c: STATES[c][0]):
        if not result[code]:
            raise SystemExit(f"no land for {code}")
        iso3, name = STATES[code]
        mp = finish(unary_union(result[code]))
        source = ("coast: GSHHG 2.3.7 high (Debian gmt-gshhg-high, LGPL-3+); "
                  "attribution and land borders: DCW-GMT 2.1.1 (Debian gmt-dcw, LGPL-3+)")
        if code in NOT_IN_DCW:
            source = ("coast: GSHHG 2.3.7 high (Debian gmt-gshhg-high, LGPL-3+); "
                      "attribution: arbitral award of 1931 (France v. Mexico), see land.md")
        props = {
            "id": iso3,
            "name": name,
            "source": source,
            "method": "GSHHG level-1 land (lakes included, Lake Maracaibo water) cut by "
                      f"DCW country polygons, clipped to {frame_text()}; built by "
                      "GeoData/scripts/build_land.py",
            "version": VERSION,
        }
        if code in facts_by_state:
            props["method"] += "; attributed by cited fact: " + ", ".join(facts_by_state[code])
        if iso3 == "VEN":
            props["method"] += "; Isla de Aves shifted to 15°40'23.7\"N 63°36'59.9\"W"
        if any(f["action"] == "marker" and f["state"] == code for f in FACTS):
            props["method"] += ("; features in no GSHHG resolution added as 50 m markers: "
                                + ", ".join(f["name"] for f in FACTS
                                            if f["action"] == "marker" and f["state"] == code))
        features.append((props, mp))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_geojson(features), encoding="utf-8")
    for line in log:
        print(line)
    total = 0
    for props, mp in features:
        # edges straight in lon/lat (the frame's cuts along parallels): densified
        area = abs(GEOD.geometry_area_perimeter(shapely.segmentize(mp, 0.05))[0]) / 1e6
        nv = sum(len(p.exterior.coords) - 1 + sum(len(r.coords) - 1 for r in p.interiors)
                 for p in mp.geoms)
        total += nv
        print(f"{props['id']}: {len(mp.geoms)} polygons, {nv} vertices, {area:,.0f} km2")
    print(f"wrote {out}: {len(features)} features, {total} vertices, "
          f"{out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
