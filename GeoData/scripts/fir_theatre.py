"""The FIRs of the theatre beyond the Caribbean basin: which ones, from which
VATSpy polygons, and how they are made to tile with the FIRs build_firs.py
already builds. Used by build_firs.py (which writes the files); see
GeoData/fir/THEATRE.md for the provenance of every choice made here.

Method, in order (all of it on the "coarse" rings: published points and DCW
border vertices joined by straight lon/lat chords; build_firs.py then turns
every chord into a WGS84 geodesic densified at <= 5 km, once per node pair,
so that two FIRs sharing a chord share its densified vertices):

1. Points. Each FIR's ring is VATSpy's (fir_points_vatspy.py), cleaned:
   a coordinate within 0.02" of a whole second is that second (VATSpy writes
   6 decimals of a degree); a point carrying VATSpy's constant conversion
   shift (both coordinates 1.0"-2.2" south and west of the 5" grid) is moved
   onto the grid (as REGION.md does for SVZM's neighbours); a point within
   100 m of a point of the FIRs already built, or of a FIR earlier in
   PRIORITY, is that point.
2. Land borders. Where a FIR line is an international land border between
   two FIRs built here, VATSpy's vertices along it are replaced by the
   border of DCW-GMT 2.1.1 (THEATRE_BORDERS): the master country's largest
   DCW ring between the vertices nearest to two VATSpy points, its ends
   adjusted along the ring to where it stops following the other country's
   outline; VATSpy's points at the ends and at junctions (cuts) become the
   DCW vertices (or the existing node, when one is within 5 km).
3. Partition. The FIRs built before (the 13 of build_firs.py's FIRS and
   SVZM) are fixed. The others are laid in PRIORITY order, each minus
   everything laid before it (so where two VATSpy polygons overlap, the
   earlier one keeps the overlap). A hole left between FIRs (VATSpy's
   polygons do not always meet) goes to the FIR laid here that shares the
   longest boundary with it; the one exception is the Eastern Pacific's
   unassigned airspace ("NO FIR"), which is no FIR's and stays a hole.
   Vertices the overlay makes on a straight stretch are dropped, and the same
   crossing made by two overlays (within 1e-4 degree) is one vertex.
   Overlays use GEOS with a 1e-7 degree grid (the 7 decimals we write).
"""
import math
import subprocess

import numpy as np
import shapely
from shapely import STRtree, points
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

import fir_points_vatspy as vatspy

GRID = 1e-7
DECIMALS = 7
SNAP_EXISTING_KM = 0.1       # a VATSpy point this close to a built node is that node
JOIN_KM = 5.0                # a DCW border end this close to a built node is moved onto it
BORDER_SLACK_KM = 30.0       # VATSpy vertices replaced by a DCW border lie within this of it
ORPHAN_DEG2 = 0.01           # a part of a FIR smaller than this (~120 km2) after the overlay is not kept

# ---------------------------------------------------------------------------
# Which FIRs: ICAO designator -> (name, VATSpy polygons united, note).
# MMFO is derived (see mmfo_ring).
# ---------------------------------------------------------------------------
THEATRE_FIRS = {
    "KZAB": ("Albuquerque", ["KZAB"]),
    "KZAK": ("Oakland Oceanic", ["KZAK"]),
    "KZDC": ("Washington", ["KZDC"]),
    "KZFW": ("Fort Worth", ["KZFW"]),
    "KZHU": ("Houston", ["KZHU"]),
    "KZJX": ("Jacksonville", ["KZJX"]),
    "KZLA": ("Los Angeles", ["KZLA"]),
    "KZMA": ("Miami", ["KZMA"]),
    "KZME": ("Memphis", ["KZME"]),
    "KZNY": ("New York", ["KZNY"]),
    "KZOA": ("Oakland", ["KZOA"]),
    "KZTL": ("Atlanta", ["KZTL"]),
    "KZWY": ("New York Oceanic", ["KZNY/oceanic"]),
    "LPPO": ("Santa Maria Oceanic", ["LPPO"]),
    "MHTG": ("Central American", ["MHCC"]),
    "MMFO": ("Mazatlán Oceanic", []),
    "MMFR": ("Mexico", ["MMFR"]),
    "MUFH": ("Habana", ["MUFH"]),
    "NTTT": ("Tahiti", ["NTTT"]),
    "SBAO": ("Atlántico", ["SBAO"]),
    "SBBS": ("Brasília", ["SBBS"]),
    "SBCW": ("Curitiba", ["SBCW"]),
    "SBRE": ("Recife", ["SBRE"]),
    "SCFZ": ("Antofagasta", ["SCFZ"]),
    "SCIZ": ("Isla de Pascua", ["SCIZ"]),
    "SEFG": ("Guayaquil", ["SEFG"]),
    "SGFA": ("Asunción", ["SGFA"]),
    "SLLF": ("La Paz", ["SLLF"]),
    "SPIM": ("Lima", ["SPIM"]),
}

