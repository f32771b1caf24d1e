#!/usr/bin/env python3
"""Writers through two (or more) servers over one database: each process POSTs an incident, then
PATCHes it, in a loop, for SECONDS, and records every write the server acknowledged.
    pg_writers.py SECONDS TOKEN OUT.json BASE_URL [BASE_URL ...]
Eight processes, spread evenly over the servers. Prints the writes per second; OUT.json holds
every acknowledged write (id, title) and every answer that was not a success."""
import json, multiprocessing, sys, time, urllib.error, urllib.request

def writer(args):
    index, base, token, seconds = args
    acknowledged, failures = [], []
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/geo+json"}
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        n += 1
        title = f"writer {index} incident {n}"
        body = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-64 + index * 0.01, 11 + n * 1e-5]},
                "properties": {"kind": "vessel-strike", "title": title, "time_start": "2025-10-01T12:00:00Z"}}
        try:
            request = urllib.request.Request(base + "/collections/incidents/items", json.dumps(body).encode(), headers, method="POST")
            with urllib.request.urlopen(request, timeout=60) as response:
                created = json.load(response)
            acknowledged.append({"id": created["id"], "title": title})
        except Exception as error:  # an HTTP error or a dropped connection: both are errors a user sees
            failures.append(f"POST {base}: {error}")
            continue
        edited = title + " (edited)"
        patch = {"properties": {"title": edited}}
        try:
            request = urllib.request.Request(base + "/collections/incidents/items/" + created["id"], json.dumps(patch).encode(),
                                             dict(headers, **{"Content-Type": "application/merge-patch+json"}), method="PATCH")
            with urllib.request.urlopen(request, timeout=60):
                pass
            acknowledged[-1]["title"] = edited
        except Exception as error:
            failures.append(f"PATCH {base}: {error}")
    return acknowledged, failures

def main():
    seconds, token, out = float(sys.argv[1]), sys.argv[2], sys.argv[3]
    bases = sys.argv[4:]
    jobs = [(i, bases[i % len(bases)], token, seconds) for i in range(8)]
    start = time.time()
    with multiprocessing.Pool(8) as pool:
        results = pool.map(writer, jobs)
    elapsed = time.time() - start
    acknowledged = [a for r in results for a in r[0]]
    failures = [f for r in results for f in r[1]]
    writes = len(acknowledged) * 2
    print(f"8 writers over {len(bases)} servers, {elapsed:.0f} s: {len(acknowledged)} POSTs and their PATCHes acknowledged "
          f"({writes / elapsed:.1f} writes/s), {len(failures)} errors")
    json.dump({"acknowledged": acknowledged, "failures": failures}, open(out, "w"))

if __name__ == "__main__":
    main()
