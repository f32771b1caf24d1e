#!/usr/bin/env python3
"""Build the Flight Information Regions of the theatre (125W-40W, 20S-35N):
the 13 around Maiquetía (SVZM) and the Caribbean basin (FIRS below) and the
29 others (fir_theatre.py) -> GeoData/fir/<ICAO>.geojson (one file per FIR;
SVZM itself is build_fir_svzm.py's). Provenance: GeoData/fir/REGION.md and
GeoData/fir/THEATRE.md.

Inputs:
  * published boundary points, written below as constants (FIRS). Authority:
    each state's AIP (ENR 2.1) and the ICAO CAR/SAM air navigation plan; no
    readable copy of those coordinate lists was available offline, so the
    points were read off the VATSIM VATSpy data project's Boundaries.geojson
    (commit 9f8d09cb, Aug 2026, licence CC BY-SA 4.0) and written as the round
    DMS values they stand for (see "Reading the VATSpy points" below);
  * national land borders from DCW-GMT 2.1.1 (Debian `gmt-dcw`, LGPL-3+), read
    with `gmt coast -E<code> -M` exactly as build_fir_svzm.py does;
  * Maiquetía itself: GeoData/fir/SVZM.geojson (built first by
    build_fir_svzm.py). It is read, never rewritten: every edge a neighbour
    shares with SVZM is cut out of SVZM's ring vertex for vertex.

Reading the VATSpy points. Most coordinates are whole seconds and are used as
they are. Some stretches (SVZM, SKED, SKEC, MPZL, parts of SBAZ) carry a
constant conversion shift of about -1.2" in latitude (N), +1.3" (S) and
+1.8" in west longitude, e.g. 11°59'58.8"N 071°00'01.8"W for 12°00'N 071°W;
those values were corrected and rounded to the 5" grid they then fall on.
Values a few hundredths of a second off a whole second (decimal-degree
sources) were rounded to it; the few that are neither are kept to 0.1".
VATSpy vertices that are only its own approximation of a land border or of a
border's coastal terminus were dropped: those stretches use DCW instead.

Topology (what makes neighbours tile with no gap and no overlap):
  * every boundary is a chain of nodes (published points, and border ends);
  * a sea edge between two nodes is one WGS84 geodesic densified at <= 5 km,
    computed once and stored under the unordered node pair, so both FIRs on
    either side use the same vertex sequence (one of them reversed); SVZM's
    sea edges are taken from SVZM.geojson itself;
  * a node of one FIR that lies on another FIR's sea edge (a T-junction, e.g.
    15N 074W on Curaçao's 074W meridian) is inserted into that edge first;
  * a land border between two countries is one DCW polyline, cut once and
    used by both FIRs; tripoints and cut points are shared nodes.
SKEC (Barranquilla) is cut out of SKED (Bogotá): VATSpy draws Bogotá over
all of Colombia, but they are two adjacent FIRs.
The theatre's other FIRs are VATSpy's polygons made to tile with these
(fir_theatre.py: cleaned points, DCW land borders, overlaps and gaps between
VATSpy's polygons resolved); the Eastern Pacific's unassigned airspace (NO
FIR) is in no file. Every file carries accuracy_sea_m / accuracy_land_m
(ACCURACY below).

Usage: build_firs.py [OUT_DIR]   (default: GeoData/fir)
Needs: python3, shapely, pyproj, numpy, scipy, and `gmt` with the DCW file;
run build_fir_svzm.py first (OUT_DIR/SVZM.geojson is read). About 20 s.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely import STRtree, distance, points
from shapely.geometry import MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.polygon import orient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_fir_svzm as svzm  # noqa: E402  shared helpers (DCW reader, densify, number format)
import fir_theatre as theatre  # noqa: E402  the FIRs of the rest of the theatre

# Bump when an input or the method changes (constant, so that re-running
# reproduces every file byte for byte).
VERSION = "2026-11-29"
# Version of the FIRs added for the whole theatre, and of those of the above
# whose geometry changed with them (SKED, cut around SKEC).
THEATRE_VERSION = "2026-11-30"
DECIMALS = svzm.DECIMALS          # 7
GEOD = svzm.GEOD                  # WGS84
NODE_TOL_DEG = svzm.NODE_TOL_DEG  # ~110 m: a vertex on a neighbour's outline is "border"
TJUNCTION_TOL_DEG = 1e-6          # a node this close to another FIR's edge chord lies on it
JUNCTION_SNAP_KM = 5.0            # border ends this close to an existing node are that node
ROOT = Path(__file__).resolve().parents[2]

VATSPY = "VATSpy data project Boundaries.geojson @9f8d09cb (CC BY-SA 4.0)"

# ---------------------------------------------------------------------------
# Land borders (DCW-GMT). Each is cut once and shared by the FIRs on its two
# sides. (name, master country, other country): the border is the longest run
# of vertices of the master's largest DCW ring lying within NODE_TOL_DEG of
# the other country's outline. The VE-* borders are cut from SVZM's ring.
# ---------------------------------------------------------------------------
DCW_BORDERS = [
    ("CO-BR", "CO", "BR"),   # Piedra del Cocuy (VE tripoint) .. Leticia/Tabatinga
    ("GY-BR", "GY", "BR"),   # Monte Roraima (VE tripoint) .. GY-SR-BR tripoint
    ("GY-SR", "GY", "SR"),   # GY-SR-BR tripoint .. Courantyne mouth
    ("SR-BR", "SR", "BR"),   # GY-SR-BR tripoint .. SR-GF-BR tripoint
    ("SR-GF", "SR", "GF"),   # SR-GF-BR tripoint .. Maroni mouth
    ("GF-BR", "GF", "BR"),   # SR-GF-BR tripoint .. Oiapoque mouth
    ("HT-DO", "HT", "DO"),   # Hispaniola: Anse-à-Pitres/Pedernales .. Dajabón/Manzanillo
    ("CO-PA", "CO", "PA"),   # Pacific (Punta Ardita) .. Caribbean (Cabo Tiburón)
]

# Published points where an internal FIR line meets a land border. The
# boundary joins the border at the border vertex nearest to the point
# (distance printed by the build and recorded in REGION.md). (node name,
# border to cut, DMS point): the border is split there in two pieces
# "<border>/a" (from its first end) and "<border>/b".
BORDER_CUTS = [
    # SKEC/SKED line meets the VE-CO border (VATSpy 08°38'18.8"N 072°39'31.8"W).
    ("J-SKEC-VE", "VE-CO", "083820N 0723930W"),
    # Meridian 077°25'W (SKEC/MPZL) and SKEC/SKED line meet the CO-PA border.
    ("J-SKEC-PA", "CO-PA", "083500N 0772500W"),
]

# ---------------------------------------------------------------------------
# FIR boundaries: cyclic chains of tokens. A string is a point
# ("DDMMSS[.s]N DDDMMSS[.s]W"); "@NAME" is a named node (a border end or cut);
# "=NAME" is a land-border piece, run in whichever direction continues the
# chain. Consecutive points are joined by geodesics.
# Order follows VATSpy's rings; the builder orients every ring CCW.
# Points: VATSpy (see module docstring) / AIPs, as stated per FIR.
# ---------------------------------------------------------------------------
FIRS = {
    # Curaçao FIR. All sea points.
    "TNCF": ("Curaçao", [
        "123000N 0703000W", "123000N 0712500W", "142000N 0740000W", "160000N 0740000W",
        "170000N 0730000W", "170000N 0714000W", "160000N 0714000W", "160000N 0680000W",
        "154100N 0670400W", "112400N 0675800W",
    ]),
    # Piarco FIR, including its oceanic part (VATSpy TTZP + TTZO "Piarco
    # Oceanic", joined along 057°W from 08°55'N to 18°N).
    "TTZP": ("Piarco", [
        "150000N 0650000W", "150000N 0631500W", "152000N 0630000W", "172200N 0630000W",
        "180000N 0620000W", "180000N 0570000W",
        # oceanic part (VATSpy TTZO)
        "180000N 0450000W", "221800N 0400000W", "165957N 0373000W", "133000N 0373000W",
        "100000N 0480000W", "092000N 0540000W",
        # back on VATSpy TTZP
        "085500N 0570000W", "085500N 0595700W", "095923N 0612757W", "095923N 0615540W",
        "100506N 0620328W", "104400N 0614700W", "110000N 0623000W",
    ]),
    # San Juan FIR (including its oceanic part, as far as VATSpy has it).
    "TJZS": ("San Juan", [
        "193900N 0690900W", "203040N 0682015W", "211421N 0673902W", "220000N 0664442W",
        "220549N 0650805W", "220000N 0640000W", "212612N 0632400W", "200000N 0615400W",
        "180000N 0613000W", "180000N 0620000W", "172200N 0630000W", "152000N 0630000W",
        "150000N 0631500W", "150000N 0650000W", "154100N 0670400W", "160000N 0680000W",
        "190000N 0680000W",
    ]),
    # Santo Domingo FIR: sea points, and the Haiti-Dominican Republic border
    # (DCW) instead of VATSpy's 20 border points.
    "MDCS": ("Santo Domingo", [
        "160000N 0714000W", "170000N 0714000W", "=HT-DO", "202500N 0714000W",
        "202500N 0703000W", "193900N 0690900W", "190000N 0680000W", "160000N 0680000W",
    ]),
    # Port-au-Prince FIR.
    "MTEG": ("Port-au-Prince", [
        "183000N 0750000W", "200000N 0732000W", "202500N 0730000W", "202500N 0714000W",
        "=HT-DO", "170000N 0714000W", "170000N 0730000W",
    ]),
    # Kingston FIR. All sea points.
    "MKJK": ("Kingston", [
        "200000N 0820000W", "200000N 0782000W", "193000N 0773000W", "183000N 0750000W",
        "170000N 0730000W", "160000N 0740000W", "150000N 0740000W", "150000N 0821500W",
        "190000N 0820500W",
    ]),
    # Panamá FIR: Caribbean and Pacific points, the Colombia-Panama border
    # (DCW) from the Pacific coast to the 077°25'W junction, and the
    # Panama-Costa Rica stretch as VATSpy has it (no neighbour of ours there).
    "MPZL": ("Panamá", [
        "150000N 0821500W", "150000N 0772500W", "@J-SKEC-PA", "=CO-PA/a",
        "064400N 0781800W", "062800N 0784700W", "061600N 0790300W", "043000N 0800000W",
        "043200N 0825500W", "073000N 0825500W", "073300N 0825500W", "080200N 0825400W",
        "081442N 0825530W", "082000N 0830300W", "082812N 0825042W", "083800N 0824915W",
        "084454N 0825530W", "085630N 0824300W", "090600N 0825600W", "092800N 0825630W",
        "093000N 0825100W", "093524N 0825312W", "093730N 0825100W", "092900N 0823712W",
        "093330N 0823600W", "093300N 0823400W", "125400N 0824900W", "130400N 0824600W",
    ]),
    # Barranquilla FIR (nested in SKED on VATSpy's data; kept as its own FIR).
    "SKEC": ("Barranquilla", [
        "150000N 0772500W", "150000N 0740000W", "142000N 0740000W", "123000N 0712500W",
        "120000N 0710000W", "@CASTILLETES", "=VE-CO/b", "@J-SKEC-VE",
        "082120N 0731700W", "075545N 0741250W", "073800N 0745200W", "@J-SKEC-PA",
    ]),
    # Bogotá FIR as VATSpy draws it: all of Colombia's airspace, SKEC included.
    # Land borders with VE (SVZM's DCW line), BR and PA (DCW); the borders with
    # Peru and Ecuador and the Pacific points as VATSpy has them (no neighbour
    # of ours there).
    "SKED": ("Bogotá", [
        "150000N 0772500W", "150000N 0740000W", "142000N 0740000W", "123000N 0712500W",
        "120000N 0710000W", "@CASTILLETES", "=VE-CO/b", "=VE-CO/a", "=CO-BR",
        "041300S 0695900W",
        # Colombia-Peru and Colombia-Ecuador (VATSpy)
        "035000S 0702000W", "035300S 0703200W", "034700S 0704400W", "024400S 0700330W",
        "022900S 0703800W", "021500S 0705400W", "022600S 0712100W", "021130S 0714600W",
        "022500S 0720230W", "022900S 0722400W", "022730S 0725930W", "021830S 0731030W",
        "015230S 0731300W", "014400S 0733030W", "012100S 0733800W", "005800S 0741800W",
        "003130S 0742900W", "001130S 0744406W", "000300S 0751000W", "000600N 0755000W",
        "001930N 0760400W", "002230N 0762200W", "001300N 0762300W", "001400N 0765400W",
        "002300N 0772200W", "004700N 0774500W", "004800N 0775800W", "011700N 0784100W",
        "012500N 0784800W",
        # Pacific
        "012500N 0785500W", "012500N 0825500W", "043200N 0825500W", "043000N 0800000W",
        "061600N 0790300W", "062800N 0784700W", "064400N 0781800W",
        "=CO-PA/a", "@J-SKEC-PA",
    ]),
    # Amazónica FIR: land borders with VE (SVZM's line), CO, GY, SR, GF (DCW);
    # the limits with Bolivia, Peru and the other Brazilian FIRs and the sea
    # limit off Amapá/Pará as VATSpy has them (no neighbour of ours there).
    "SBAZ": ("Amazónica", [
        "172421S 0540724W", "173417S 0544127.6W", "173920S 0553141W", "174717S 0565849W",
        "175000S 0574245.7W", "172800S 0574938.6W", "172021S 0581417.6W", "165252.6S 0582751.6W",
        "162000S 0582030W", "161500S 0600900W", "152730S 0601330W", "150800S 0603100W",
        "150800S 0602300W", "143400S 0602000W", "141100S 0602500W", "140000S 0602230W",
        "135030S 0602300W", "132700S 0610300W", "133000S 0614900W", "130730S 0620700W",
        "125500S 0624930W", "123730S 0630500W", "123900S 0632000W", "122400S 0634500W",
        "122000S 0640000W", "122400S 0642500W", "121500S 0642700W", "115300S 0645700W",
        "112300S 0651730W", "105800S 0651700W", "103500S 0652130W", "101430S 0651500W",
        "094900S 0651600W", "093630S 0652500W", "094730S 0653500W", "094230S 0654400W",
        "094940S 0662731.3W", "101442.4S 0670128.7W", "102904.4S 0673012.5W", "104130S 0680300W",
        "105600S 0681600W", "110553.3S 0683407.6W", "110000S 0684300W", "105600S 0692400W",
        "105700S 0693300W", "105400S 0695300W", "110300S 0702000W", "105400S 0703130W",
        "105800S 0703600W", "101300S 0703500W", "092200S 0702800W", "095800S 0711900W",
        "095830S 0720600W", "093100S 0721500W", "092430S 0723300W", "092400S 0731100W",
        "090430S 0725300W", "082800S 0732000W", "082000S 0733000W", "075500S 0734000W",
        "074800S 0734000W", "073500S 0735600W", "072500S 0735300W", "071930S 0733900W",
        "070600S 0734700W", "064800S 0733830W", "062800S 0730630W", "060300S 0730930W",
        "054200S 0725800W", "051200S 0725100W", "043330S 0715400W", "042500S 0705700W",
        "041300S 0704700W", "041130S 0702300W", "042030S 0701200W", "042030S 0700100W",
        "041300S 0695900W",
        # land borders: CO, VE (SVZM), GY, SR, GF
        "=CO-BR", "=VE-BR", "=GY-BR", "=SR-BR", "=GF-BR",
        # sea limit off Amapá and Pará, then the limits with SBAO/SBRE/SBBS
        "042500N 0513300W",
        "024935.4N 0491948.4W", "011407N 0470315W", "021028S 0415120W", "025119S 0420513W",
        "030148S 0420851W", "034110S 0422205W", "041037S 0423126W", "042355S 0425846W",
        "042907S 0430928W", "043037S 0431057.3W", "044213S 0432311W", "060540S 0441205W",
        "061816S 0444748W", "080837S 0454649W", "085136S 0464020W", "093150S 0470903W",
        "101943S 0471855W", "101710S 0474115W", "100935.6S 0474203W", "095413.6S 0474844.7W",
        "094325S 0480023W", "093907.5S 0480941.6W", "093718S 0482229.4W", "094100S 0483856W",
        "095114.7S 0485234W", "100227S 0485929W", "101330.3S 0490232W", "103049.5S 0510513W",
        "110139S 0514022W", "121054S 0530259W", "125736S 0533005W", "143301S 0533748.4W",
        "152830S 0532351W", "164251S 0530602.6W",
    ]),
    # Georgetown FIR: sea points, land borders with VE (SVZM's line), BR, SR.
    "SYGC": ("Georgetown", [
        "085500N 0601500W", "085500N 0570000W", "055900N 0570000W",
        "=GY-SR", "=GY-BR", "=VE-GY",
    ]),
    # Paramaribo FIR: sea points, land borders with GY, BR, GF.
    "SMPM": ("Paramaribo", [
        "085500N 0570000W", "092000N 0540000W", "054500N 0540000W",
        "=SR-GF", "=SR-BR", "=GY-SR", "055900N 0570000W",
    ]),
    # Cayenne FIR (Rochambeau; SOOO in VATSpy) with its oceanic part.
    "SOOO": ("Cayenne", [
        "092000N 0540000W", "100000N 0480000W", "133000N 0373000W", "074000N 0350000W",
        "050000N 0400000W", "050000N 0480000W", "043000N 0510000W", "042500N 0513300W",
        "=GF-BR", "=SR-GF", "054500N 0540000W",
    ]),
}


# How far each FIR's lines may be from the real ones, metres: (at sea, over
# land), written as accuracy_sea_m / accuracy_land_m (rules: fir_theatre.py;
# table and reasons: REGION.md, THEATRE.md). 100 at sea: the published round
# points; a FIR with no line over land carries 100 there too. 5000 over land:
# DCW borders. SKED, SBAZ: also VATSpy's own lines for the borders with
# Ecuador, Peru (SKED: up to 14.8 km off DCW's) and Peru, Bolivia (SBAZ: up to
# 22.2 km off DCW's, at the Guapore near 12.56S 63.94W).
ACCURACY = {
    "TNCF": (100, 100), "TTZP": (100, 100), "TJZS": (100, 100), "MKJK": (100, 100),
    "MDCS": (100, 5000), "MTEG": (100, 5000), "MPZL": (100, 5000), "SKEC": (100, 5000),
    "SKED": (100, 15000), "SBAZ": (100, 23000), "SYGC": (100, 5000), "SMPM": (100, 5000),
    "SOOO": (100, 5000),
    **theatre.ACCURACY,
}


def parse_dms(text):
    """'DDMMSS[.s]N DDDMMSS[.s]W' -> (lon, lat) rounded to DECIMALS."""
    out = []
    for part, width in zip(text.split(), (2, 3)):
        hemi, digits = part[-1], part[:-1]
        deg, mins, secs = int(digits[:width]), int(digits[width:width + 2]), float(digits[width + 2:])
        v = deg + mins / 60 + secs / 3600
        out.append(-v if hemi in "SW" else v)
    lat, lon = out
    return round(lon, DECIMALS), round(lat, DECIMALS)


def rnd(p):
    return round(p[0], DECIMALS), round(p[1], DECIMALS)


def dedupe(line):
    return [p for k, p in enumerate(line) if k == 0 or p != line[k - 1]]


def geo_km(a, b):
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


# ---------------------------------------------------------------------------
# SVZM: its ring, its nodes and the edges it offers to neighbours
# ---------------------------------------------------------------------------
def load_svzm(path):
    fc = json.loads(path.read_text(encoding="utf-8"))
    ring = [tuple(c) for c in fc["features"][0]["geometry"]["coordinates"][0][:-1]]
    index = {p: i for i, p in enumerate(ring)}
    sea = [rnd(svzm.dms_to_lonlat(p)) for p in svzm.SEA_POINTS_DMS]
    missing = [p for p in sea if p not in index]
    if missing:
        raise SystemExit(f"SVZM.geojson lacks sea points {missing}: rebuild it first")
    return ring, index, sea


def ring_path(ring, i, j, avoid):
    """Vertices of the cyclic ring from index i to j, the way that does not
    pass any index in `avoid`."""
    n = len(ring)
    fwd = [(i + k) % n for k in range((j - i) % n + 1)]
    if not set(fwd[1:-1]) & avoid:
        return [ring[k] for k in fwd]
    bwd = [(i - k) % n for k in range((i - j) % n + 1)]
    if set(bwd[1:-1]) & avoid:
        raise SystemExit("ring_path: both ways blocked")
    return [ring[k] for k in bwd]


# ---------------------------------------------------------------------------
# Land borders
# ---------------------------------------------------------------------------
_dcw_cache = {}


def dcw(code):
    if code not in _dcw_cache:
        _dcw_cache[code] = svzm.dcw_segments(code)
    return _dcw_cache[code]


def dcw_border(master, other):
    """The master's DCW border with `other`: longest run of the master's
    largest ring within NODE_TOL_DEG of the other's outline."""
    ring = max(dcw(master), key=len)
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    near = distance(points(ring), MultiLineString(dcw(other))) < NODE_TOL_DEG
    first, last = svzm.longest_run(near)
    n = len(ring)
    return dedupe([rnd(ring[(first + k) % n]) for k in range((last - first) % n + 1)])


