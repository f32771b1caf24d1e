#!/usr/bin/env python3
"""Writes N deterministic incidents as a GeoJSON FeatureCollection in the tool's export form
(95 % points, 4 % tracks, 1 % zones) across the theatre, 125W-40W, 20S-35N.
    make_incidents.py N OUT.geojson [--seed S] [--seq]
--seq writes newline-delimited features instead of one FeatureCollection."""
import argparse, json, math, random, uuid

KINDS = ["vessel-strike", "naval-position", "flight", "other"]
CONF = ["confirmed", "likely", "reported", "disputed"]
TAGS = ["caribbean", "pacific", "strike", "drone", "b-52", "f-35", "ussouthcom", "trinidad", "fir"]


def iso(rng):
    day = rng.randrange(0, 480)
    secs = rng.randrange(0, 86400)
    y, m, d = 2025, 8, 1
    import datetime
    t = datetime.datetime(2025, 8, 1) + datetime.timedelta(days=day, seconds=secs)
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def feature(rng, i):
    r = rng.random()
    lon, lat = rng.uniform(-124.0, -41.0), rng.uniform(-19.0, 34.0)
    if r < 0.95:
        geom = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
        kind = rng.choice(KINDS)
    elif r < 0.99:
        n = rng.randrange(2, 21)
        pts, x, y = [], lon, lat
        heading = rng.uniform(0, 2 * math.pi)
        for _ in range(n):
            pts.append([round(x, 6), round(y, 6)])
            heading += rng.uniform(-0.4, 0.4)
            x = min(max(x + 0.1 * math.cos(heading), -124.9), -40.1)
            y = min(max(y + 0.1 * math.sin(heading), -19.9), 34.9)
        geom = {"type": "LineString", "coordinates": pts}
        kind = rng.choice(["naval-position", "flight"])
    else:
        rad = rng.uniform(0.05, 0.5)
        ring = [[round(lon + rad * math.cos(a * math.pi / 8), 6), round(lat + rad * math.sin(a * math.pi / 8), 6)]
                for a in range(16)]
        ring.append(ring[0])
        geom = {"type": "Polygon", "coordinates": [ring]}
        kind = "exercise-zone"
    uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    start = iso(rng)
    props = {
        "id": uid, "kind": kind, "title": f"Incident {i}",
        "description": rng.choice([None, f"Reported event number {i}, details unconfirmed."]),
        "time_start": start, "time_end": None,
        "killed": rng.choice([None, 0, 1, 2, 3, 6, 11]), "injured": rng.choice([None, 0, 1]),
        "missing": rng.choice([None, 0]),
        "confidence": rng.choice(CONF),
        "sources": [{"url": f"https://example.org/report/{i}", "publisher": "Example", "date": start[:10]}],
        "tags": rng.sample(TAGS, rng.randrange(0, 3)),
        "created_at": "2026-11-30T00:00:00.000Z", "updated_at": "2026-11-30T00:00:00.000Z",
    }
    return {"type": "Feature", "id": uid, "geometry": geom, "properties": props}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seq", action="store_true")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.out, "w") as f:
        if not a.seq:
            f.write('{"type":"FeatureCollection","features":[\n')
        for i in range(a.n):
            if i and not a.seq:
                f.write(",\n")
            f.write(json.dumps(feature(rng, i), separators=(",", ":")))
            if a.seq:
                f.write("\n")
        if not a.seq:
            f.write("\n]}\n")


if __name__ == "__main__":
    main()
