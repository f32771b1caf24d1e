#!/usr/bin/env bash
# A full disk during import and export, a read-only store and a store on a read-only file
# system. Each must give one clear error line and a documented exit code (1: a runtime failure,
# README), leave the store as it was (byte for byte, or integrity ok with the same rows) and
# leave no partial file under an export's name (nor its .partial). Reads of a read-only store
# still work. Needs root (tmpfs mounts; the read-only store is tried as an unprivileged user,
# since root writes through a file's mode). Exits non-zero on any failure.
#   Tests/faults/disk_full.sh BIN
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "disk_full: needs root (tmpfs mounts)"; exit 1; }
work=$(mktemp -d)
mounts=()
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null
    for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL $*"; exit 1; }
failures=0
# The layers are compiled into a cache on first use: one the unprivileged user may write too.
export INCIDENTS_CACHE_DIR=$work/cache
mkdir -p "$INCIDENTS_CACHE_DIR"

tmpfs() {  # tmpfs DIR SIZE: a small file system of its own
    mkdir -p "$1"; mount -t tmpfs -o "size=$2" tmpfs "$1"; mounts+=("$1")
}
fill() {  # fill DIR KB: leave about KB kilobytes free
    local free; free=$(df -k --output=avail "$1" | tail -1)
    [ "$free" -gt "$2" ] && dd if=/dev/zero of="$1/filler" bs=1k count=$((free - $2)) status=none 2>/dev/null || true
}
# What a store holds, row by row (incidents, history, search index, R-tree, tokens).
content() {
    sqlite3 "$1" "SELECT * FROM incidents ORDER BY fid; SELECT * FROM incident_history ORDER BY id;
                  SELECT rowid, * FROM incidents_search ORDER BY rowid; SELECT * FROM rtree_incidents_geom ORDER BY id;
                  SELECT * FROM api_tokens ORDER BY id; SELECT * FROM gpkg_contents ORDER BY table_name" | sha256sum
}
# expect_error NAME RC STDERR PATTERN: a failure with a documented code and one clear line.
expect_error() {
    local name=$1 rc=$2 err=$3 pattern=$4
    local lines; lines=$(grep -c . "$err" || true)
    if [ "$rc" != 1 ]; then echo "FAIL $name: exit $rc, not 1 (a runtime failure)"; failures=$((failures + 1)); fi
    if [ "$lines" != 1 ]; then echo "FAIL $name: $lines lines on stderr, not one:"; sed 's/^/       /' "$err"; failures=$((failures + 1)); fi
    if ! grep -qiE "$pattern" "$err"; then echo "FAIL $name: the message does not say /$pattern/: $(head -c 300 "$err")"; failures=$((failures + 1)); fi
    echo "     $name: exit $rc: $(head -c 240 "$err")"
}
# store_unchanged NAME STORE SHA CONTENT: byte for byte, or integrity ok with the same rows; no journal left.
store_unchanged() {
    local name=$1 s=$2 sha=$3 rows=$4
    if [ -s "$s-journal" ]; then echo "FAIL $name: a hot journal is left beside the store"; failures=$((failures + 1)); fi
    if [ "$(sha256sum < "$s")" = "$sha" ]; then echo "ok   $name: the store is byte for byte as before"; return; fi
    if [ "$(sqlite3 "$s" 'PRAGMA integrity_check')" != ok ]; then echo "FAIL $name: integrity_check fails"; failures=$((failures + 1)); return; fi
    if [ "$(content "$s")" != "$rows" ]; then echo "FAIL $name: the store's rows changed"; failures=$((failures + 1)); return; fi
    echo "ok   $name: integrity ok, the same rows (the file's bytes differ)"
}
no_output() {  # no_output NAME FILE: nothing under the target name, nor its .partial
    local name=$1
    if [ -e "$2" ]; then echo "FAIL $name: a file was left at the target name $2 ($(stat -c %s "$2") bytes)"; failures=$((failures + 1)); fi
    if [ -e "$2.partial" ]; then echo "FAIL $name: a partial file was left: $2.partial ($(stat -c %s "$2.partial") bytes)"; failures=$((failures + 1)); fi
}

# --- A store of 400 incidents and a 3,000-feature file to import.
python3 - "$work/seed.geojsonl" 400 "$work/big.geojsonl" 3000 <<'PY'
import json, random, sys, uuid
for path, n in ((sys.argv[1], int(sys.argv[2])), (sys.argv[3], int(sys.argv[4]))):
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({"type": "Feature", "id": str(uuid.uuid4()),
                "geometry": {"type": "Point", "coordinates": [round(random.uniform(-70, -60), 5), round(random.uniform(10, 16), 5)]},
                "properties": {"kind": "naval-position", "title": f"Feature {i} " + "x" * 200, "time_start": "2025-10-01T00:00:00Z",
                               "sources": [{"url": f"https://example.org/{uuid.uuid4()}", "publisher": "Disk Wire"}]}}) + "\n")