def nearest_index(line, p):
    return int(np.argmin([geo_km(p, q) for q in line]))


def build_borders(svzm_ring, svzm_index, svzm_sea):
    """Named land-border pieces {name: [(lon, lat), ...]}, named nodes
    {name: (lon, lat)} and a log of where each border end was joined."""
    nodes, pieces = {}, {}
    log = []
    # SVZM's land border is the longest run of its ring's vertices that are
    # vertices of DCW's Venezuela ring (the sea edges are geodesic
    # interpolations); it runs from Punta Playa to Castilletes (ring index 0).
    ve_set = {rnd(p) for p in max(dcw("VE"), key=len)}
    first, last = svzm.longest_run(np.array([p in ve_set for p in svzm_ring]))
    n = len(svzm_ring)
    land = [svzm_ring[(first + k) % n] for k in range((last - first) % n + 1)]
    castilletes = svzm_ring[0]
    if castilletes not in (land[0], land[-1]):
        raise SystemExit("SVZM land border does not end at Castilletes")
    if land[0] == castilletes:
        land.reverse()                      # Punta Playa ... Castilletes
    if {svzm_index[p] for p in svzm_sea} & {svzm_index[p] for p in land}:
        raise SystemExit("SVZM land border runs through a sea point")
    nodes["CASTILLETES"], nodes["PUNTA-PLAYA"] = castilletes, land[0]

    # DCW borders with the neighbours, first so that tripoints can be placed.
    raw = {name: dcw_border(m, o) for name, m, o in DCW_BORDERS}
    # VE tripoints: the SVZM border vertex nearest to the end of CO-BR / GY-BR.
    def svzm_node(p):
        k = nearest_index(land, p)
        return k, land[k]

    k_gb, t_gb = svzm_node(min(raw["GY-BR"][0], raw["GY-BR"][-1], key=lambda q: q[0]))   # western end
    k_cb, t_cb = svzm_node(max(raw["CO-BR"][0], raw["CO-BR"][-1], key=lambda q: q[1]))   # northern end
    nodes["T-VE-GY-BR"], nodes["T-VE-CO-BR"] = t_gb, t_cb
    pieces["VE-GY"] = land[:k_gb + 1]
    pieces["VE-BR"] = land[k_gb:k_cb + 1]
    pieces["VE-CO"] = land[k_cb:]           # ... to Castilletes

    # Join every DCW border's ends to existing nodes (tripoints) where close.
    def join(line, label):
        line = list(line)
        for end in (0, -1):
            best = min(nodes.items(), key=lambda kv: geo_km(kv[1], line[end]))
            d = geo_km(best[1], line[end])
            if d <= JUNCTION_SNAP_KM:
                log.append(f"{label} end {rnd(line[end])} -> node {best[0]} ({d * 1000:.0f} m)")
                line[end] = best[1]
            else:
                name = f"{label}:{'start' if end == 0 else 'end'}"
                nodes[name] = line[end]
        return dedupe(line)

    for name, _, _ in DCW_BORDERS:
        pieces[name] = join(raw[name], name)

    # Cuts where an internal FIR line meets a border.
    for node, border, dms in BORDER_CUTS:
        p = parse_dms(dms)
        line = pieces.pop(border)
        k = nearest_index(line, p)
        if k in (0, len(line) - 1):
            raise SystemExit(f"cut {node} falls on an end of {border}")
        nodes[node] = line[k]
        pieces[f"{border}/a"], pieces[f"{border}/b"] = line[:k + 1], line[k:]
        log.append(f"{node}: {dms} joins {border} at {line[k]} ({geo_km(p, line[k]) * 1000:.0f} m off)")
    return pieces, nodes, log


