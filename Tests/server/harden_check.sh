#!/usr/bin/env bash
# incidents serve against hostile clients, over real sockets on loopback (issue 10, item 7):
# slow and partial requests time out, the connection cap holds and the server stays responsive,
# head and body sizes are limited, CORS is off unless configured, path traversal, injection and
# garbage (deep JSON, binary, invalid UTF-8, NaN) get 4xx problems and change nothing, and a 500
# says nothing of its cause (which is in the log). About a minute. Exits non-zero on a failure.
#   Tests/server/harden_check.sh BIN
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL $*"; exit 1; }

store=$work/hardened.gpkg
"$bin" log --store "$store" --kind vessel-strike --at "11°10'N 63°50'W" --time 2025-09-02T12:00:00Z \
    --title "Strike north of Paria" --killed 11 --source "https://example.org/a|Reuters|2025-09-02" > /dev/null
"$bin" log --store "$store" --kind flight --geometry "LINESTRING (-66.2 14.0, -66.6 12.6, -67.0 11.9)" \
    --time 2025-10-15T21:00:00Z --title "Bombers inside SVZM" > /dev/null
token=$("$bin" token create --store "$store" --name "harden" 2>/dev/null)

start() {  # start NAME [serve options...]: a server on a free port; sets base
    local name=$1; shift
    : > "$work/$name.err"   # exists before the loop reads it
    "$bin" serve --store "$store" --port 0 "$@" > "$work/$name.out" 2> "$work/$name.err" &
    local pid=$!
    pids+=("$pid")
    base=""
    for _ in $(seq 1 600); do
        base=$(sed -n 's/.* on \(http:[^ ]*\) .*/\1/p' "$work/$name.err" | head -1)
        [ -n "$base" ] && break
        kill -0 "$pid" 2>/dev/null || { cat "$work/$name.err"; fail "the server $name did not start"; }
        sleep 0.1
    done
    [ -n "$base" ] || fail "the server $name did not say where it listens"
}

# The limits' options are checked: a usage error (64) for a value out of range.
for bad in "--cors-origin https://maps.example.org/path" "--cors-origin maps.example.org" "--max-head 100" \
           "--idle-timeout 0" "--request-timeout 0" "--max-connections 0"; do
    code=0; "$bin" serve --store "$store" --port 0 $bad > /dev/null 2>&1 || code=$?
    [ "$code" = 64 ] || fail "serve $bad: exit $code, not 64"
done
echo "ok   serve refuses a CORS origin with a path or no scheme, and limits out of range (exit 64)"

# Short limits so that each can be seen within seconds.
start limits --idle-timeout 2 --request-timeout 4 --max-head 4096 --max-body 262144
limits=$base
start cap --max-connections 4 --idle-timeout 30
cap=$base
start cors --cors-origin https://maps.example.org
cors=$base
echo "serving: limits $limits, cap $cap, cors $cors"

python3 "$here/harden_check.py" --store "$store" --token "$token" --limits "$limits" --cap "$cap" --cors "$cors" \
    --idle-timeout 2 --request-timeout 4 --max-head 4096 --max-body 262144 --max-connections 4 \
    || fail "see above"

# A 500 says nothing of its cause; the log does. Break the store under the server: full-text
# search loses its table.
sqlite3 "$store" "DROP TABLE incidents_search" || fail "could not break the store"
code=$(curl -s -o "$work/500.json" -w '%{http_code}' "$limits/collections/incidents/items?q=strike")
[ "$code" = 500 ] || fail "a broken store gave $code, not 500: $(cat "$work/500.json")"
grep -q '"detail":"the server failed to answer this request; its log says why"' "$work/500.json" || fail "the 500's body: $(cat "$work/500.json")"
for leak in SELECT MATCH incidents_search "no such table" -i:sqlite GRDB .swift StoreError DatabaseError; do
    case $leak in -i:*) grep -qi "${leak#-i:}" "$work/500.json" && fail "the 500 says '$leak': $(cat "$work/500.json")" ;;
                  *) grep -qF "$leak" "$work/500.json" && fail "the 500 says '$leak': $(cat "$work/500.json")" ;; esac
done
grep 'status=500' "$work/limits.err" | grep -q 'no such table' || fail "the log does not give the 500's cause: $(grep 'status=500' "$work/limits.err")"
echo "ok   a 500 is a bare problem ($(cat "$work/500.json")); the log has the cause: $(grep -o 'error=[^ ]*.\{0,60\}' "$work/limits.err" | head -1)"
curl -sf "$limits/collections" > /dev/null || fail "the server stopped answering after the 500"

# No other 5xx in any server's log.
others=$(cat "$work"/*.err | grep -E 'status=5[0-9][0-9]' | grep -vc 'q=strike' || true)
[ "$others" = 0 ] || { cat "$work"/*.err | grep -E 'status=5[0-9][0-9]' | grep -v 'q=strike' | head -5; fail "$others other 5xx answers"; }
echo "ok   no 5xx besides the deliberate one in $(cat "$work"/*.err | grep -c request) logged requests"
echo "harden: all checks passed"
