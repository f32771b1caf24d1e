#!/usr/bin/env python3
"""Build the land layer of the region -> GeoData/land/land.geojson.

Inputs (nothing is copied from any other land dataset):
  * coastline: GSHHG 2.3.7 high resolution (Debian `gmt-gshhg-high`,
    LGPL-3+), level-1 shorelines dumped with `gmt coast -Dh -W1 -M`;
  * attribution and land borders: DCW-GMT 2.1.1 (Debian `gmt-dcw`, LGPL-3+),
    dumped with `gmt coast -E<code> -M`;
  * two facts: the published position of Isla de Aves, and the attribution of
    Isla de Aves and Los Monjes (not in DCW) to Venezuela.

Construction:
  1. The level-1 shoreline pieces (GMT dumps them cut at its bin edges) and the
     outline of the domain box are noded and polygonised; every face is
     classified land/sea by GMT itself (`gmt select -Dh -N`, one interior
     point per face). Only level 1 (sea/land) is used: lakes (level 2) are part
     of the land they lie in. Lake Maracaibo is sea in GSHHG (the level-1
     shore runs round it), so it stays water.
  2. Each land component is attributed to the DCW country it lies in. A
     component covered by several countries (the continents, Hispaniola,
     Saint Martin) is cut by the DCW polygons; Venezuela's polygon has
     priority where DCW polygons overlap (its line is the one used by the
     SVZM FIR layer). Land outside every DCW polygon (DCW's coast is ~0.4 km
     off GSHHG's, and DCW has a few inland gaps) goes to the nearest country
     that touches it (Voronoi of the touching countries' outlines); an inland
     gap along Venezuela's border goes to the neighbour, so the border stays
     on Venezuela's DCW line. Islands outside DCW go to the nearest country,
     except Isla de Aves and Los Monjes (Venezuela).
  3. Isla de Aves is shifted so that its centroid is at its published position
     15°40'23.7"N 63°36'59.9"W (GSHHG has it ~3.6 km off).
  4. Snap to a 1e-7 degree grid (valid result), orient exteriors
     counter-clockwise (RFC 7946), sort, write.

Usage: build_land.py [OUTPUT]   (default: GeoData/land/land.geojson)
Needs: python3, shapely>=2.1, pyproj, numpy, and `gmt` with gmt-gshhg-high
and gmt-dcw.
"""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from scipy.spatial import Voronoi
from shapely.geometry import (LineString, MultiLineString, MultiPoint,
                              MultiPolygon, Point, Polygon, box)
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

# Bump when an input or the method changes (kept constant so that re-running
# reproduces the output byte for byte).
VERSION = "2026-11-29"

# Domain: the region of interest (90W-50W, 0-25N) plus 5 degrees on every side,
# so that every coast within 200 nm (370 km) of a point of the region is in it.
DOMAIN = (-95.0, -5.0, -45.0, 30.0)       # west, south, east, north
DECIMALS = 7
GRID = 1e-7
GEOD = Geod(ellps="WGS84")
ROOT = Path(__file__).resolve().parents[2]
RES = "h"                                  # GSHHG resolution (high)

# Isla de Aves, published position 15°40'23.7"N 63°36'59.9"W.
AVES_LAT = 15 + 40 / 60 + 23.7 / 3600
AVES_LON = -(63 + 36 / 60 + 59.9 / 3600)
AVES_BOX = box(-63.75, 15.60, -63.55, 15.78)      # where GSHHG has the islet
MONJES_BOX = box(-71.05, 12.30, -70.80, 12.55)    # Los Monjes archipelago
OVERRIDES = [(AVES_BOX, "VE"), (MONJES_BOX, "VE")]
PRIORITY = "VE"   # its DCW polygon wins where DCW polygons overlap

# DCW (ISO 3166-1 alpha-2) code -> (alpha-3, name). Every state or territory
# with land in DOMAIN.
STATES = {
    "AG": ("ATG", "Antigua and Barbuda"),
    "AI": ("AIA", "Anguilla"),
    "AW": ("ABW", "Aruba"),
    "BB": ("BRB", "Barbados"),
    "BL": ("BLM", "Saint Barthélemy"),
    "BQ": ("BES", "Bonaire, Sint Eustatius and Saba"),
    "BR": ("BRA", "Brazil"),
    "BS": ("BHS", "Bahamas"),
    "BZ": ("BLZ", "Belize"),
    "CO": ("COL", "Colombia"),
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
    "SR": ("SUR", "Suriname"),
    "SV": ("SLV", "El Salvador"),
    "SX": ("SXM", "Sint Maarten"),
    "TC": ("TCA", "Turks and Caicos Islands"),
    "TT": ("TTO", "Trinidad and Tobago"),
    "UM": ("UMI", "United States Minor Outlying Islands"),
    "US": ("USA", "United States"),
    "VC": ("VCT", "Saint Vincent and the Grenadines"),
    "VE": ("VEN", "Venezuela"),
    "VG": ("VGB", "British Virgin Islands"),
    "VI": ("VIR", "United States Virgin Islands"),
}

# A DCW country covering less than this much of a GSHHG land component is a
# coast-offset artefact, not a share of it (degree^2; 1e-4 ~ 1.2 km^2) ...
MIN_SHARE_ABS = 1e-4
# ... unless it is also at least this fraction of the component.
MIN_SHARE_REL = 0.05
# Land in no DCW polygon and smaller than this (degree^2, ~12 km^2) that touches
# two countries goes whole to the one nearest its centroid; larger pieces are
# split by nearest country (Voronoi).
SMALL_GAP = 1e-3


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
    """Level-1 land of DOMAIN (lakes filled) as a list of Polygons."""
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
    rings = gmt_segments(["coast", f"-E{code}", "-M", region_arg()])
    polys = [shapely.make_valid(Polygon(r)) for r in rings if len(r) >= 4]
    return unary_union(polys).intersection(box(*DOMAIN))


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


