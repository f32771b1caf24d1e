#!/usr/bin/env python3
"""Garbage to every verb: each case must end with one clear line on stderr and its documented
exit code (64 usage, 65 data, 66 missing file), never a signal, never a hang, and never a changed
store (the store's bytes are compared before and after every case).

    python3 Tests/faults/bad_input.py BIN [--keep]

The bad inputs: empty and binary files, a 100 MB single line, 100,000-deep nesting, huge and NaN
numbers, invalid UTF-8 (in files and in arguments), wrong column counts, a .gpkg that is not a
GeoPackage, a SQLite file that is not an incident store, and corrupted and truncated stores.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1])
KEEP = "--keep" in sys.argv
work = tempfile.mkdtemp(prefix="bad-input-")
failures = []
cases = 0
slowest = (0.0, "")


def path(name):
    return os.path.join(work, name)


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path(name), mode) as f:
        f.write(data)
    return path(name)


def digest(p):
    if not os.path.exists(p):
        return None
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(args, timeout=120, stdin=None):
    started = time.monotonic()
    try:
        r = subprocess.run([BIN] + args, capture_output=True, timeout=timeout, stdin=stdin or subprocess.DEVNULL)
        return r.returncode, r.stdout, r.stderr, time.monotonic() - started
    except subprocess.TimeoutExpired:
        return None, b"", b"", time.monotonic() - started


def expect(label, args, codes, store=None, stdin_file=None, per_row=False):
    """Runs the case; its exit code must be one of `codes`, with one line on stderr naming the problem
    (`per_row`: a batch, which names each bad row on a line of its own, then sums up)."""
    global cases, slowest
    cases += 1
    watched = [store] if store else []
    before = {p: digest(p) for p in watched}
    stdin = open(stdin_file, "rb") if stdin_file else None
    code, out, err, seconds = run(args, stdin=stdin)
    if stdin:
        stdin.close()
    slowest = max(slowest, (seconds, label))
    lines = [l for l in err.decode("utf-8", "replace").splitlines() if l.strip()]
    problems = []
    if code is None:
        problems.append("hung (killed after 120 s)")
    elif code < 0 or code >= 128:
        problems.append(f"died of a signal (exit {code})")
    elif code not in codes:
        problems.append(f"exit {code}, not {'/'.join(map(str, codes))}")
    if code == 0 and 0 in codes:
        pass                                   # an accepted input (where that is a right answer)
    elif per_row and code is not None and lines and all(l.startswith("incidents: ") for l in lines):
        pass
    elif code is not None and len(lines) != 1:
        problems.append(f"{len(lines)} lines on stderr, not one: {lines[:4]}")
    elif code is not None and len(lines[0]) > 600:
        problems.append(f"an error line of {len(lines[0])} characters (it should name the problem, not echo the input)")
    for p in watched:
        if digest(p) != before[p]:
            problems.append(f"the store {os.path.basename(p)} changed")
    shown = lines[0][:160] if lines else ""
    if problems:
        failures.append(f"{label}: {'; '.join(problems)}")
        print(f"FAIL {label}: {'; '.join(problems)}")
    else:
        print(f"ok   {label}: exit {code}, {seconds:.1f} s: {shown}")


# --- the files -----------------------------------------------------------------------------------
empty = write("empty.geojson", b"")
empty_csv = write("empty.csv", b"")
binary = write("binary.geojson", os.urandom(1 << 16))
binary_csv = write("binary.csv", os.urandom(1 << 16))
binary_gz = write("binary.bin", bytes(range(256)) * 256)
with open(path("line.geojson"), "wb") as f:           # a 100 MB single line, no newline
    f.write(b'{"type":"FeatureCollection","features":[' + b"7" * (100 << 20))
line_geojson = path("line.geojson")
with open(path("line.csv"), "wb") as f:
    f.write(b"lat,lon,time,title\n10.5,-66.9,2025-09-02," + b"a" * (100 << 20))
line_csv = path("line.csv")
deep_arrays = write("deep-arrays.geojson", "[" * 100_000 + "]" * 100_000)
deep_objects = write("deep-objects.geojson", '{"a":' * 100_000 + "1" + "}" * 100_000)
deep_geometry = write("deep-geometry.geojson",
                      '{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":['
                      + '{"type":"GeometryCollection","geometries":[' * 100_000 + "]}" * 100_000 + "]},\"properties\":{}}")
feature = ('{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{lon},{lat}]}},'
           '"properties":{{"kind":"vessel-strike","title":"t","time_start":"2025-09-02T12:00:00Z"{extra}}}}}')
huge_coordinate = write("huge.geojson", feature.format(lon="1e400", lat="11", extra=""))
big_integer = write("bigint.geojson", feature.format(lon="-66", lat="11", extra=',"killed":123456789012345678901234567890'))
nan_coordinate = write("nan.geojson", feature.format(lon="NaN", lat="11", extra=""))
negative_zero_lat = write("lat91.geojson", feature.format(lon="-66", lat="91", extra=""))
bad_utf8 = write("utf8.geojson", feature.format(lon="-66", lat="11", extra="").replace('"t"', '"\xff\xfe"').encode("latin-1"))
bad_utf8_csv = write("utf8.csv", b"lat,lon,time,title\n10.5,-66.9,2025-09-02,\xff\xfe\xfd\n")
columns_csv = write("columns.csv", "lat,lon,time,title\n10.5,-66.9,2025-09-02,a,b,c\n10.6,-66.8\n")
nan_csv = write("nan.csv", "lat,lon,time,title\nNaN,-66.9,2025-09-02,a\n")
huge_csv = write("huge.csv", "lat,lon,time,title\n1e400,-66.9,2025-09-02,a\n")
track_bad = write("track.csv", "time,lat,lon\n2025-09-02T12:00:00Z,nan,-66\n2025-09-02T12:01:00Z,1e400,-66\n")
not_gpkg = write("text.gpkg", "this is not a GeoPackage\n" * 100)
subprocess.run(["sqlite3", path("plain.gpkg"), "CREATE TABLE t(x); INSERT INTO t VALUES (1);"], check=True)
plain_sqlite = path("plain.gpkg")

# A real store with three incidents (the one whose bytes must never change), and corrupted copies.
store = path("store.gpkg")
for args in (["--kind", "vessel-strike", "--at", "11.17 -63.83", "--time", "2025-09-02T12:00:00Z", "--title", "Strike"],
             ["--kind", "flight", "--geometry", "LINESTRING (-66.2 14.0, -66.6 12.6)", "--time", "2025-10-15", "--title", "Bombers"],
             ["--kind", "other", "--at", "10.5 -66.9", "--time", "2025-10-20", "--title", "Other"]):
    code, out, err, _ = run(["log", "--store", store] + args)
    assert code == 0, err
ids = [l for l in run(["list", "--store", store, "--json"])[1].decode().split('"id": "')[1:]]
first_id = ids[0].split('"')[0] if ids else "00000000-0000-0000-0000-000000000000"
with open(store, "rb") as f:
    good = f.read()
truncated = write("truncated.gpkg", good[: len(good) // 3])
middle = bytearray(good)
for offset in range(len(middle) // 4, len(middle) // 4 * 3, 1024):   # every page's middle scribbled over
    middle[offset:offset + 64] = os.urandom(64)
scribbled = write("scribbled.gpkg", bytes(middle))
header = bytearray(good)
header[0:16] = b"Not SQLite at al"
bad_header = write("header.gpkg", bytes(header))

DATA, USAGE, MISSING = [65], [64], [66]

# --- import: every bad file, as GeoJSON and as CSV --------------------------------------------
for name, f, codes in [("empty GeoJSON", empty, DATA), ("empty CSV", empty_csv, DATA), ("binary GeoJSON", binary, DATA),
                       ("binary CSV", binary_csv, DATA), ("binary, other extension", binary_gz, DATA),
                       ("100 MB GeoJSON line", line_geojson, DATA), ("100 MB CSV field", line_csv, DATA),
                       ("100,000-deep arrays", deep_arrays, DATA), ("100,000-deep objects", deep_objects, DATA),
                       ("100,000-deep geometry collections", deep_geometry, DATA),
                       ("a coordinate of 1e400", huge_coordinate, DATA), ("killed 1.2e29", big_integer, DATA),
                       ("NaN coordinate", nan_coordinate, DATA), ("latitude 91", negative_zero_lat, DATA),
                       ("invalid UTF-8 GeoJSON", bad_utf8, DATA), ("invalid UTF-8 CSV", bad_utf8_csv, DATA),
                       ("wrong column counts", columns_csv, DATA), ("NaN in CSV", nan_csv, DATA), ("1e400 in CSV", huge_csv, DATA),
                       ("a missing file", path("nope.geojson"), MISSING), ("a folder", work, MISSING + DATA)]:
    expect(f"import {name}", ["import", "--store", store, f], codes, store=store)
expect("import --tracks NaN and 1e400 fixes", ["import", "--store", store, "--tracks", track_bad], DATA, store=store)
expect("import from stdin: binary", ["import", "--store", store, "-"], DATA, store=store, stdin_file=binary)

# --- log and edit: bad values, in arguments --------------------------------------------------
base = ["--kind", "other", "--time", "2025-09-02", "--title", "t"]
for name, extra, codes in [("--at NaN", ["--at", "NaN NaN"], DATA + USAGE), ("--at 1e400", ["--at", "1e400 -66"], DATA + USAGE),
                           ("--at 95N", ["--at", "95 -66"], DATA + USAGE), ("--at 100 KB", ["--at", "1" * 100_000], DATA + USAGE),
                           ("--geometry binary file", ["--geometry", binary], DATA), ("--geometry empty file", ["--geometry", empty], DATA),
                           ("--geometry deep nesting", ["--geometry", deep_geometry], DATA),
                           ("--geometry 100 MB line", ["--geometry", line_geojson], DATA),
                           ("--geometry WKT with NaN", ["--geometry", "POINT (NaN 1)"], DATA),
                           ("--geometry WKT 1e400", ["--geometry", "POINT (1e400 1)"], DATA),
                           ("--geometry missing file", ["--geometry", "/nonexistent/zone.geojson"], MISSING),
                           ("--killed NaN", ["--at", "11 -66", "--killed", "NaN"], USAGE + DATA),
                           ("--killed 1e400", ["--at", "11 -66", "--killed", "1e400"], USAGE + DATA),
                           ("--killed 99999999999999999999999", ["--at", "11 -66", "--killed", "99999999999999999999999"], USAGE + DATA),
                           ("--time year 99999", ["--at", "11 -66", "--time", "99999-01-01"], USAGE + DATA)]:
    args = base + extra if "--time" not in extra else [a for a in base if a not in ("--time", "2025-09-02")] + extra
    expect(f"log {name}", ["log", "--store", store] + args, codes, store=store)
expect("log with invalid UTF-8 in --title", ["log", "--store", store, "--kind", "other", "--at", "11 -66", "--time", "2025-09-02",
                                             "--title", b"\xff\xfe".decode("utf-8", "surrogateescape")], USAGE + DATA, store=store)
for name, extra in [("--killed NaN", ["--killed", "NaN"]), ("--at 1e400", ["--at", "1e400 1"]), ("--geometry binary", ["--geometry", binary]),
                    ("--time garbage", ["--time", "\x01\x02"])]:
    expect(f"edit {name}", ["edit", "--store", store, first_id] + extra, USAGE + DATA, store=store)
expect("edit an id that is not a UUID", ["edit", "--store", store, "not-an-id", "--title", "x"], USAGE + DATA + [1], store=store)

# --- the reading verbs: garbage arguments and files -------------------------------------------
for name, args, codes, *rows in [("check NaN", ["check", "NaN", "NaN"], DATA + USAGE), ("check 1e400", ["check", "1e400", "1"], DATA + USAGE),
                          ("check --radius 1e19", ["check", "11 -66", "--radius", "1e19"], USAGE),
                          ("check --radius NaN", ["check", "11 -66", "--radius", "NaN"], USAGE),
                          ("check --input binary", ["check", "--input", binary_csv], DATA),
                          ("check --input 100 MB field", ["check", "--input", line_csv], DATA),
                          ("check --input wrong columns", ["check", "--input", columns_csv], DATA, True),
                          ("parse 100 KB", ["parse", "9" * 100_000], DATA + USAGE),
                          ("parse invalid UTF-8", ["parse", b"\xff1030N06655W".decode("utf-8", "surrogateescape")], DATA + USAGE),
                          ("distance NaN", ["distance", "NaN NaN", "1 1"], DATA + USAGE),
                          ("track binary", ["track", "--store", store, binary_csv], DATA),
                          ("track NaN fixes", ["track", "--store", store, track_bad], DATA),
                          ("track deep GeoJSON", ["track", "--store", store, deep_arrays], DATA),
                          ("near --within NaN", ["near", "--store", store, "11 -66", "--within", "NaN"], USAGE),
                          ("near --within 1e400", ["near", "--store", store, "11 -66", "--within", "1e400"], USAGE),
                          ("near --input binary", ["near", "--store", store, "--within", "50", "--input", binary_csv], DATA),
                          ("list --bbox NaN", ["list", "--store", store, "--bbox", "NaN,0,1,1"], USAGE),
                          ("list --since garbage", ["list", "--store", store, "--since", "\x7f"], USAGE + DATA),
                          ("list --search unbalanced quote", ["list", "--store", store, "--search", '"unclosed'], USAGE + DATA + [0]),
                          ("stats --killed garbage", ["stats", "--store", store, "--killed", "1e400-NaN"], USAGE),
                          ("export --layers nope", ["export", "--store", store, "--layers", "nope", "-o", path("x.gpkg")], USAGE),
                          ("serve --port 99999", ["serve", "--store", store, "--port", "99999"], USAGE),
                          ("merge one id", ["merge", "--store", store, first_id], USAGE),
                          ("copy to itself", ["copy", "--from", store, "--to", store], USAGE),
                          ("copy --since garbage", ["copy", "--from", store, "--to", path("copy.gpkg"), "--since", "\x7f"], USAGE + DATA),
                          ("copy to a URL with a bad pool_size", ["copy", "--from", store, "--to", "postgresql://u@127.0.0.1:1/x?pool_size=1e400"], DATA),
                          ("copy from a missing store", ["copy", "--from", path("nowhere.gpkg"), "--to", path("copy.gpkg")], [66]),
                          ("near --limit 100 KB of digits", ["near", "--store", store, "11 -66", "--limit", "9" * 100_000], USAGE),
                          ("near --limit with a line break", ["near", "--store", store, "11 -66", "--limit", "1\n2\n3"], USAGE),
                          ("distance 100 KB", ["distance", "1" * 100_000, "1 1"], USAGE + DATA)]:
    expect(name, args, codes, store=store if "--store" in args else None, per_row=bool(rows))

# --- stores that are not stores ------------------------------------------------------------------
for kind, bad in [("text named .gpkg", not_gpkg), ("SQLite but no GeoPackage", plain_sqlite), ("truncated", truncated),
                  ("scribbled over", scribbled), ("header overwritten", bad_header)]:
    for verb in (["list"], ["show", first_id], ["export", "-o", path("out.geojson")], ["map", "-o", path("out.html")],
                 ["stats"], ["near", "11 -66", "--within", "50"], ["history", first_id], ["duplicates"], ["reclassify"],
                 ["log"] + base + ["--at", "11 -66"], ["edit", first_id, "--title", "x"], ["import", huge_coordinate.replace("huge", "bigint")],
                 ["token", "list"], ["purge"], ["serve", "--port", "0"]):
        args = verb[:2] + ["--store", bad] if verb[0] == "token" else [verb[0], "--store", bad] + verb[1:]
        expect(f"{' '.join(verb[:2]) if verb[0] == 'token' else verb[0]} on a store that is {kind}", args, DATA, store=bad)
    expect(f"copy from a store that is {kind}", ["copy", "--from", bad, "--to", path("copy.gpkg")], DATA, store=bad)
    expect(f"copy into a store that is {kind}", ["copy", "--from", store, "--to", bad], DATA, store=bad)
    if os.path.exists(path("copy.gpkg")):
        failures.append(f"copy from a store that is {kind} left copy.gpkg behind")
        os.remove(path("copy.gpkg"))
    for leftover in ("out.geojson", "out.html", "out.geojson.partial", "out.html.partial"):
        if os.path.exists(path(leftover)):
            failures.append(f"a partial {leftover} was left from a store that is {kind}")
            os.remove(path(leftover))

print(f"\nbad input: {cases} cases, {len(failures)} failures; slowest {slowest[0]:.1f} s ({slowest[1]})")
if KEEP:
    print(f"work kept in {work}")
else:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
