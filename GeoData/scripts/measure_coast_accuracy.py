#!/usr/bin/env python3
"""How far GSHHG high (the land layer's coast) is from GSHHG full, across the theatre.

Both resolutions are GSHHG 2.3.7 level-1 shorelines (sea/land; lakes left out),
dumped with `gmt coast -D{h,f} -W1/thin -M` for the theatre box of
GeoData/coverage.json. Figures:
  * high -> full: distance from every vertex of high, and from points every 25 m
    along high's segments, to the full shoreline (how far a line of the layer is
    from the better line);
  * full -> high: distance from every vertex of full to the high shoreline
    (adds what high leaves out: cays and rocks it does not have, inlets it cuts);
  * the places where each is worst (0.5 degree cells), and the islets of full that
    high lacks;
  * the positions of two airports on small islands (cited in land.md) against both.
Distances: k nearest vertices of the other line by chord (k-d tree on WGS84
earth-centred coordinates), then the exact distance to the segments that end at
them, in a local tangent plane at the point (metres; plane error < 0.1 % at the
distances concerned). Segments of full are tens of metres long, so the k = 12
nearest vertices always include the ends of the nearest segment.

Usage: measure_coast_accuracy.py [--frame]   (--frame: the land frame instead of the theatre)
Needs: gmt with gmt-gshhg-high and gmt-gshhg-full (Debian), numpy, scipy.
About 2 minutes, ~3 GB of memory. Prints a report; writes nothing.
"""
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

ROOT = Path(__file__).resolve().parents[2]
A, F = 6378137.0, 1 / 298.257223563
E2 = F * (2 - F)
K = 12

# Airports on small islands (ICAO, lat, lon): positions as cited in the brief of
# the theatre extension (airportsdata-style reference points).
AIRPORTS = [("Gran Roque (SVRS), Los Roques", 11.9503, -66.6700),
            ("Maurice Bishop (TGPY), Grenada", 12.0042, -61.7862)]


def box_of(key):
    c = json.loads((ROOT / "GeoData/coverage.json").read_text(encoding="utf-8"))[key]
    return c["west"], c["south"], c["east"], c["north"]


def shoreline(res, bounds):
    """Level-1 shoreline of GSHHG `res` in bounds -> (xy array, segment id array)."""
    w, s, e, n = bounds
    out = subprocess.run(["gmt", "coast", f"-D{res}", f"-R{w:g}/{e:g}/{s:g}/{n:g}", "-M",
                          "-W1/thin"], check=True, capture_output=True, text=True).stdout
    xy, sid, k = [], [], -1
    for line in out.splitlines():
        if line.startswith(">"):
            k += 1
        elif line.strip():
            x, y = line.split()[:2]
            xy.append((float(x), float(y)))
            sid.append(k)
    return np.array(xy), np.array(sid)


def ecef(xy):
    lon, lat = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    nn = A / np.sqrt(1 - E2 * np.sin(lat) ** 2)
    return np.column_stack([nn * np.cos(lat) * np.cos(lon), nn * np.cos(lat) * np.sin(lon),
                            nn * (1 - E2) * np.sin(lat)])


def to_polyline_m(pts, line_xy, line_sid, tree):
    """Distance (m) from each point to the polyline (line_xy, line_sid)."""
    _, idx = tree.query(ecef(pts), k=K)
    best = np.full(len(pts), np.inf)
    lat0 = np.radians(pts[:, 1])
    s = np.sin(lat0)
    rn = A / np.sqrt(1 - E2 * s ** 2)                 # prime vertical radius
    rm = rn * (1 - E2) / (1 - E2 * s ** 2)            # meridian radius
    kx, ky = np.radians(1.0) * rn * np.cos(lat0), np.radians(1.0) * rm
    n = len(line_xy)
    for j in range(K):
        i = idx[:, j]
        for nb in (i - 1, i + 1):
            ok = (nb >= 0) & (nb < n)
            nb = np.clip(nb, 0, n - 1)
            ok &= line_sid[nb] == line_sid[i]
            a, b = line_xy[i], line_xy[np.where(ok, nb, i)]
            ax, ay = (a[:, 0] - pts[:, 0]) * kx, (a[:, 1] - pts[:, 1]) * ky
            bx, by = (b[:, 0] - pts[:, 0]) * kx, (b[:, 1] - pts[:, 1]) * ky
            dx, dy = bx - ax, by - ay
            ll = dx * dx + dy * dy
            t = np.clip(np.where(ll > 0, -(ax * dx + ay * dy) / np.where(ll > 0, ll, 1), 0), 0, 1)
            d = np.hypot(ax + t * dx, ay + t * dy)
            best = np.minimum(best, d)
    return best


def densify(xy, sid, spacing_m):
    """Points along the polyline (xy, sid) at most spacing_m apart (linear in lon/lat
    between vertices, as GEOS and the tool read the line)."""
    same = sid[1:] == sid[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    kx = np.cos(np.radians((a[:, 1] + b[:, 1]) / 2)) * 111320.0
    length = np.hypot((b[:, 0] - a[:, 0]) * kx, (b[:, 1] - a[:, 1]) * 110574.0)
    n = np.maximum(1, np.ceil(length / spacing_m).astype(int))
    seg = np.repeat(np.arange(len(a)), n)
    t = (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)) / np.repeat(n, n)
    return np.vstack([a[seg] + t[:, None] * (b[seg] - a[seg]), xy[np.r_[~same, True]]])