def dcw_tiles(dcw, size=1.0):
    """DCW countries cut into size-degree tiles (fast local intersections)."""
    tiles, codes = [], []
    w, s, e, n = DOMAIN
    for c in sorted(dcw):
        for i in range(int((e - w) / size)):
            for j in range(int((n - s) / size)):
                x0, y0 = w + i * size, s + j * size
                t = polygonal(shapely.clip_by_rect(dcw[c], x0, y0, x0 + size, y0 + size))
                if not t.is_empty:
                    tiles.append(t)
                    codes.append(c)
    return tiles, codes


def attribute(land, dcw):
    """Attribute each land component to DCW countries -> {code: [geoms]}."""
    codes = sorted(dcw)
    tiles, tile_code = dcw_tiles(dcw)
    tile_tree = shapely.STRtree(tiles)
    near_tree = shapely.STRtree([dcw[c] for c in codes])
    result = {c: [] for c in codes}
    log = []
    for comp in land:
        rp = comp.representative_point()
        override = next((c for b, c in OVERRIDES if b.contains(rp)), None)
        if override:
            result[override].append(comp)
            log.append(f"override {override}: island at {rp.y:.4f}N {rp.x:.4f}")
            continue
        hits = sorted(tile_tree.query(comp, predicate="intersects"))
        cands = sorted({tile_code[i] for i in hits})
        if len(cands) == 1:
            result[cands[0]].append(comp)
            continue
        shares = {c: polygonal(unary_union([comp.intersection(tiles[i]) for i in hits
                                            if tile_code[i] == c])) for c in cands}
        shares = {c: g for c, g in shares.items()
                  if g.area >= MIN_SHARE_ABS or g.area >= MIN_SHARE_REL * comp.area}
        if not shares:
            near = sorted(near_tree.query_nearest(comp, all_matches=True))
            code = codes[int(near[0])]
            result[code].append(comp)
            log.append(f"nearest {code}: island at {rp.y:.4f}N {rp.x:.4f} "
                       f"({comp.distance(dcw[code]):.3f} deg from DCW)")
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
        for c, g in pieces.items():
            shapely.prepare(g)
        gaps = [g for g in shapely.get_parts(left) if g.area > 0]
        for gap in gaps:
            touch = {c: g for c, g in pieces.items() if shapely.dwithin(gap, g, 1e-6)}
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
        log.append("split " + "/".join(order) + f" at {rp.y:.3f}N {rp.x:.3f}")
    return result, log


def shift_aves(geom):
    """Move the Isla de Aves islet (inside AVES_BOX) to its published position."""
    parts = list(shapely.get_parts(geom))
    idx = [i for i, p in enumerate(parts) if AVES_BOX.contains(p.representative_point())]
    if len(idx) != 1:
        raise SystemExit(f"expected one Isla de Aves polygon, found {len(idx)}")
    p = parts[idx[0]]
    c = p.centroid
    dx, dy = AVES_LON - c.x, AVES_LAT - c.y
    parts[idx[0]] = shapely.transform(p, lambda xy: xy + np.array([dx, dy]))
    _, _, dist = GEOD.inv(c.x, c.y, AVES_LON, AVES_LAT)
    return MultiPolygon(parts), (c.x, c.y, dist)


def finish(geom):
    geom = shapely.set_precision(shapely.make_valid(geom), GRID)
    polys = [orient(p, sign=1.0) for p in shapely.get_parts(geom)
             if p.geom_type == "Polygon" and p.area > 0]
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


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "GeoData/land/land.geojson"
    land = gshhg_land()
    land.sort(key=lambda p: (-round(p.area, 12), p.representative_point().coords[0]))
    dcw = {}
    for code in sorted(STATES):
        g = dcw_country(code)
        if not g.is_empty:
            dcw[code] = g
    result, log = attribute(land, dcw)
    ve = unary_union(result["VE"])
    ve, (ax, ay, adist) = shift_aves(ve)
    result["VE"] = [ve]
    features = []
    for code in sorted(result, key=lambda c: STATES[c][0]):
        if not result[code]:
            continue
        iso3, name = STATES[code]
        mp = finish(unary_union(result[code]))
        props = {
            "id": iso3,
            "name": name,
            "source": "coast: GSHHG 2.3.7 high (Debian gmt-gshhg-high, LGPL-3+); "
                      "attribution and land borders: DCW-GMT 2.1.1 (Debian gmt-dcw, LGPL-3+)",
            "method": "GSHHG level-1 land (lakes included, Lake Maracaibo water) cut by "
                      "DCW country polygons, clipped to 95W-45W 5S-30N; built by "
                      "GeoData/scripts/build_land.py",
            "version": VERSION,
        }
        if iso3 == "VEN":
            props["method"] += ("; Isla de Aves shifted to 15°40'23.7\"N 63°36'59.9\"W, "
                                "Isla de Aves and Los Monjes attributed to Venezuela")
        features.append((props, mp))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_geojson(features), encoding="utf-8")
    for line in log:
        print(line)
    print(f"Isla de Aves: GSHHG centroid {ay:.6f}N {ax:.6f}, moved {adist:.0f} m")
    total = 0
    for props, mp in features:
        area = abs(GEOD.geometry_area_perimeter(mp)[0]) / 1e6
        nv = sum(len(p.exterior.coords) - 1 + sum(len(r.coords) - 1 for r in p.interiors)
                 for p in mp.geoms)
        total += nv
        print(f"{props['id']}: {len(mp.geoms)} polygons, {nv} vertices, {area:,.0f} km2")
    print(f"wrote {out}: {len(features)} features, {total} vertices, "
          f"{out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