# ---------------------------------------------------------------------------
# Rings
# ---------------------------------------------------------------------------
def coarse_chain(tokens, pieces, nodes):
    """Expand a FIR's tokens into its coarse ring (anchors, kinds): points,
    and land-border pieces oriented to continue the chain."""
    items = []
    for t in tokens:
        if t.startswith("="):
            items.append(["land", pieces[t[1:]]])
        elif t.startswith("@"):
            items.append(["pt", nodes[t[1:]]])
        else:
            items.append(["pt", parse_dms(t)])

    def end_of(item):
        return item[1] if item[0] == "pt" else item[1][-1]

    # orient land pieces: start at the end nearer to the previous item's end
    # (for the first item, the previous is the last item: cyclic)
    for _ in range(2):
        for k, it in enumerate(items):
            if it[0] == "land":
                ref = end_of(items[k - 1])
                if geo_km(ref, it[1][-1]) < geo_km(ref, it[1][0]):
                    it[1] = it[1][::-1]
    # flatten: anchors[k] is a vertex of the coarse ring, kinds[k] the kind
    # of the edge leaving it ('sea': geodesic to be densified, 'land': a
    # straight DCW border segment, kept as it is)
    anchors, kinds = [], []
    for it in items:
        if it[0] == "pt":
            if anchors and anchors[-1] == it[1]:
                continue
            anchors.append(it[1])
            kinds.append("sea")
        else:
            line = it[1]
            if anchors and anchors[-1] == line[0]:
                anchors.pop()
                kinds.pop()
            for q in line[:-1]:
                anchors.append(q)
                kinds.append("land")
            anchors.append(line[-1])
            kinds.append("sea")
    if anchors[0] == anchors[-1]:
        anchors.pop()
        kinds.pop()
    return anchors, kinds