# How far each FIR's lines may be from the real ones, metres: (at sea, over
# land), written as accuracy_sea_m / accuracy_land_m. 100: straight lines
# between published round points (whole minutes or seconds) carried by VATSpy,
# on which VATSpy's neighbours agree. 1000: VATSpy's line is a polyline of
# non-round points (arcs, coast-parallel limits) or its neighbours disagree by
# up to ~0.7 km (resolved by PRIORITY; SEFG/SPIM: 1500, they disagree by
# 1.47 km); also lines over land between published points that could not be
# checked against their AIP offline (US ARTCC, Brazilian FIR limits). 5000: DCW borders (1:1M). More: VATSpy's own line
# for an international border, measured against DCW's (max, rounded up), or
# VATSpy's two polygons disagreeing (KZDC/KZNY over New Jersey). A FIR with no
# line over land (or at sea) carries the other figure. THEATRE.md has the table.
ACCURACY = {
    "KZAB": (5000, 5000),    # US-MX DCW; ARTCC lines 1 km; no line at sea
    "KZAK": (1000, 1000),    # arcs off California (non-round points)
    # VATSpy's KZDC and KZNY disagree over New Jersey: KZDC's vertex 40.239N
    # 73.699W is 84.6 km from the line kept (KZNY's)
    "KZDC": (85000, 85000),
    "KZFW": (1000, 1000),    # ARTCC lines
    "KZHU": (1000, 5000),    # KZHU/KZMA disagree by up to 0.67 km near 85W; US-MX DCW
    "KZJX": (100, 1000),     # ARTCC lines
    "KZLA": (1000, 5000),    # arcs off California; US-MX DCW
    "KZMA": (1000, 1000),    # KZMA/MDCS disagree by 0.69 km north of Hispaniola; Bahamas polyline
    "KZME": (1000, 1000),    # ARTCC lines
    "KZNY": (85000, 85000),  # see KZDC
    "KZOA": (1000, 1000),    # arcs off California; ARTCC lines
    "KZTL": (1000, 1000),    # ARTCC lines
    "KZWY": (1000, 1000),    # KZWY/KZMA disagree by 0.52 km near 28.2N 76.4W
    "LPPO": (1000, 1000),    # the arc round Madeira as VATSpy's chords
    "MHTG": (100, 5000),     # MX-GT, MX-BZ DCW; CR-PA VATSpy's, <= 3.6 km off DCW
    "MMFO": (100, 100),      # round or whole-second points; 05N 120W from VATSpy's MMFO
    "MMFR": (100, 5000),     # MX-US, MX-GT, MX-BZ DCW
    "MUFH": (1000, 1000),    # MUFH/KZMA line off the Bahamas: non-round polyline
    "NTTT": (100, 100),
    "SBAO": (1000, 1000),    # non-round points; SBAO/SOOO disagree by ~0.5 km
    "SBBS": (1000, 1000),    # Brazilian FIR limits (non-round points)
    "SBCW": (1000, 24000),   # BR-AR (23.1 km) and BR-UY (12.7 km) as VATSpy's; PY-BR, BO-BR DCW
    "SBRE": (1000, 1000),    # non-round points
    "SCFZ": (100, 12000),    # CL-AR as VATSpy's (11.9 km off DCW); PE-CL, BO-CL DCW
    "SCIZ": (100, 100),
    # SEFG/SPIM disagree along 3 24S: SPIM's 03 24S 087W is 1.47 km off
    # SEFG's line (kept); CO-EC as VATSpy's (9.0 km off DCW)
    "SEFG": (1500, 9000),
    "SGFA": (20000, 20000),  # no line at sea; PY-AR as VATSpy's (19.5 km); BO-PY, PY-BR DCW
    # no line at sea; BO-BR as SBAZ's VATSpy line (22.2 km off DCW at the
    # Guapore), BO-AR as VATSpy's (10.1 km)
    "SLLF": (23000, 23000),
    "SPIM": (1500, 15000),   # see SEFG; CO-PE as SKED's VATSpy line (14.8 km), PE-BR (12.3 km)
}

