#!/usr/bin/env bash
# incidents serve, end to end on loopback: the three OGC API clients, the live map in headless
# Chromium (following a write), writes and tokens over HTTP, a graceful stop on SIGTERM, and
# SIGKILLs in the middle of writes. Exits non-zero on any failure.
#   Tests/server/serve_check.sh BIN CONFORMANCE_DIR ARTIFACTS_DIR
set -euo pipefail
bin=$1 conformance=$2 artifacts=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
[ -n "${KEEP_WORK:-}" ] && trap "echo work kept in $work; [ -n \"\$server_pid\" ] && kill -9 \$server_pid" EXIT
mkdir -p "$artifacts"
fail() { echo "FAIL $*"; exit 1; }

# A store from the conformance suite's sample (its "reported" times become time_start).
store=$work/served.gpkg
"$bin" import --store "$store" --map time_start=reported "$conformance/oapif/sample_incidents.geojson" > /dev/null 2>&1

start() {  # start the server on a free port; sets server_pid and base
    : > "$work/serve.err"   # before the loop reads it (under load the shell may start the loop first)
    "$bin" serve --store "$store" --port 0 --max-body 65536 > "$work/serve.out" 2> "$work/serve.err" &
    server_pid=$!
    for _ in $(seq 1 600); do
        base=$(sed -n 's/.* on \(http:[^ ]*\) .*/\1/p' "$work/serve.err" | head -1)
        [ -n "$base" ] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err"; fail "the server did not start"; }
        sleep 0.1
    done
    [ -n "$base" ] || fail "the server did not say where it listens"
}

start
echo "serving on $base"
bash "$conformance/oapif_client_check.sh" "$base" incidents | tail -12
echo "ok   oapif_client_check.sh: raw HTTP, OWSLib and GDAL pass (no LENIENT)"

# near: the same incidents and distances as the CLI's `near --json` (the sample's points are
# spread widely: 2,000 nm from 30N 30W reaches 31 of them, at many distances).
"$bin" near --store "$store" "30 -30" --within 2000nm --json > "$work/near-cli.json"
curl -sf "$base/collections/incidents/items?near=30,-30&within=2000nm&limit=10000" > "$work/near-api.json"
python3 - "$work/near-cli.json" "$work/near-api.json" <<'PY' || fail "near through the API differs from the CLI"
import json, sys
cli = [(f["id"], f["properties"]["distance_nm"]) for f in json.load(open(sys.argv[1]))]
api = [(f["id"], f["properties"]["distance_nm"]) for f in json.load(open(sys.argv[2]))["features"]]
assert cli and cli == api, (cli[:3], api[:3])
print(f"ok   near=30,-30&within=2000nm: the same {len(api)} incidents in the same order, the same distance_nm, as 'incidents near --json'")
PY