def on_chord(a, b, q):
    """Fraction along a-b if q lies on the straight lon/lat chord a-b (within
    TJUNCTION_TOL_DEG), else None. VATSpy's lines are such chords, so a node
    of one FIR that falls on a neighbour's edge lies exactly on its chord."""
    ax, ay = b[0] - a[0], b[1] - a[1]
    L2 = ax * ax + ay * ay
    f = ((q[0] - a[0]) * ax + (q[1] - a[1]) * ay) / L2
    if not 0 < f < 1:
        return None
    d = math.hypot(a[0] + f * ax - q[0], a[1] + f * ay - q[1])
    return f if d <= TJUNCTION_TOL_DEG else None


def insert_tjunctions(rings, protected):
    """Insert into every sea edge the nodes of other FIRs that lie on it."""
    # nodes: points where a sea edge starts or ends (published points and
    # border ends), not the inner vertices of land borders
    owners = {}
    for fir, (anchors, kinds) in rings.items():
        for i, p in enumerate(anchors):
            if "sea" in (kinds[i], kinds[i - 1]):
                owners.setdefault(p, set()).add(fir)
    all_nodes = sorted(owners)
    log = []
    for fir, (anchors, kinds) in rings.items():
        out_a, out_k = [], []
        n = len(anchors)
        for i in range(n):
            a, b = anchors[i], anchors[(i + 1) % n]
            out_a.append(a)
            out_k.append(kinds[i])
            if kinds[i] != "sea":
                continue
            hits = []
            for q in all_nodes:
                if q in (a, b) or owners[q] == {fir}:
                    continue
                f = on_chord(a, b, q)
                if f is not None:
                    hits.append((f, q))
            if hits and tuple(sorted((a, b))) in protected:
                raise SystemExit(f"{fir}: a node lies on SVZM's edge {a}-{b}: {hits}")
            for f, q in sorted(hits):
                log.append(f"{fir}: node {q} of {'/'.join(sorted(owners[q]))} inserted into edge {a}-{b}")
                out_a.append(q)
                out_k.append("sea")
        rings[fir] = (out_a, out_k)
    return log