# Overlaps between VATSpy polygons go to the FIR earlier in this list (the 14
# FIRs built before come first, always). The pairs that matter (as VATSpy has
# them): KZNY before KZDC (8,920 km2 over the New Jersey coast), KZNY before
# KZWY (320,372 km2: VATSpy's domestic New York reaches 67W offshore, its
# oceanic polygon covers that too), KZDC before KZWY, KZMA before KZHU (~165
# km2, Gulf near 85W), MUFH, KZWY and KZJX's slivers, SEFG before SPIM (the
# sea line along 03 24S), SBAO before SBRE. The order of the others only
# decides slivers of a few km2 (logged by the build).
PRIORITY = [
    "KZNY", "KZDC", "KZJX", "KZTL", "KZMA", "KZHU", "KZWY", "KZAB", "KZFW", "KZLA",
    "KZME", "KZOA", "KZAK", "LPPO", "MUFH", "MMFR", "MMFO", "MHTG", "NTTT", "SCIZ",
    "SEFG", "SPIM", "SLLF", "SCFZ", "SGFA", "SBAO", "SBRE", "SBBS", "SBCW",
]

# A point of the Eastern Pacific's unassigned high-seas airspace ("NO FIR",
# ICAO: no State is responsible for it): the hole that contains it stays one.
NO_FIR_POINT = (-105.0, -5.0)

# ---------------------------------------------------------------------------
# International land borders between two FIRs built here, from DCW-GMT.
# (name, master, other, tol_deg, (a_point, a_adjust), (b_point, b_adjust), cuts)
# The border is the master's largest DCW ring between the vertices nearest to
# a_point and b_point (DMS as in build_firs.py; they are VATSpy points after
# cleaning), the way round that stays nearer the other country's outline. An
# end marked True is then moved along the ring to the last vertex within
# tol_deg of the other country's outline (where the border meets the coast
# or a third country). Each end replaces VATSpy's point in every ring (or is
# moved onto it when it is a node of a FIR built before and within JOIN_KM).
# cuts: VATSpy points on the border where a third FIR's line meets it; the
# border point nearest to each becomes a vertex, and the border is split there.
# ---------------------------------------------------------------------------
THEATRE_BORDERS = [
    ("MX-US", "MX", "US", 0.003,
     ("323203N 1170725W", False), ("255030N 0972400W", True),
     ["320600N 1133030W", "294600N 1023330W"]),
    ("MX-GT", "MX", "GT", 0.003,
     ("174900N 0890900W", False), ("143300N 0921400W", True), []),
    ("MX-BZ", "MX", "BZ", 0.003,
     ("174900N 0890900W", False), ("182900N 0881900W", True), []),
    ("EC-PE", "PE", "EC", 0.003,
     ("000600S 0752100W", True), ("032600S 0801400W", True), []),
    ("PE-BO", "BO", "PE", 0.003,
     ("105700S 0693300W", False), ("173000S 0692700W", True), []),
    ("PE-CL", "PE", "CL", 0.003,
     ("173000S 0692700W", True), ("182100S 0702200W", True), []),
    ("BO-CL", "BO", "CL", 0.003,
     ("173000S 0692700W", True), ("224500S 0671300W", True), []),
    ("BO-PY", "BO", "PY", 0.003,
     ("201000S 0581000W", True), ("221500S 0624000W", True), []),
    ("BO-BR", "BO", "BR", 0.003,
     ("175000S 0574245.7W", False), ("201000S 0581000W", False), []),
    ("PY-BR", "PY", "BR", 0.003,
     ("201000S 0581000W", False), ("253500S 0543500W", True), []),
]


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


def dedupe_cyclic(ring):
    out = [p for k, p in enumerate(ring) if k == 0 or p != ring[k - 1]]
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