PY
"$bin" import --store "$work/seed.gpkg" "$work/seed.geojsonl" > /dev/null 2>&1
"$bin" token create --store "$work/seed.gpkg" --name disk > /dev/null 2>&1
seed_rows=$(content "$work/seed.gpkg")
"$bin" check "11 -64" > /dev/null   # compile the layers into the cache

# --- Import onto a full disk, with a little and with more room left (the failure comes at a
#     different point of the transaction: the journal, the table, the indexes).
for room in 8 200 1200; do
    name="import, disk full ($room KB free)"
    dir=$work/full-import-$room
    tmpfs "$dir" 8m
    cp "$work/seed.gpkg" "$dir/s.gpkg"
    fill "$dir" "$room"
    sha=$(sha256sum < "$dir/s.gpkg")
    rc=0; "$bin" import --store "$dir/s.gpkg" "$work/big.geojsonl" > "$work/out" 2> "$work/err" || rc=$?
    expect_error "$name" "$rc" "$work/err" "disk is full|no space"
    rm -f "$dir/filler"
    store_unchanged "$name" "$dir/s.gpkg" "$sha" "$seed_rows"
done

# --- Export onto a full disk: GeoJSON, CSV, KML, a GeoPackage copy, and standard output.
dir=$work/full-export
tmpfs "$dir" 2m
fill "$dir" 64
seed_sha=$(sha256sum < "$work/seed.gpkg")   # before the exports, to show they leave it as it was
for ext in geojson csv kml gpkg; do
    name="export -o FILE.$ext, disk full"
    rc=0; "$bin" export --store "$work/seed.gpkg" -o "$dir/out.$ext" > "$work/out" 2> "$work/err" || rc=$?
    expect_error "$name" "$rc" "$work/err" "disk is full|no space"
    no_output "$name" "$dir/out.$ext"
done
name="export > FILE, disk full"
rc=0; "$bin" export --store "$work/seed.gpkg" > "$dir/stdout.geojson" 2> "$work/err" || rc=$?
expect_error "$name" "$rc" "$work/err" "disk is full|no space"
rm -f "$dir/stdout.geojson"
store_unchanged "exports" "$work/seed.gpkg" "$seed_sha" "$seed_rows"

# --- A file size limit (ulimit -f, prlimit --fsize) during export and import. SIGXFSZ is set to
# its default (kill) first, as in most shells: the tool must ignore it itself (an inherited
# SIG_IGN made this pass by hand and fail in CI).
name="export -o FILE.geojson, file size limit 64 KB"
rc=0; env --default-signal=XFSZ prlimit --fsize=65536 "$bin" export --store "$work/seed.gpkg" -o "$work/limited.geojson" > "$work/out" 2> "$work/err" || rc=$?
expect_error "$name" "$rc" "$work/err" "disk is full|file size limit|too large"
no_output "$name" "$work/limited.geojson"
cp "$work/seed.gpkg" "$work/limited.gpkg"
sha=$(sha256sum < "$work/limited.gpkg")
size=$(stat -c %s "$work/limited.gpkg")
name="import, file size limit just above the store"
rc=0; env --default-signal=XFSZ prlimit --fsize=$((size + 65536)) "$bin" import --store "$work/limited.gpkg" "$work/big.geojsonl" > "$work/out" 2> "$work/err" || rc=$?
expect_error "$name" "$rc" "$work/err" "disk is full|file size limit|too large"
store_unchanged "$name" "$work/limited.gpkg" "$sha" "$seed_rows"