class SeaEdges:
    """Geodesic edges, densified once per unordered node pair."""

    def __init__(self):
        self.edges = {}

    def seed(self, a, b, line):
        self.edges[tuple(sorted((a, b)))] = line if a <= b else line[::-1]

    def get(self, a, b):
        key = tuple(sorted((a, b)))
        if key not in self.edges:
            p, q = key
            line = [p] + [rnd(x) for x in svzm.geodesic_edge(p, q)] + [q]
            # an edge along the antimeridian (KZAK's, split there by VATSpy as
            # RFC 7946 wants): keep its longitudes on the side of its ends
            if p[0] >= 0 and q[0] >= 0:
                line = [(180.0, y) if x == -180.0 else (x, y) for x, y in line]
            elif p[0] <= 0 and q[0] <= 0:
                line = [(-180.0, y) if x == 180.0 else (x, y) for x, y in line]
            self.edges[key] = line
        line = self.edges[key]
        return line if key[0] == a else line[::-1]


def densify(anchors, kinds, sea):
    out = []
    n = len(anchors)
    for i in range(n):
        a, b = anchors[i], anchors[(i + 1) % n]
        if kinds[i] == "sea":
            out.extend(sea.get(a, b)[:-1])
        else:
            out.append(a)
    ring = dedupe(out)
    while ring[0] == ring[-1]:
        ring.pop()
    return ring