def stats(name, d):
    q = np.percentile(d, [50, 90, 95, 99, 99.9])
    print(f"{name}: {len(d):,} vertices; p50 {q[0]:.0f} m, p90 {q[1]:.0f} m, p95 {q[2]:.0f} m, "
          f"p99 {q[3]:.0f} m, p99.9 {q[4]:.0f} m, max {d.max():,.0f} m; "
          f"over 100 m {np.mean(d > 100) * 100:.1f} %, over 250 m {np.mean(d > 250) * 100:.2f} %, "
          f"over 500 m {np.mean(d > 500) * 100:.2f} %")


def worst_cells(name, xy, d, n=12, floor=0.0):
    cell = np.floor(xy * 2) / 2
    keys, inv = np.unique(cell, axis=0, return_inverse=True)
    inv = inv.ravel()
    p99 = np.zeros(len(keys))
    mx = np.zeros(len(keys))
    order = np.argsort(inv, kind="stable")
    starts = np.r_[0, np.nonzero(np.diff(inv[order]))[0] + 1, len(order)]
    for k, (a, b) in enumerate(zip(starts[:-1], starts[1:])):
        v = d[order[a:b]]
        p99[k] = np.percentile(v, 99) if len(v) >= 20 else 0.0
        mx[k] = v.max()
    print(f"  worst 0.5-degree cells for {name} (by p99 of the cell, >= 20 vertices):")
    for k in np.argsort(-p99)[:n]:
        if p99[k] <= floor:
            break
        i = np.nonzero(inv == k)[0]
        j = i[np.argmax(d[i])]
        lat, lon = keys[k][1], keys[k][0]
        print(f"    {lat:+.1f}..{lat + 0.5:+.1f}N {lon:+.1f}..{lon + 0.5:+.1f}E: "
              f"p99 {p99[k]:,.0f} m, max {mx[k]:,.0f} m at {xy[j, 1]:.4f}N {xy[j, 0]:.4f}")


def main():
    t0 = time.time()
    key = "land_frame" if "--frame" in sys.argv else "theatre"
    bounds = box_of(key)
    # both lines are read 0.5 degree beyond the box (so that a point near its edge
    # sees the other line past the cut); only points inside the box are measured
    w, s_, e, n = bounds
    wide = (w - 0.5, s_ - 0.5, e + 0.5, n + 0.5)
    hxy, hsid = shoreline("h", wide)
    fxy, fsid = shoreline("f", wide)

    def inside(xy):
        return (xy[:, 0] >= w) & (xy[:, 0] <= e) & (xy[:, 1] >= s_) & (xy[:, 1] <= n)
    print(f"GSHHG 2.3.7 level-1 shorelines in the {key} {bounds}: high "
          f"{inside(hxy).sum():,} vertices, full {inside(fxy).sum():,} vertices")
    ftree = cKDTree(ecef(fxy))
    htree = cKDTree(ecef(hxy))
    hin = hxy[inside(hxy)]
    d_hf = to_polyline_m(hin, fxy, fsid, ftree)
    stats("high vertices -> full", d_hf)
    hd = densify(hxy, hsid, 25.0)
    hd = hd[inside(hd)]
    d_hdf = to_polyline_m(hd, fxy, fsid, ftree)
    stats("high line (every 25 m) -> full", d_hdf)
    worst_cells("high line -> full", hd, d_hdf)
    fin = inside(fxy)
    d_fh = to_polyline_m(fxy[fin], hxy, hsid, htree)
    stats("full -> high", d_fh)
    worst_cells("full -> high", fxy[fin], d_fh)
    # islets of full that high lacks: full segments entirely > 250 m from high
    far = d_fh > 250
    seg_far = {}
    for s_, f_ in zip(fsid[fin], far):
        seg_far.setdefault(s_, []).append(f_)
    lost = [s_ for s_, v in seg_far.items() if all(v) and len(v) >= 3]
    print(f"  full shoreline pieces wholly more than 250 m from high (islets or rocks high lacks): "
          f"{len(lost):,}")
    for name, lat, lon in AIRPORTS:
        p = np.array([[lon, lat]])
        reg = f"-R{lon - 1:g}/{lon + 1:g}/{lat - 1:g}/{lat + 1:g}"
        dh = to_polyline_m(p, hxy, hsid, htree)[0]
        df = to_polyline_m(p, fxy, fsid, ftree)[0]
        on_h = subprocess.run(["gmt", "select", "-Dh", "-Ns/k/k/k/k", reg], input=f"{lon} {lat}\n",
                              capture_output=True, text=True).stdout.strip() != ""
        on_f = subprocess.run(["gmt", "select", "-Df", "-Ns/k/k/k/k", reg], input=f"{lon} {lat}\n",
                              capture_output=True, text=True).stdout.strip() != ""
        print(f"  {name} {lat}N {lon}: {dh:.0f} m from the high coast ({'land' if on_h else 'sea'} "
              f"in high), {df:.0f} m from the full coast ({'land' if on_f else 'sea'} in full)")
    print(f"({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