# ---------------------------------------------------------------------------
# 1. Points
# ---------------------------------------------------------------------------
def clean_coord(v):
    """A whole second if within 0.02" of one, else VATSpy's value."""
    s = v * 3600
    r = round(s)
    return round(r / 3600, DECIMALS) if abs(s - r) <= 0.02 else round(v, DECIMALS)


def unshift(p):
    """Undo VATSpy's constant shift: both coordinates 1.0"-2.2" below (south,
    west: more negative) the 5" grid, as on the stretches REGION.md corrects
    (e.g. 20°10'01.6"S 058°10'01.6"W for 20°10'S 058°10'W)."""
    offs, grid = [], []
    for v in p:
        s = v * 3600
        g = round(s / 5) * 5
        offs.append(s - g)
        grid.append(round(g / 3600, DECIMALS))
    if all(-2.2 <= d <= -1.0 for d in offs):
        return tuple(grid)
    return p


def clean_ring(ring, built_tree, built_pts, geod):
    out = []
    for x, y in ring:
        p = unshift((clean_coord(x), clean_coord(y)))
        k = built_tree.query_nearest(Point(p))
        if len(k):
            q = built_pts[int(k[0])]
            if geod.inv(p[0], p[1], q[0], q[1])[2] <= SNAP_EXISTING_KM * 1000:
                p = q
        out.append(p)
    return dedupe_cyclic(out)


# ---------------------------------------------------------------------------
# 2. DCW borders
# ---------------------------------------------------------------------------
_dcw = {}
_dcw_tree = {}


def dcw_segments(code):
    """All polygon rings of a DCW country, (lon, lat), longitudes -180..180."""
    if code not in _dcw:
        out = subprocess.run(["gmt", "coast", f"-E{code}", "-M", "-R-180/180/-90/90"],
                             check=True, capture_output=True, text=True).stdout
        segs = []
        for line in out.splitlines():
            if line.startswith(">"):
                segs.append([])
            elif line.strip():
                x, y = line.split()[:2]
                segs[-1].append((float(x), float(y)))
        _dcw[code] = segs
    return _dcw[code]


def outline_vertices(code):
    if code not in _dcw_tree:
        from scipy.spatial import cKDTree
        arr = np.array([p for s in dcw_segments(code) for p in s])
        _dcw_tree[code] = cKDTree(arr)
    return _dcw_tree[code]


def outline_near(code, bbox, margin=0.5):
    """STRtree of the DCW outline segments of a country within bbox + margin."""
    x0, y0, x1, y1 = bbox[0] - margin, bbox[1] - margin, bbox[2] + margin, bbox[3] + margin
    lines = []
    for s in dcw_segments(code):
        a = np.array(s)
        if a[:, 0].max() < x0 or a[:, 0].min() > x1 or a[:, 1].max() < y0 or a[:, 1].min() > y1:
            continue
        inside = (a[:, 0] >= x0) & (a[:, 0] <= x1) & (a[:, 1] >= y0) & (a[:, 1] <= y1)
        for i in np.nonzero(inside[:-1] | inside[1:])[0]:
            lines.append(LineString([s[i], s[i + 1]]))
    return STRtree(lines)