def insert_tjunctions_all(shapes, protected):
    """As insert_tjunctions, for every ring of every FIR (shapes: {fir:
    [[(anchors, kinds), ...], ...]}, parts of rings): a node of one FIR lying
    on another FIR's sea edge (on its lon/lat chord) is inserted into it."""
    owners = {}
    for fir, parts in shapes.items():
        for part in parts:
            for anchors, kinds in part:
                for i, p in enumerate(anchors):
                    if "sea" in (kinds[i], kinds[i - 1]):
                        owners.setdefault(p, set()).add(fir)
    all_nodes = sorted(owners)
    tree = STRtree([Point(p) for p in all_nodes])
    log, changed = [], set()
    for fir, parts in shapes.items():
        new_parts = []
        for part in parts:
            new_rings = []
            for anchors, kinds in part:
                out_a, out_k = [], []
                n = len(anchors)
                for i in range(n):
                    a, b = anchors[i], anchors[(i + 1) % n]
                    out_a.append(a)
                    out_k.append(kinds[i])
                    if kinds[i] != "sea":
                        continue
                    env = shapely.box(min(a[0], b[0]) - 1e-5, min(a[1], b[1]) - 1e-5,
                                      max(a[0], b[0]) + 1e-5, max(a[1], b[1]) + 1e-5)
                    hits = []
                    for k in sorted(tree.query(env)):
                        q = all_nodes[k]
                        if q in (a, b) or owners[q] == {fir}:
                            continue
                        f = on_chord(a, b, q)
                        if f is not None:
                            hits.append((f, q))
                    if hits and tuple(sorted((a, b))) in protected:
                        raise SystemExit(f"{fir}: a node lies on SVZM's edge {a}-{b}: {hits}")
                    for f, q in sorted(hits):
                        log.append(f"{fir}: node {q} of {'/'.join(sorted(owners[q]))} "
                                   f"inserted into edge {a}-{b}")
                        out_a.append(q)
                        out_k.append("sea")
                        changed.add(fir)
                new_rings.append((out_a, out_k))
            new_parts.append(new_rings)
        shapes[fir] = new_parts
    return log, changed


