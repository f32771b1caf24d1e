#!/usr/bin/env bash
# Concurrency soak: for SECONDS, 4 CLI writers (log and edit in turn), the server taking POSTs
# and PATCHes (two clients), and 8 readers (2 each of list, near, export and HTTP items) on one
# store. Afterwards: no write that reported success is lost (each is in the store with its
# history entry), no one saw SQLITE_BUSY ("database is locked", "busy": in any stderr or HTTP
# body), nothing failed, and every record's history is complete (Tests/faults/check_store.py).
# Prints the operations per second held, per kind and in all. Exits non-zero on any failure.
#   Tests/faults/soak.sh BIN [SECONDS]        (60 by default)
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/small_layers.sh"
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
[ -n "${KEEP_WORK:-}" ] && trap 'echo "work kept in $work"; [ -n "$server_pid" ] && kill -9 $server_pid' EXIT
fail() { echo "FAIL $*"; exit 1; }
store=$work/soak.gpkg

# A store of 2,000 incidents; 20 of them are edited by everyone (CLI edits and PATCHes meet).
python3 - "$work/seed.geojsonl" 2000 <<'PY'
import json, random, sys, uuid
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"type": "Feature", "id": str(uuid.uuid4()),
            "geometry": {"type": "Point", "coordinates": [round(random.uniform(-70, -60), 5), round(random.uniform(10, 16), 5)]},
            "properties": {"kind": random.choice(["naval-position", "vessel-strike", "flight"]), "title": f"S0#{i}",
                           "killed": 0, "injured": 0, "time_start": "2025-10-01T00:00:00Z",
                           "sources": [{"url": f"https://example.org/s/{i}", "publisher": "Soak Wire"}]}}) + "\n")
PY
"$bin" import --store "$store" "$work/seed.geojsonl" > /dev/null
mapfile -t targets < <(sqlite3 "$store" "SELECT id FROM incidents ORDER BY fid LIMIT 20")
token=$("$bin" token create --store "$store" --name soak 2>/dev/null)

: > "$work/serve.err"   # before the loop reads it
"$bin" serve --store "$store" --port 0 > /dev/null 2> "$work/serve.err" &
server_pid=$!
base=""
for _ in $(seq 1 600); do
    base=$(sed -n 's/.* on \(http:[^ ]*\) .*/\1/p' "$work/serve.err" | head -1)
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err"; fail "the server did not start"; }
    sleep 0.05
done
[ -n "$base" ] || fail "the server did not say where it listens"

now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
end_ms=$(( $(now_ms) + seconds * 1000 ))
# Each loop writes one line per operation to its log: KIND N STATUS ID MS (N: a number unique to
# the write, carried in its title; STATUS: exit code or HTTP status); its stderr to its own file.