def dcw_border(master, other, tol, a, b):
    """The master's largest DCW ring from the vertex nearest a to the one
    nearest b (a, b = ((lon, lat), adjust)), the way round nearer the other
    country; adjusted ends moved to the last vertex within tol of other."""
    ring = max(dcw_segments(master), key=len)
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    arr = np.array(ring)
    n = len(arr)
    ia = int(np.argmin(np.hypot(arr[:, 0] - a[0][0], arr[:, 1] - a[0][1])))
    ib = int(np.argmin(np.hypot(arr[:, 0] - b[0][0], arr[:, 1] - b[0][1])))
    kd = outline_vertices(other)
    best = None
    for step in (1, -1):
        idx = [(ia + step * k) % n for k in range(((ib - ia) * step) % n + 1)]
        sample = idx[::max(1, len(idx) // 2000)]
        med = float(np.median(kd.query(arr[sample])[0]))
        if best is None or med < best[0]:
            best = (med, step, idx)
    _, step, idx = best
    sub = arr[idx]
    tree = outline_near(other, (sub[:, 0].min(), sub[:, 1].min(), sub[:, 0].max(), sub[:, 1].max()))

    def near(i):
        _, d = tree.query_nearest(Point(arr[i % n]), return_distance=True, all_matches=False)
        return len(d) > 0 and float(d[0]) < tol

    limit = 400                      # vertices an end may move (a few km of ring)
    if a[1]:
        if near(idx[0]):             # extend outward while still on the border
            k = 0
            while k < limit and near(idx[0] - step):
                idx.insert(0, (idx[0] - step) % n)
                k += 1
        else:                        # retract inward to the first border vertex
            while len(idx) > 2 and not near(idx[0]):
                idx.pop(0)
    if b[1]:
        if near(idx[-1]):
            k = 0
            while k < limit and near(idx[-1] + step):
                idx.append((idx[-1] + step) % n)
                k += 1
        else:
            while len(idx) > 2 and not near(idx[-1]):
                idx.pop()
    line = [rnd((float(arr[i][0]), float(arr[i][1]))) for i in idx]
    line = [p for k, p in enumerate(line) if k == 0 or p != line[k - 1]]
    # DCW's rings pinch in places (a vertex visited twice, e.g. the raster
    # staircase at the Suchiate mouth): cut such loops out of the border
    out, seen = [], {}
    for p in line:
        if p in seen:
            del out[seen[p] + 1:]
            seen = {q: k for k, q in enumerate(out)}
        else:
            seen[p] = len(out)
            out.append(p)
    return out


def build_theatre_borders(built_nodes, geod, log):
    """DCW pieces {name: line}, and the substitution VATSpy point -> node."""
    pieces, subst = {}, {}

    def km(p, q):
        return geod.inv(p[0], p[1], q[0], q[1])[2] / 1000

    def settle(vpoint, end):
        """The node a border end becomes: a built node or an earlier border's
        end within JOIN_KM of it (then the end is moved onto that node), else
        the DCW vertex itself, which replaces VATSpy's point."""
        cands = [q for q in set(subst.values()) | ({vpoint} if vpoint in built_nodes else set())]
        best = min(cands, key=lambda q: km(q, end), default=None)
        if best is not None and km(best, end) <= JOIN_KM:
            return best, f"moved onto node {best} ({km(best, end) * 1000:.0f} m)"
        return end, f"VATSpy point {vpoint} -> DCW vertex {end} ({km(vpoint, end) * 1000:.0f} m)"

    for name, master, other, tol, a, b, cuts in THEATRE_BORDERS:
        pa, pb = parse_dms(a[0]), parse_dms(b[0])
        line = dcw_border(master, other, tol, (pa, a[1]), (pb, b[1]))
        for end, vp in ((0, pa), (-1, pb)):
            node, how = settle(vp, line[end])
            line[end] = node
            if vp not in built_nodes:
                subst[vp] = node
            elif node != vp:
                raise SystemExit(f"{name}: DCW end {line[end]} is over {JOIN_KM} km from node {vp}")
            log.append(f"{name} {'start' if end == 0 else 'end'}: {how}")
        line = [p for k, p in enumerate(line) if k == 0 or p != line[k - 1]]
        # cuts: the point of the border nearest to VATSpy's point becomes a vertex
        for c in cuts:
            pc = parse_dms(c)
            ls = LineString(line)
            q = ls.interpolate(ls.project(Point(pc)))
            q = rnd((q.x, q.y))
            k = next(i for i in range(len(line) - 1)
                     if LineString(line[i:i + 2]).distance(Point(q)) < 1e-6)
            if q not in line:
                line.insert(k + 1, q)
            subst[pc] = q
            log.append(f"{name} cut: VATSpy point {pc} -> border point {q} ({km(pc, q) * 1000:.0f} m)")
        parts, start = [], 0
        cut_idx = sorted(line.index(subst[parse_dms(c)]) for c in cuts)
        for k in cut_idx + [len(line) - 1]:
            parts.append(line[start:k + 1])
            start = k
        for i, part in enumerate(parts):
            pieces[f"{name}/{i + 1}" if len(parts) > 1 else name] = part
        log.append(f"{name}: {len(line)} DCW vertices ({master} ring, near {other}), "
                   f"{geod.line_length([p[0] for p in line], [p[1] for p in line]) / 1000:,.0f} km")
    return pieces, subst


USED_BORDERS = {}           # icao -> names of the DCW borders in its ring (filled by build)


def replace_with_pieces(ring, pieces, geod, log, label):
    """Replace the VATSpy vertices between the two ends of a DCW piece by the
    piece, wherever both ends occur in the ring with only vertices within
    BORDER_SLACK_KM of the piece between them."""
    for name, piece in sorted(pieces.items()):
        a, b = piece[0], piece[-1]
        if a not in ring or b not in ring:
            continue
        pl = LineString(piece)
        n = len(ring)
        i, j = ring.index(a), ring.index(b)
        for s, e, seq in ((i, j, piece), (j, i, piece[::-1])):
            between = [ring[(s + k) % n] for k in range(1, (e - s) % n)]
            dev = [geod_dist_to_line(p, pl, geod) for p in between]
            if all(d <= BORDER_SLACK_KM for d in dev):
                # the rest of the ring, e round to s, then the piece s -> e inside
                ring = [ring[(e + k) % n] for k in range((s - e) % n + 1)] + list(seq[1:-1])
                USED_BORDERS.setdefault(label, set()).add(name.split("/")[0])
                log.append(f"{label}: {len(between)} VATSpy vertices replaced by DCW {name}"
                           + (f" (max {max(dev):.2f} km off it)" if dev else ""))
                break
    return ring


def geod_dist_to_line(p, line, geod):
    """Approximate geodesic distance (km) from p to a lon/lat polyline: the
    planar nearest point, measured geodesically (ample for a 30 km test)."""
    q = line.interpolate(line.project(Point(p)))
    return geod.inv(p[0], p[1], q.x, q.y)[2] / 1000


# ---------------------------------------------------------------------------
# MMFO
# ---------------------------------------------------------------------------
MMFO_SOUTH_WEST = "050000N 1200000W"   # VATSpy MMFO @cb6a471^ (removed in cb6a471, Aug 2025)


def mmfo_ring(mmfr_ring):
    """Mazatlán Oceanic: VATSpy 9f8d09cb has no polygon for it (VATSpy.dat maps
    MMFO to the MMZT sector). Its limits are what the neighbours carry: MMFR's
    limit at sea from 30N 120W to 11°30'N 100W (the Mexico FIR's outer limit),
    MHCC's point 10N 104°30'W, then 05N 120W (the one point not in the
    extract: VATSpy's own MMFO polygon until commit cb6a471), and KZAK's
    meridian 120W back to 30N."""
    n30 = parse_dms("300000N 1200000W")
    n115 = parse_dms("113000N 1000000W")
    i, j = mmfr_ring.index(n30), mmfr_ring.index(n115)
    n = len(mmfr_ring)
    fwd = [mmfr_ring[(i + k) % n] for k in range((j - i) % n + 1)]
    bwd = [mmfr_ring[(i - k) % n] for k in range((i - j) % n + 1)]
    # the seaward way: the one that does not pass the US border (north of 30N)
    way = fwd if max(p[1] for p in fwd) <= 30.0 else bwd
    return way + [parse_dms("100000N 1043000W"), parse_dms(MMFO_SOUTH_WEST)]


# ---------------------------------------------------------------------------
# 3. Partition
# ---------------------------------------------------------------------------
def polys_of(g):
    if g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if g.geom_type == "MultiPolygon":
        return list(g.geoms)
    return [p for p in getattr(g, "geoms", []) if p.geom_type == "Polygon"]


def shared_length(a, b):
    i = shapely.intersection(a.boundary, b.boundary, grid_size=GRID)
    return i.length if not i.is_empty else 0.0


def build(existing_polys, built_nodes, geod, log):
    """Coarse polygons of the theatre FIRs. existing_polys: {icao: Polygon}
    of the FIRs built before (fixed); built_nodes: their vertices.
    Returns ({icao: Polygon|MultiPolygon}, land_pairs, no_fir_polygon)."""
    built_pts = sorted(built_nodes)
    built_tree = STRtree([Point(p) for p in built_pts])
    pieces, subst = build_theatre_borders(set(built_pts), geod, log)

    keys = sorted(subst)
    key_tree = STRtree([Point(p) for p in keys])

    def substitute(p):
        k = key_tree.query_nearest(Point(p))
        if len(k):
            q = keys[int(k[0])]
            if geod.inv(p[0], p[1], q[0], q[1])[2] <= SNAP_EXISTING_KM * 1000:
                return subst[q]
        return p

    # Points of different VATSpy polygons within SNAP_EXISTING_KM of each other
    # are one point (VATSpy writes some with 4 decimals, some with 6): each
    # FIR, in PRIORITY order, snaps to the built nodes and to the points of
    # the FIRs before it.
    coarse = {}
    pool = list(built_pts)
    for icao in PRIORITY:
        name, ids = THEATRE_FIRS[icao]
        if not ids:
            continue
        tree = STRtree([Point(p) for p in pool])
        parts, mine = [], []
        for vid in ids:
            for ring in vatspy.RINGS[vid]:
                r = clean_ring(ring, tree, pool, geod)
                mine += r
                r = dedupe_cyclic([substitute(p) for p in r])
                r = replace_with_pieces(r, pieces, geod, log, icao)
                parts.append(Polygon(r + [r[0]]))
        pool += sorted(set(mine) - set(pool))
        coarse[icao] = shapely.set_precision(
            shapely.union_all(parts, grid_size=GRID) if len(parts) > 1 else parts[0], GRID)
    mmfr = list(coarse["MMFR"].exterior.coords)[:-1]
    mm = mmfo_ring([rnd(p) for p in mmfr])
    coarse["MMFO"] = shapely.set_precision(Polygon(mm + [mm[0]]), GRID)
    inputs = set(built_pts) | {rnd(c) for g in coarse.values() for p in polys_of(g)
                               for c in p.exterior.coords}

    fixed = shapely.union_all(list(existing_polys.values()), grid_size=GRID)
    placed, acc = {}, fixed
    for icao in PRIORITY:
        g = shapely.difference(coarse[icao], acc, grid_size=GRID)
        lost = coarse[icao].area - g.area
        if lost > 1e-6:
            takers = []
            for other, og in list(existing_polys.items()) + list(placed.items()):
                ov = shapely.intersection(coarse[icao], og, grid_size=GRID).area
                if ov > 1e-6:
                    takers.append(f"{other} {ov:.4f}")
            log.append(f"overlay {icao}: {lost:.4f} deg2 of VATSpy's polygon already taken "
                       f"({', '.join(takers)})")
        placed[icao] = g
        acc = shapely.union(acc, g, grid_size=GRID)

    # orphans: small parts cut off by the overlay go to a neighbour
    for icao in PRIORITY:
        parts = polys_of(placed[icao])
        keep = [p for p in parts if p.area >= ORPHAN_DEG2]
        for p in parts:
            if p.area >= ORPHAN_DEG2:
                continue
            cands = [(shared_length(p, placed[o]), o) for o in PRIORITY if o != icao]
            length, to = max(cands)
            if length <= 0:
                raise SystemExit(f"{icao}: orphan part near {p.centroid} touches no FIR built here")
            placed[to] = shapely.union(placed[to], p, grid_size=GRID)
            log.append(f"orphan: {p.area:.5f} deg2 of {icao} near "
                       f"{p.centroid.y:.3f},{p.centroid.x:.3f} -> {to}")
        placed[icao] = shapely.union_all(keep, grid_size=GRID) if len(keep) > 1 else keep[0]

    # holes between FIRs
    union = shapely.union_all([fixed] + list(placed.values()), grid_size=GRID)
    holes = sorted((Polygon(r) for p in polys_of(union) for r in p.interiors),
                   key=lambda h: (-h.area, h.bounds))
    no_fir = None
    for h in holes:
        if h.contains(Point(NO_FIR_POINT)):
            no_fir = h
            continue
        cands = [(shared_length(h, placed[o]), o) for o in PRIORITY]
        length, to = max(cands)
        if length <= 0:
            raise SystemExit(f"hole near {h.centroid} touches no FIR built here")
        placed[to] = shapely.union(placed[to], h, grid_size=GRID)
        log.append(f"hole: {h.area:.5f} deg2 near {h.centroid.y:.3f},{h.centroid.x:.3f} -> {to}")
    if no_fir is None:
        raise SystemExit("the Eastern Pacific's unassigned airspace was not found")

    # vertices the overlay made on a straight stretch of a ring (where a
    # neighbour's line crossed it and was cut away) are dropped; vertices of
    # the inputs stay (a published point, a DCW vertex)
    for icao in PRIORITY:
        placed[icao] = drop_passing_vertices(placed[icao], inputs)
    # the same crossing computed by two overlays can differ in the last digit:
    # made vertices within 1e-4 degree (~11 m) of each other are one
    made = sorted({c for g in placed.values() for rings in rings_of(g) for r in rings
                   for c in r if c not in inputs})
    canon = {}
    if made:
        from scipy.spatial import cKDTree
        kd = cKDTree(np.array(made))
        for i, p in enumerate(made):
            if p in canon:
                continue
            for j in sorted(kd.query_ball_point(p, 1e-4)):
                canon.setdefault(made[j], p)
    for icao in PRIORITY:
        polys = []
        for rings in rings_of(placed[icao]):
            rs = [dedupe_cyclic([canon.get(c, c) for c in r]) for r in rings]
            polys.append(Polygon(rs[0] + [rs[0][0]], [h + [h[0]] for h in rs[1:]]))
        placed[icao] = polys[0] if len(polys) == 1 else MultiPolygon(polys)

    land_pairs = set()
    for piece in pieces.values():
        for p, q in zip(piece[:-1], piece[1:]):
            land_pairs.add(frozenset((p, q)))
    return placed, land_pairs, no_fir, pieces


def drop_passing_vertices(geom, keep):
    """Remove from every ring the vertices not in keep that lie on the chord
    between their neighbours (within 1e-6 degree, strictly between them)."""
    def passing(p, v, q):
        ax, ay = q[0] - p[0], q[1] - p[1]
        L2 = ax * ax + ay * ay
        if L2 == 0:
            return False
        f = ((v[0] - p[0]) * ax + (v[1] - p[1]) * ay) / L2
        return 0 < f < 1 and math.hypot(p[0] + f * ax - v[0], p[1] + f * ay - v[1]) < 1e-6

    polys = []
    for rings in rings_of(geom):
        out = []
        for r in rings:
            # start at a vertex that stays, then one pass
            s = next(i for i, v in enumerate(r) if v in keep)
            r = r[s:] + r[:s]
            kept = [r[0]]
            for i in range(1, len(r)):
                v, q = r[i], r[(i + 1) % len(r)]
                if v not in keep and passing(kept[-1], v, q):
                    continue
                kept.append(v)
            out.append(kept)
        polys.append(Polygon(out[0] + [out[0][0]], [h + [h[0]] for h in out[1:]]))
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def rings_of(geom):
    """[[exterior, hole, ...], ...] of a polygonal geometry, rounded, no closing vertex."""
    out = []
    for p in polys_of(geom):
        rs = [dedupe_cyclic([rnd(c) for c in p.exterior.coords[:-1]])]
        rs += [dedupe_cyclic([rnd(c) for c in r.coords[:-1]]) for r in p.interiors]
        out.append(rs)
    return out


VATSPY = "VATSpy data project Boundaries.geojson @9f8d09cb (CC BY-SA 4.0)"


def describe(icao):
    """(source, method) properties of a theatre FIR."""
    name, ids = THEATRE_FIRS[icao]
    if ids:
        n = sum(len(r) for vid in ids for r in vatspy.RINGS[vid])
        src = (f"boundary points: AIP ENR 2.1 / ICAO air navigation plans, as carried by the "
               f"{VATSPY}, polygon {' + '.join(ids)} ({n} points)")
    else:
        src = (f"limits carried by the neighbours in the {VATSPY}: Mexico FIR's limit at sea "
               f"(MMFR), 10N 104 30W (MHCC), 120W (KZAK); 05N 120W from VATSpy's MMFO polygon "
               f"(until commit cb6a471)")
    borders = sorted(USED_BORDERS.get(icao, ()))
    meth = ("WGS84 geodesics between the points, densified at <= 5 km; overlaps and gaps "
            "between VATSpy's polygons resolved against the neighbours (GeoData/fir/THEATRE.md); "
            "edges shared with neighbouring FIRs identical vertex for vertex; built by "
            "GeoData/scripts/build_firs.py")
    if borders:
        src += ("; land borders " + ", ".join(borders)
                + " from DCW-GMT 2.1.1 (Debian gmt-dcw, LGPL-3+)")
        meth = "DCW land borders between the points; " + meth
    return src, meth