def polygon_of(parts, sea):
    """Densified, oriented (exterior counter-clockwise) Polygon or MultiPolygon."""
    polys = []
    for part in parts:
        rings = [densify(anchors, kinds, sea) for anchors, kinds in part]
        polys.append(orient(Polygon(rings[0] + [rings[0][0]], [r + [r[0]] for r in rings[1:]]),
                            sign=1.0))
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def to_geojson(icao, name, geom, sources, method, version, accuracy):
    def ring_text(ring):
        return "[" + ",".join(f"[{svzm.fmt(x)},{svzm.fmt(y)}]" for x, y in ring.coords) + "]"

    def poly_text(p):
        return "[" + ",".join(ring_text(r) for r in [p.exterior, *p.interiors]) + "]"

    if geom.geom_type == "Polygon":
        gtext = '{"type":"Polygon","coordinates":' + poly_text(geom) + "}"
    else:
        gtext = ('{"type":"MultiPolygon","coordinates":['
                 + ",".join(poly_text(p) for p in geom.geoms) + "]}")
    props = {"id": icao, "icao": icao, "name": name, "kind": "FIR",
             "source": sources, "method": method, "version": version,
             "accuracy_sea_m": accuracy[0], "accuracy_land_m": accuracy[1]}
    return ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
            + json.dumps(props, ensure_ascii=False, separators=(",", ":"))
            + ',"geometry":' + gtext + "}]}\n")


def describe(tokens):
    borders = sorted({t[1:].split("/")[0] for t in tokens if t.startswith("=")})
    n_pts = sum(1 for t in tokens if not t.startswith(("=", "@")))
    src = (f"{n_pts} boundary points: AIP ENR 2.1 / ICAO CAR/SAM, as read off the {VATSPY}")
    meth = ("sea edges WGS84 geodesics densified at <= 5 km; edges shared with neighbouring "
            "FIRs identical vertex for vertex; built by GeoData/scripts/build_firs.py")
    if borders:
        ve = [b for b in borders if b.startswith("VE-")]
        src += ("; land borders " + ", ".join(borders)
                + " from DCW-GMT 2.1.1 (Debian gmt-dcw, LGPL-3+)"
                + (" (VE borders as in SVZM.geojson)" if ve else ""))
        meth = "DCW land borders between published points; " + meth
    return src, meth