writer() {  # a CLI writer: log, then edit a shared target, in turn
    local w=$1 i=0 n id t0 rc
    while [ "$(now_ms)" -lt "$end_ms" ]; do
        i=$((i + 1)); n=$(( w * 1000000 + i ))
        t0=$(now_ms)
        if [ $((i % 2)) = 1 ]; then
            rc=0; id=$("$bin" log --store "$store" --kind vessel-strike --at "11.$((RANDOM % 90 + 10)) -63.$((RANDOM % 90 + 10))" \
                --time 2025-09-02T12:00:00Z --title "L$n#soak" --killed "$n" --injured "$n" \
                --source "https://example.org/l$n|Soak Wire|2025-09-02" 2>> "$work/err.writer$w") || rc=$?
            echo "log $n $rc ${id:-none} $(( $(now_ms) - t0 ))"
        else
            id=${targets[$((RANDOM % ${#targets[@]}))]}
            rc=0; "$bin" edit --store "$store" "$id" --title "E$n#soak" --killed "$n" --injured "$n" \
                --at "10.$((RANDOM % 90 + 10)) -64.$((RANDOM % 90 + 10))" > /dev/null 2>> "$work/err.writer$w" || rc=$?
            echo "edit $n $rc $id $(( $(now_ms) - t0 ))"
        fi
    done > "$work/log.writer$w"
}

http_writer() {  # POSTs (kind post) or PATCHes of the shared targets (kind patch)
    local kind=$1 i=0 n id t0 code body base_n=7000000
    [ "$kind" = post ] || base_n=8000000
    while [ "$(now_ms)" -lt "$end_ms" ]; do
        i=$((i + 1)); n=$(( base_n + i ))
        t0=$(now_ms)
        if [ "$kind" = post ]; then
            body="{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-63.$((RANDOM % 90 + 10)),11.$((RANDOM % 90 + 10))]},\"properties\":{\"kind\":\"vessel-strike\",\"title\":\"P$n#soak\",\"killed\":$n,\"injured\":$n,\"time_start\":\"2025-09-02T12:00:00Z\",\"sources\":[{\"url\":\"https://example.org/p$n\",\"publisher\":\"Soak Wire\"}]}}"
            code=$(curl -s -o "$work/body.$kind" -w '%{http_code}' -X POST -H 'Content-Type: application/geo+json' \
                -H "Authorization: Bearer $token" -d "$body" "$base/collections/incidents/items") || code=000
            id=$(grep -o '"id":"[0-9a-f-]\{36\}"' "$work/body.$kind" | head -1 | cut -d'"' -f4) || id=""
        else
            id=${targets[$((RANDOM % ${#targets[@]}))]}
            body="{\"properties\":{\"title\":\"Q$n#soak\",\"killed\":$n,\"injured\":$n}}"
            code=$(curl -s -o "$work/body.$kind" -w '%{http_code}' -X PATCH -H 'Content-Type: application/merge-patch+json' \
                -H "Authorization: Bearer $token" -d "$body" "$base/collections/incidents/items/$id") || code=000
        fi
        case "$code" in 2*) ;; *) { echo "$kind $n: $code"; cat "$work/body.$kind"; echo; } >> "$work/err.http-$kind" ;; esac
        echo "$kind $n $code ${id:-none} $(( $(now_ms) - t0 ))"
    done > "$work/log.http-$kind"
}

reader() {  # KIND R: list, near, export (to a file) or HTTP items
    local kind=$1 r=$2 t0 rc
    while [ "$(now_ms)" -lt "$end_ms" ]; do
        t0=$(now_ms); rc=0
        case "$kind" in
            list) "$bin" list --store "$store" > /dev/null 2>> "$work/err.$kind$r" || rc=$? ;;
            near) "$bin" near --store "$store" "11.$((RANDOM % 90 + 10)) -64.$((RANDOM % 90 + 10))" --within 60nm > /dev/null 2>> "$work/err.$kind$r" || rc=$? ;;
            export) "$bin" export --store "$store" -o "$work/export$r.geojson" 2>> "$work/err.$kind$r" || rc=$? ;;
            items) rc=$(curl -s -o "$work/items$r.json" -w '%{http_code}' "$base/collections/incidents/items?limit=100&offset=$((RANDOM % 2000))") || rc=000
                   [ "$rc" = 200 ] && rc=0 || { echo "items: $rc"; cat "$work/items$r.json"; echo; } >> "$work/err.$kind$r" ;;
        esac
        echo "$kind 0 $rc none $(( $(now_ms) - t0 ))"
    done > "$work/log.$kind$r"
}

pids=()
for w in 1 2 3 4; do writer "$w" & pids+=($!); done
http_writer post & pids+=($!)
http_writer patch & pids+=($!)
for kind in list near export items; do
    for r in 1 2; do reader "$kind" "$r" & pids+=($!); done
done
for p in "${pids[@]}"; do wait "$p"; done
elapsed_ms=$(( $(now_ms) - end_ms + seconds * 1000 ))

kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
grep -q "stopped" "$work/serve.err" || fail "the server did not stop cleanly: $(tail -3 "$work/serve.err")"
[ "$(sqlite3 "$store" 'PRAGMA journal_mode')" = delete ] || fail "the store did not go back to one file after the server stopped"

failures=0
# A stop while another process has the store open (QGIS showing the layer, a command running):
# SQLite will not switch back to one file then; that must be no error (it said "database is
# locked" and exited 1). Served with small layers (small_layers.sh), which start at once.
small_layers "$work/layers"
env INCIDENTS_GEODATA="$work/layers" INCIDENTS_CACHE_DIR="$work/layer-cache" "$bin" serve --store "$store" --port 0 > /dev/null 2> "$work/serve2.err" &
server_pid=$!
for _ in $(seq 1 600); do grep -q ' on http' "$work/serve2.err" && break; sleep 0.05; done
python3 -c 'import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM incidents").fetchone(); print("open", flush=True); time.sleep(30)' "$store" > "$work/holder.out" &
holder=$!
for _ in $(seq 1 200); do grep -q open "$work/holder.out" && break; sleep 0.05; done
grep -q open "$work/holder.out" || fail "the process meant to hold the store open did not open it"
rc=0; kill -TERM "$server_pid"; wait "$server_pid" || rc=$?; server_pid=""
kill "$holder"; wait "$holder" 2>/dev/null || true
if [ "$rc" != 0 ] || ! grep -q "stopped" "$work/serve2.err"; then
    echo "FAIL a stop while another process had the store open: exit $rc: $(tail -1 "$work/serve2.err")"; failures=$((failures + 1))
else
    echo "ok   a stop while another process had the store open: exit 0, $(tail -1 "$work/serve2.err" | cut -c1-90)..."
fi
# SQLITE_BUSY or a lock shown to anyone, in any stderr, HTTP body or the server's log.
if cat "$work"/err.* "$work/serve.err" "$work/serve2.err" 2>/dev/null | grep -iE "locked|busy" > "$work/busy.txt"; then
    echo "FAIL $(wc -l < "$work/busy.txt") lines saying busy/locked, e.g.:"; head -3 "$work/busy.txt" | sed 's/^/       /'
    failures=$((failures + 1))
fi
# Every operation succeeded.
if cat "$work"/log.* | awk '$3 != 0 && $3 != 200 && $3 != 201' | grep -q .; then
    echo "FAIL $(cat "$work"/log.* | awk '$3 != 0 && $3 != 200 && $3 != 201' | wc -l) operations failed, e.g.:"
    cat "$work"/log.* | awk '$3 != 0 && $3 != 200 && $3 != 201' | head -3 | sed 's/^/       /'
    for f in "$work"/err.*; do [ -s "$f" ] && head -3 "$f" | sed "s|^|       $(basename "$f"): |"; done
    failures=$((failures + 1))
fi
# No acknowledged write lost, each with its history entry; every record's history complete.
python3 - "$store" "$seconds" "$elapsed_ms" "$work"/log.* <<'PY' || failures=$((failures + 1))
import collections, json, sqlite3, sys
store, seconds, elapsed_ms, logs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
db = sqlite3.connect(store)
titles = {}
for iid, action, changes in db.execute("SELECT incident_id, action, changes FROM incident_history ORDER BY id"):
    c = json.loads(changes) if changes else {}
    t = c.get("title")
    titles.setdefault(iid, []).append((action, t[1] if isinstance(t, list) else None))
stored = {iid: title for iid, title in db.execute("SELECT id, title FROM incidents WHERE deleted_at IS NULL")}
ok = collections.Counter(); ms = collections.defaultdict(list); lost = []
for path in logs:
    for line in open(path):
        kind, n, status, iid, t = line.split()
        if status not in ("0", "200", "201"):
            continue
        ok[kind] += 1; ms[kind].append(int(t))
        if kind in ("log", "post"):
            mark = ("L" if kind == "log" else "P") + n + "#soak"
            if stored.get(iid) != mark or not any(a == "log" for a, _ in titles.get(iid, [])):
                lost.append((kind, n, iid))
        elif kind in ("edit", "patch"):
            mark = ("E" if kind == "edit" else "Q") + n + "#soak"
            if not any(a == "edit" and t == mark for a, t in titles.get(iid, [])):
                lost.append((kind, n, iid))
names = {"log": "CLI log", "edit": "CLI edit", "post": "HTTP POST", "patch": "HTTP PATCH",
         "list": "list", "near": "near", "export": "export", "items": "HTTP items"}
secs = elapsed_ms / 1000
for kind in ["log", "edit", "post", "patch", "list", "near", "export", "items"]:
    v = sorted(ms[kind]) or [0]
    print(f"     {names[kind]:<11} {ok[kind]:6d} ok  {ok[kind] / secs:7.1f}/s   median {v[len(v) // 2]:5d} ms, max {v[-1]:6d} ms")
writes = sum(ok[k] for k in ("log", "edit", "post", "patch")); reads = sum(ok[k] for k in ("list", "near", "export", "items"))
print(f"     writes {writes / secs:.1f}/s, reads {reads / secs:.1f}/s, all {(writes + reads) / secs:.1f}/s over {secs:.1f} s")
if lost:
    print(f"FAIL {len(lost)} acknowledged writes not in the store with their history, e.g. {lost[:3]}")
    sys.exit(1)
print(f"ok   {writes} acknowledged writes, every one in the store with its history entry")
PY
python3 "$here/check_store.py" "$store" || failures=$((failures + 1))
[ "$failures" = 0 ] || fail "soak: $failures checks failed"
echo "soak: ${seconds} s, 4 CLI writers + 2 HTTP writers + 8 readers: no write lost, no busy error, every history complete"