# Writes and tokens over HTTP.
token=$("$bin" token create --store "$store" --name "ci" 2>/dev/null)
body='{"type":"Feature","geometry":{"type":"Point","coordinates":[-63.83,11.17]},"properties":{"kind":"vessel-strike","title":"Posted in CI","time_start":"2025-09-02T12:00:00Z","sources":[{"url":"https://example.org/ci","publisher":"CI Wire"}]}}'
code=$(curl -s -o "$work/r.json" -w '%{http_code}' -X POST -H 'Content-Type: application/geo+json' -d "$body" "$base/collections/incidents/items")
[ "$code" = 401 ] || fail "a POST without a token gave $code, not 401"
code=$(curl -s -o "$work/r.json" -w '%{http_code}' -X POST -H 'Content-Type: application/geo+json' -H 'Authorization: Bearer imt_nope' -d "$body" "$base/collections/incidents/items")
[ "$code" = 401 ] || fail "a POST with a wrong token gave $code, not 401"
[ "$("$bin" list --store "$store" --search "posted" | wc -l)" = 0 ] || fail "a refused POST changed the store"
head -c 70000 /dev/zero | tr '\0' ' ' > "$work/big.json"
code=$(curl -s -o "$work/r.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" --data-binary "@$work/big.json" "$base/collections/incidents/items")
[ "$code" = 413 ] || fail "an oversized body gave $code, not 413"
code=$(curl -s -o "$work/r.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d '{"type":"Feature","geometry":null,"properties":{"killed":"many"}}' "$base/collections/incidents/items")
[ "$code" = 400 ] && grep -q killed "$work/r.json" || fail "a malformed body gave $code: $(cat "$work/r.json")"
echo "ok   401 without a valid token, 413 for an oversized body, 400 naming the field; nothing written"

# The live map follows a POST made while it is open.
"$bin" list --json --store "$store" | python3 -c 'import json, sys; [print(f["id"]) for f in json.load(sys.stdin)]' > "$work/ids.txt"
cat > "$work/post.sh" <<POST
curl -sf -o "$work/posted.json" -X POST -H 'Content-Type: application/geo+json' -H "Authorization: Bearer $token" -d '$body' "$base/collections/incidents/items"
python3 -c 'import json; print(json.load(open("$work/posted.json"))["id"])' > "$work/posted-id.txt"
cat "$work/ids.txt" "$work/posted-id.txt" > "$work/ids-after.txt"
POST
python3 "$here/../browser/map_check.py" "$base/" --ids "$work/ids.txt" --artifacts "$artifacts" --name served \
    --change "bash $work/post.sh" --ids-after "$work/ids-after.txt"
id=$(cat "$work/posted-id.txt")
"$bin" list --store "$store" > "$work/list.txt"
grep -q "$id" "$work/list.txt" || fail "the POSTed incident is not in 'incidents list'"
"$bin" history "$id" --store "$store" > "$work/history.txt"
grep -q "token 'ci'" "$work/history.txt" || fail "the POSTed incident's history does not name the token: $(cat "$work/history.txt")"
curl -sf "$base/collections/incidents/items/$id" > /dev/null || fail "the POSTed incident is not at its URL"
echo "ok   the POSTed incident is in /items, in 'incidents list' and in its history with the token's name"
"$bin" token revoke --store "$store" --name ci 2>/dev/null
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $token" "$base/collections/incidents/items/$id")
[ "$code" = 401 ] || fail "a revoked token gave $code, not 401"
curl -sf "$base/collections/incidents/items/$id" > /dev/null || fail "a refused DELETE deleted"
echo "ok   a revoked token gets 401 and changes nothing"

# A graceful stop: SIGTERM, the store back to one file, valid.
port_taken=$(echo "$base" | sed 's/.*://')
"$bin" serve --store "$store" --port "$port_taken" > /dev/null 2> "$work/second.err" && fail "a second server on a taken port started" || true
grep -q "is taken" "$work/second.err" || fail "no clear message for a taken port: $(cat "$work/second.err")"
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
grep -q "stopped" "$work/serve.err" || fail "no clean stop after SIGTERM: $(tail -3 "$work/serve.err")"
[ ! -e "$store-wal" ] || fail "the store still has a WAL file after the stop"
[ "$(sqlite3 "$store" 'PRAGMA journal_mode')" = delete ] || fail "the store is not back to a rollback journal"
STRICT=1 bash "$conformance/validate_gpkg.sh" "$store" > "$work/validate.txt" || { cat "$work/validate.txt"; fail "the store is not a valid GeoPackage after serving"; }
echo "ok   a taken port says so; SIGTERM stops cleanly, the store is one valid file again"
echo "     $(grep -c request "$work/serve.err") access-log lines on stderr, e.g.: $(grep 'status=201' "$work/serve.err" | head -1)"

# SIGKILL in the middle of writes: the store stays valid, each write complete or absent.
token=$("$bin" token create --store "$store" --name "kill" 2>/dev/null)
for round in 1 2 3 4 5 6 7 8 9 10; do
    start
    before=$(sqlite3 "$store" "SELECT count(*) FROM incidents")
    : > "$work/codes.txt"
    ( for i in $(seq 1 200); do
        curl -s -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/geo+json' -H "Authorization: Bearer $token" \
            -d "$body" "$base/collections/incidents/items" >> "$work/codes.txt" || true
      done ) &
    writer=$!
    sleep "0.$((RANDOM % 9 + 1))"
    kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
    wait "$writer" 2>/dev/null || true
    [ "$(sqlite3 "$store" 'PRAGMA integrity_check')" = ok ] || fail "round $round: integrity_check failed"
    after=$(sqlite3 "$store" "SELECT count(*) FROM incidents")
    orphans=$(sqlite3 "$store" "SELECT count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_history h WHERE h.incident_id = i.id)")
    unindexed=$(sqlite3 "$store" "SELECT count(*) FROM incidents WHERE geom IS NOT NULL AND fid NOT IN (SELECT id FROM rtree_incidents_geom)")
    [ "$orphans" = 0 ] && [ "$unindexed" = 0 ] || fail "round $round: $orphans incidents without history, $unindexed outside the R-tree"
    acknowledged=$(grep -c '^201$' "$work/codes.txt" || true)
    # Every write the client was told succeeded is there; at most the one in flight besides.
    [ $((after - before)) -ge "$acknowledged" ] && [ $((after - before)) -le $((acknowledged + 1)) ] \
        || fail "round $round: $acknowledged writes acknowledged, $((after - before)) stored"
    echo "     kill $round: $acknowledged writes acknowledged, $((after - before)) stored; integrity ok, every incident with its history and in the R-tree"
done
STRICT=1 bash "$conformance/validate_gpkg.sh" "$store" > "$work/validate.txt" || { cat "$work/validate.txt"; fail "the store is not a valid GeoPackage after the kills"; }
echo "ok   10 SIGKILLs during writes: the store is valid, each write all or nothing"
echo "serve: all checks passed"