def coarse_shape(geom, land_pairs):
    """[[(anchors, kinds), ...], ...] of a coarse polygon from the overlay; an
    edge is 'land' (kept straight) when it is a DCW border segment."""
    parts = []
    for rings in theatre.rings_of(geom):
        part = []
        for r in rings:
            n = len(r)
            kinds = ["land" if frozenset((r[i], r[(i + 1) % n])) in land_pairs else "sea"
                     for i in range(n)]
            part.append((r, kinds))
        parts.append(part)
    return parts


def main():
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "GeoData/fir"
    svzm_path = out_dir / "SVZM.geojson"
    s_ring, s_index, s_sea = load_svzm(svzm_path)
    pieces, nodes, log = build_borders(s_ring, s_index, s_sea)

    # SVZM's sea edges, seeded vertex for vertex from its file: the chain
    # Castilletes -> 13 points -> Punta Playa.
    sea = SeaEdges()
    chain = [nodes["CASTILLETES"]] + s_sea + [nodes["PUNTA-PLAYA"]]
    chain_idx = {s_index[p] for p in chain}
    protected = set()
    for a, b in zip(chain[:-1], chain[1:]):
        line = ring_path(s_ring, s_index[a], s_index[b], chain_idx - {s_index[a], s_index[b]})
        sea.seed(a, b, line)
        protected.add(tuple(sorted((a, b))))

    rings = {icao: coarse_chain(tokens, pieces, nodes) for icao, (_, tokens) in FIRS.items()}

    # The FIRs above, as coarse polygons (chords between nodes; SVZM without
    # the densified vertices of its sea edges). SKEC is cut out of SKED: two
    # adjacent FIRs, not nested (see REGION.md).
    interior = {p for line in sea.edges.values() for p in line[1:-1]}
    s_coarse = [p for p in s_ring if p not in interior]
    built = {icao: Polygon(a + [a[0]]) for icao, (a, _) in rings.items()}
    built["SVZM"] = Polygon(s_coarse + [s_coarse[0]])
    built["SKED"] = shapely.difference(built["SKED"], built["SKEC"], grid_size=theatre.GRID)
    if built["SKED"].geom_type != "Polygon":
        raise SystemExit("SKED minus SKEC is not one polygon")
    built_nodes = set(s_coarse) | {p for a, _ in rings.values() for p in a}
    land_pairs = {frozenset((a[i], a[(i + 1) % len(a)]))
                  for a, k in rings.values() for i in range(len(a)) if k[i] == "land"}

    tlog = []
    placed, t_land, no_fir, _ = theatre.build(built, built_nodes, GEOD, tlog)
    land_pairs |= t_land

    shapes = {}
    for icao in FIRS:
        shapes[icao] = (coarse_shape(built["SKED"], land_pairs) if icao == "SKED"
                        else [[rings[icao]]])
    for icao in theatre.PRIORITY:
        shapes[icao] = coarse_shape(placed[icao], land_pairs)
    # the 13 FIRs among themselves (as before the theatre was added): a FIR
    # whose ring ends up different from this is changed by its new neighbours
    alone = {icao: (list(a), list(k)) for icao, (a, k) in rings.items()}
    log += insert_tjunctions(alone, protected)
    jlog, _ = insert_tjunctions_all(shapes, protected)
    changed = {icao for icao in FIRS if icao != "SKED" and shapes[icao][0][0] != alone[icao]}
    jlog = [line for line in jlog if line.split(":")[0] not in FIRS or line.split(":")[0] in changed]

    out_dir.mkdir(parents=True, exist_ok=True)
    for icao in sorted(shapes):
        if icao in FIRS:
            name, tokens = FIRS[icao]
            src, meth = describe(tokens)
            if icao == "SKED":
                meth = "SKEC (Barranquilla) cut out of it: adjacent FIRs; " + meth
            version = THEATRE_VERSION if icao == "SKED" or icao in changed else VERSION
        else:
            name = theatre.THEATRE_FIRS[icao][0]
            src, meth = theatre.describe(icao)
            version = THEATRE_VERSION
        geom = polygon_of(shapes[icao], sea)
        if not geom.is_valid:
            from shapely.validation import explain_validity
            raise SystemExit(f"{icao} polygon is not valid: {explain_validity(geom)}")
        (out_dir / f"{icao}.geojson").write_text(
            to_geojson(icao, name, geom, src, meth, version, ACCURACY[icao]), encoding="utf-8")
        area = abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6
        nv = sum(len(p.exterior.coords) - 1 + sum(len(r.coords) - 1 for r in p.interiors)
                 for p in getattr(geom, "geoms", [geom]))
        print(f"wrote {icao}.geojson: {nv} vertices, area {area:,.0f} km2")
    no_fir_area = abs(GEOD.geometry_area_perimeter(no_fir)[0]) / 1e6
    print(f"not written: the Eastern Pacific's unassigned airspace (NO FIR), "
          f"{no_fir_area:,.0f} km2, between " + " ".join(
              f"{y:.4f},{x:.4f}" for x, y in no_fir.exterior.coords[:-1]))
    for line in log + tlog + jlog:
        print("  " + line)


if __name__ == "__main__":
    main()