# --- Writes the store refuses, reads it gives: the same list for both read-only cases.
one=$(sqlite3 "$work/seed.gpkg" "SELECT id FROM incidents LIMIT 1")
two=$(sqlite3 "$work/seed.gpkg" "SELECT id FROM incidents LIMIT 1 OFFSET 1")
head -3 "$work/big.geojsonl" > "$work/three.geojsonl"
writes=(
    "log|log --kind other --at 11,-64 --time 2025-10-01 --title ro"
    "edit|edit $one --title changed"
    "delete|delete $one"
    "import|import $work/three.geojsonl"
    "merge|merge $one $two"
    "reclassify|reclassify --all"
    "token create|token create --name ro"
)
reads=(
    "list|list"
    "show|show $one"
    "history|history $one"
    "near|near 11,-64 --within 100nm"
    "stats|stats"
    "export|export"
)
read_only_case() {  # read_only_case LABEL STORE RUNNER...: the writes fail, the reads work
    local label=$1 s=$2; shift 2
    local sha rows read_failures=$failures; sha=$(sha256sum < "$s"); rows=$(content "$s")
    for w in "${writes[@]}"; do
        local name="$label: ${w%%|*}"
        # shellcheck disable=SC2086
        rc=0; "$@" "$bin" ${w#*|} --store "$s" > "$work/out" 2> "$work/err" || rc=$?
        expect_error "$name" "$rc" "$work/err" "read-only|readonly"
    done
    for r in "${reads[@]}"; do
        # shellcheck disable=SC2086
        rc=0; "$@" "$bin" ${r#*|} --store "$s" > "$work/out" 2> "$work/err" || rc=$?
        if [ "$rc" != 0 ] || [ ! -s "$work/out" ]; then
            echo "FAIL $label: ${r%%|*} (a read) gave exit $rc: $(head -c 300 "$work/err")"; failures=$((failures + 1))
        fi
    done
    [ "$failures" = "$read_failures" ] && echo "ok   $label: ${#reads[@]} reads work (list, show, history, near, stats, export)"
    store_unchanged "$label" "$s" "$sha" "$rows"
}

# A read-only store (chmod 444), as an unprivileged user (root's writes ignore a file's mode).
dir=$work/ro-file
mkdir -p "$dir"
cp "$work/seed.gpkg" "$dir/s.gpkg"
chown -R nobody: "$dir" "$INCIDENTS_CACHE_DIR"
chmod 444 "$dir/s.gpkg"
chmod 755 "$work"
as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
"${as_nobody[@]}" true || fail "cannot run as nobody"
read_only_case "read-only store (chmod 444)" "$dir/s.gpkg" "${as_nobody[@]}"

# A store on a read-only file system (a tmpfs remounted read-only), as root.
dir=$work/ro-fs
tmpfs "$dir" 16m
cp "$work/seed.gpkg" "$dir/s.gpkg"
mount -o remount,ro "$dir"
read_only_case "read-only file system" "$dir/s.gpkg"

# The server on a read-only store: reads are served, a write is refused in one clear answer.
token=$("$bin" token create --store "$work/seed.gpkg" --name ro-serve 2>/dev/null)
dir=$work/ro-serve
tmpfs "$dir" 16m
cp "$work/seed.gpkg" "$dir/s.gpkg"
mount -o remount,ro "$dir"
: > "$work/serve.err"
"$bin" serve --store "$dir/s.gpkg" --port 0 > /dev/null 2> "$work/serve.err" &
server_pid=$!
base=""
for _ in $(seq 1 300); do
    base=$(sed -n 's/.* on \(http:[^ ]*\) .*/\1/p' "$work/serve.err" | head -1)
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
done
if [ -z "$base" ]; then
    # It must serve reads: refusing to start was the old behaviour.
    echo "FAIL serve on a read-only file system: it did not start: $(head -c 300 "$work/serve.err")"; failures=$((failures + 1))
else
    code=$(curl -s -o "$work/r.json" -w '%{http_code}' "$base/collections/incidents/items?limit=5") || code=000
    [ "$code" = 200 ] || { echo "FAIL serve on a read-only file system: GET items gave $code"; failures=$((failures + 1)); }
    code=$(curl -s -o "$work/r.json" -w '%{http_code}' -X POST -H 'Content-Type: application/geo+json' -H "Authorization: Bearer $token" \
        -d '{"type":"Feature","geometry":{"type":"Point","coordinates":[-64,11]},"properties":{"title":"ro"}}' "$base/collections/incidents/items") || code=000
    echo "     serve on a read-only file system: GET 200, POST $code: $(head -c 240 "$work/r.json")"
    case "$code" in 503) ;; *) echo "FAIL serve: a POST to a read-only store gave $code"; failures=$((failures + 1)) ;; esac
    grep -qiE "read-only|readonly" "$work/r.json" || { echo "FAIL serve: the POST's answer does not say the store is read-only"; failures=$((failures + 1)); }
    kill -TERM "$server_pid"; wait "$server_pid" || true
    server_pid=""
fi

[ "$failures" = 0 ] || fail "disk_full: $failures checks failed"
echo "disk_full: all checks passed (full disk during import and export, file size limit, read-only store, read-only file system)"
