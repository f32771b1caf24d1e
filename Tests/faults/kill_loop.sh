#!/usr/bin/env bash
# SIGKILL at random moments during the six kinds of write: log, edit, import, merge, reclassify,
# and a served write (incidents serve + HTTP POST and PATCH with a token). After each kill: the
# store passes integrity_check, the operation is all or nothing, and the history matches the
# records (Tests/faults/check_store.py). GDAL's GeoPackage validator runs on both stores at the
# end. Prints one summary line; exits non-zero on any failure.
#   Tests/faults/kill_loop.sh BIN [KILLS]        (KILLS: 204 by default, spread over the six)
# Only kills that landed count (the process died of SIGKILL); a run that finished first is
# checked as a complete operation and the round is tried again with a shorter delay. Timing
# (2 shared cores): 204 kills in about 3.5 minutes with a debug build, 2.5 with a release one.
# The CLI store uses the rollback journal for the first half of its kills and SQLite's
# write-ahead log (as a store left by 'incidents serve') for the second half.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
kills=${2:-204}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/small_layers.sh"
conformance=${INCIDENTS_CONFORMANCE_DIR:-$here/../../../shared/conformance}
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
[ -n "${KEEP_WORK:-}" ] && trap 'echo "work kept in $work"; [ -n "$server_pid" ] && kill -9 $server_pid' EXIT
fail() { echo "FAIL $*"; exit 1; }
q() { sqlite3 -cmd ".timeout 30000" "$1" "$2"; }   # one value from a store
check() {  # the global invariants, after every kill
    python3 "$here/check_store.py" "$1" > "$work/check.txt" || { cat "$work/check.txt"; fail "round $round ($2): the store broke its invariants"; }
}
ms() { date +%s%3N; }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

ops=(log edit import merge reclassify served)
per_op=$(( (kills + ${#ops[@]} - 1) / ${#ops[@]} ))
declare -A killed=() completed=() delay_ms=() hot=() rollback=() spent=()
for op in "${ops[@]}"; do killed[$op]=0; completed[$op]=0; hot[$op]=0; rollback[$op]=0; spent[$op]=0; done
round=0 half_switched=0
N_IMPORT=100 N_RECLASSIFY=100

# GeoJSON lines of N features, titles "<letter><k>#<i>", killed = injured = k (check_store's version mark).
features() {  # features FILE N LETTER K
    python3 - "$@" <<'PY'
import json, random, sys, uuid
path, n, letter, k = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
with open(path, "w") as f:
    for i in range(n):
        lon, lat = random.uniform(-70, -60), random.uniform(10, 16)
        f.write(json.dumps({"type": "Feature", "id": str(uuid.uuid4()),
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {"kind": "naval-position", "title": f"{letter}{k}#{i}", "time_start": "2025-10-01T00:00:00Z",
                           "killed": k, "injured": k, "tags": ["faults"],
                           "sources": [{"url": f"https://example.org/{letter}{k}/{i}", "publisher": "Fault Wire"}]}}) + "\n")
PY
}

# Runs "$@" in the background and SIGKILLs it after a random delay near the op's aim, and says
# how it ended: rc=137 when the kill landed. The aim starts at the op's measured time and
# follows the write: a kill that left no hot journal (it came before the transaction wrote)
# aims later, a run that finished first aims earlier; so most kills land while the write is
# under way (hot[] counts those seen in the rollback half; WAL leaves no such sign).
run_and_kill() {  # run_and_kill OP STORE CMD...
    local op=$1 store=$2; shift 2
    local aim=${delay_ms[$op]} d
    d=$(( aim * (80 + RANDOM % 26) / 100 ))
    "$@" > "$work/op.out" 2> "$work/op.err" &
    local pid=$!
    sleep_ms "$d"
    kill -9 "$pid" 2>/dev/null || true
    rc=0; wait "$pid" 2>/dev/null || rc=$?   # (no "Killed" line from bash)
    if [ "$rc" = 137 ]; then
        killed[$op]=$(( ${killed[$op]} + 1 ))
        [ "$half_switched" = 1 ] || rollback[$op]=$(( ${rollback[$op]} + 1 ))
        if [ -s "$store-journal" ]; then
            hot[$op]=$(( ${hot[$op]} + 1 ))
        else
            delay_ms[$op]=$(( aim + aim / 20 + 1 ))
        fi
    else
        [ "$rc" = 0 ] || { cat "$work/op.err"; fail "round $round ($op): exit $rc without a kill"; }
        completed[$op]=$(( ${completed[$op]} + 1 ))
        delay_ms[$op]=$(( aim * 85 / 100 + 1 ))
    fi
}

# --- The CLI store: seed incidents, one to edit.
store=$work/cli.gpkg
features "$work/seed.geojsonl" 300 S 0
"$bin" import --store "$store" "$work/seed.geojsonl" > /dev/null
edit_id=$("$bin" log --store "$store" --kind naval-position --at "10.5 -64.5" --time 2025-10-01 --title "E0#calibration" --killed 0 --injured 0)
edit_version=0

# The time each operation takes when left alone (the kill delay is drawn below it).
timed() { local t0; t0=$(ms); "$@" > /dev/null 2>&1; echo $(( $(ms) - t0 )); }
delay_ms[log]=$(timed "$bin" log --store "$store" --kind other --at "11 -65" --time 2025-10-01 --title "calibration")
delay_ms[edit]=$(timed "$bin" edit --store "$store" "$edit_id" --title "E0#edit" --at "10.00 -64.00" --confidence confirmed --tag e0)
features "$work/cal.geojsonl" "$N_IMPORT" C 0
delay_ms[import]=$(timed "$bin" import --store "$store" "$work/cal.geojsonl")
features "$work/cal2.geojsonl" "$N_RECLASSIFY" R 0
"$bin" import --store "$store" --no-context "$work/cal2.geojsonl" > /dev/null
delay_ms[reclassify]=$(timed "$bin" reclassify --store "$store")
delay_ms[merge]=${delay_ms[edit]}
delay_ms[served]=800
check "$store" calibration
echo "     calibration (ms, one run each): log ${delay_ms[log]}, edit ${delay_ms[edit]}, import of $N_IMPORT ${delay_ms[import]}, reclassify of $N_RECLASSIFY ${delay_ms[reclassify]}"

# --- One round of each operation.
round_log() {
    local before; before=$(q "$store" "SELECT count(*) FROM incidents WHERE title LIKE 'L$round#%'")
    [ "$before" = 0 ] || fail "round $round: marker reused"
    run_and_kill log "$store" "$bin" log --store "$store" --kind vessel-strike --at "11.$((RANDOM % 90 + 10)) -63.$((RANDOM % 90 + 10))" \
        --time 2025-09-02T12:00:00Z --title "L$round#log" --killed "$round" --injured "$round" --confidence likely \
        --source "https://example.org/l$round|Fault Wire|2025-09-02" --tag faults
    local n h; n=$(q "$store" "SELECT count(*) FROM incidents WHERE title LIKE 'L$round#%'")
    h=$(q "$store" "SELECT count(*) FROM incident_history WHERE incident_id IN (SELECT id FROM incidents WHERE title LIKE 'L$round#%')")
    [ "$n" = "$h" ] && { [ "$n" = 0 ] || [ "$n" = 1 ]; } || fail "round $round (log): $n incidents, $h history rows"
    [ "$rc" = 137 ] || [ "$n" = 1 ] || fail "round $round (log): exit 0 but not stored"
}

round_edit() {
    local old=$edit_version new=$round before_h; before_h=$(q "$store" "SELECT count(*) FROM incident_history WHERE incident_id = '$edit_id'")
    local lat lon; lat="10.$(printf '%02d' $((new % 100)))"; lon="-64.$(printf '%02d' $((new % 100)))"
    run_and_kill edit "$store" "$bin" edit --store "$store" "$edit_id" --title "E$new#edit" --killed "$new" --injured "$new" \
        --at "$lat $lon" --confidence confirmed --tag "e$new"
    local row title h; row=$(q "$store" "SELECT title, round(r.miny, 2), round(r.minx, 2) FROM incidents i JOIN rtree_incidents_geom r ON r.id = i.fid WHERE i.id = '$edit_id'")
    title=${row%%|*}
    h=$(q "$store" "SELECT count(*) FROM incident_history WHERE incident_id = '$edit_id'")
    if [ "$title" = "E$new#edit" ]; then
        [ "$h" = $((before_h + 1)) ] || fail "round $round (edit): new record, history $before_h -> $h"
        # The geometry (as the R-tree indexes it) is the new one too.
        awk -F'|' -v a="$lat" -v o="$lon" '{ exit !(($2 - a) < 0.006 && (a - $2) < 0.006 && ($3 - o) < 0.006 && (o - $3) < 0.006) }' <<< "$row" \
            || fail "round $round (edit): title new, geometry old: $row (expected $lat $lon)"
        edit_version=$new
    elif [ "$title" = "E$old#edit" ]; then
        [ "$rc" = 137 ] || fail "round $round (edit): exit 0 but the old record"
        [ "$h" = "$before_h" ] || fail "round $round (edit): old record, history $before_h -> $h"
    else
        fail "round $round (edit): title '$title' is neither E$old nor E$new"
    fi
}

round_import() {
    features "$work/import.geojsonl" "$N_IMPORT" I "$round"
    run_and_kill import "$store" "$bin" import --store "$store" "$work/import.geojsonl"
    local n h; n=$(q "$store" "SELECT count(*) FROM incidents WHERE title LIKE 'I$round#%'")
    h=$(q "$store" "SELECT count(*) FROM incident_history WHERE action = 'import' AND incident_id IN (SELECT id FROM incidents WHERE title LIKE 'I$round#%')")
    { [ "$n" = 0 ] || [ "$n" = "$N_IMPORT" ]; } && [ "$h" = "$n" ] || fail "round $round (import): $n of $N_IMPORT incidents, $h history rows"
    [ "$rc" = 137 ] || [ "$n" = "$N_IMPORT" ] || fail "round $round (import): exit 0 but $n stored"
}

round_merge() {
    features "$work/merge.geojsonl" 3 M "$round"
    "$bin" import --store "$store" "$work/merge.geojsonl" > /dev/null
    mapfile -t ids < <(python3 -c 'import json,sys; [print(json.loads(l)["id"]) for l in open(sys.argv[1])]' "$work/merge.geojsonl")
    run_and_kill merge "$store" "$bin" merge --store "$store" "${ids[0]}" "${ids[1]}" "${ids[2]}" --reason "kill loop"
    local state; state=$(q "$store" "SELECT
        (SELECT json_array_length(sources) FROM incidents WHERE id = '${ids[0]}') || ',' ||
        (SELECT count(*) FROM incidents WHERE id IN ('${ids[1]}', '${ids[2]}') AND deleted_at IS NOT NULL) || ',' ||
        (SELECT count(*) FROM incident_history WHERE incident_id IN ('${ids[0]}', '${ids[1]}', '${ids[2]}') AND action = 'merge')")
    case "$state" in
        1,0,0) [ "$rc" = 137 ] || fail "round $round (merge): exit 0 but nothing merged" ;;
        3,2,3) ;;
        *) fail "round $round (merge): half applied (sources of the kept, others deleted, merge entries) = $state" ;;
    esac
}

round_reclassify() {
    features "$work/stale.geojsonl" "$N_RECLASSIFY" R "$round"
    "$bin" import --store "$store" --no-context "$work/stale.geojsonl" > /dev/null
    local before after; before=$(q "$store" "SELECT count(*) FROM incidents WHERE geom IS NOT NULL AND context_layers IS NULL")
    run_and_kill reclassify "$store" "$bin" reclassify --store "$store"
    after=$(q "$store" "SELECT count(*) FROM incidents WHERE geom IS NOT NULL AND context_layers IS NULL")
    [ "$after" = 0 ] || [ "$after" = "$before" ] || fail "round $round (reclassify): $before without a context before, $after after"
    [ "$rc" = 137 ] || [ "$after" = 0 ] || fail "round $round (reclassify): exit 0 but $after left"
}

# --- The served store: a token, an incident to PATCH. It is served with small layers of its
#     own (small_layers.sh): a debug server takes 12 s to start with the shipped ones.
layers=$work/layers
small_layers "$layers"
small=(env INCIDENTS_GEODATA="$layers" INCIDENTS_CACHE_DIR="$work/layer-cache")
sstore=$work/served.gpkg
features "$work/sseed.geojsonl" 50 S 0
"${small[@]}" "$bin" import --store "$sstore" "$work/sseed.geojsonl" > /dev/null
token=$("$bin" token create --store "$sstore" --name kill-loop 2>/dev/null)
patch_id=$("${small[@]}" "$bin" log --store "$sstore" --kind naval-position --at "10.5 -64.5" --time 2025-10-01 --title "Q0#patch" --killed 0 --injured 0)
seq_n=0   # a number for every HTTP write, across rounds

round_served() {
    : > "$work/serve.err"   # empty before each start: the last round's address is dead
    "${small[@]}" "$bin" serve --store "$sstore" --port 0 > /dev/null 2> "$work/serve.err" &
    server_pid=$!
    local base="" t0=$(ms)
    for _ in $(seq 1 600); do
        base=$(sed -n 's/.* on \(http:[^ ]*\) .*/\1/p' "$work/serve.err" | head -1)
        [ -n "$base" ] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err"; fail "round $round: the server did not start"; }
        sleep 0.02
    done
    [ -n "$base" ] || fail "round $round: the server did not say where it listens"
    start_ms=$(( start_ms + $(ms) - t0 ))
    local before_posts; before_posts=$(q "$sstore" "SELECT count(*) FROM incidents WHERE title LIKE 'P%#post'")
    : > "$work/codes.txt"
    ( n=$seq_n
      while true; do
        n=$((n + 1))
        if [ $((n % 2)) = 0 ]; then
            body="{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-63.$((n % 90 + 10)),11.$((n % 90 + 10))]},\"properties\":{\"kind\":\"vessel-strike\",\"title\":\"P$n#post\",\"killed\":$n,\"injured\":$n,\"time_start\":\"2025-09-02T12:00:00Z\",\"sources\":[{\"url\":\"https://example.org/p$n\",\"publisher\":\"Fault Wire\"}]}}"
            code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/geo+json' -H "Authorization: Bearer $token" \
                -d "$body" "$base/collections/incidents/items") || code=000
            echo "POST $n $code" >> "$work/codes.txt"
        else
            body="{\"properties\":{\"title\":\"Q$n#patch\",\"killed\":$n,\"injured\":$n},\"geometry\":{\"type\":\"Point\",\"coordinates\":[-64.$((n % 90 + 10)),10.$((n % 90 + 10))]}}"
            code=$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H 'Content-Type: application/merge-patch+json' -H "Authorization: Bearer $token" \
                -d "$body" "$base/collections/incidents/items/$patch_id") || code=000
            echo "PATCH $n $code" >> "$work/codes.txt"
        fi
        [ "$code" = 000 ] && break
      done ) &
    local client=$!
    local d=$(( RANDOM % (${delay_ms[served]} + 1) ))
    sleep_ms "$d"
    kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
    wait "$client" || true
    killed[served]=$(( ${killed[served]} + 1 ))
    seq_n=$(awk 'END { print $2 + 0 }' "$work/codes.txt")
    # Anything but 201/200 (or 000: the server was gone) is a failure.
    if grep -v ' 201$\| 200$\| 000$' "$work/codes.txt" | grep -q .; then fail "round $round (served): $(grep -v ' 201$\| 200$\| 000$' "$work/codes.txt" | head -3)"; fi
    local acked stored; acked=$(grep -c '^POST .* 201$' "$work/codes.txt" || true)
    stored=$(( $(q "$sstore" "SELECT count(*) FROM incidents WHERE title LIKE 'P%#post'") - before_posts ))
    [ "$stored" -ge "$acked" ] && [ "$stored" -le $((acked + 1)) ] || fail "round $round (served): $acked POSTs acknowledged, $stored stored"
    served_posts=$((served_posts + acked))
    # The PATCHed record is the last acknowledged PATCH, or the one in flight.
    local last_ack inflight title v; last_ack=$(awk '$1 == "PATCH" && $3 == 200 { v = $2 } END { print v + 0 }' "$work/codes.txt")
    inflight=$(awk '$1 == "PATCH" && $3 == "000" { print $2 }' "$work/codes.txt")
    title=$(q "$sstore" "SELECT title FROM incidents WHERE id = '$patch_id'")
    v=${title#Q}; v=${v%%#*}
    served_patches=$((served_patches + $(grep -c '^PATCH .* 200$' "$work/codes.txt" || true)))
    if [ "$last_ack" -gt 0 ]; then
        [ "$v" = "$last_ack" ] || [ "$v" = "${inflight:-x}" ] || fail "round $round (served): PATCH $last_ack acknowledged, the record is at $v (in flight: ${inflight:-none})"
    fi
    check "$sstore" served
}

start_ms=0 served_posts=0 served_patches=0
t_start=$(ms)
cli_kills() { echo $(( ${killed[log]} + ${killed[edit]} + ${killed[import]} + ${killed[merge]} + ${killed[reclassify]} )); }
while true; do
    pending=0
    for op in "${ops[@]}"; do
        [ "${killed[$op]}" -lt "$per_op" ] || continue
        pending=1
        round=$((round + 1))
        t_round=$(ms)
        if [ "$op" != served ]; then
            if [ "$half_switched" = 0 ] && [ "$(cli_kills)" -ge $(( per_op * 5 / 2 )) ]; then
                # Second half: the store in WAL mode, as 'incidents serve' leaves it after a kill.
                [ "$(q "$store" 'PRAGMA journal_mode = WAL')" = wal ] || fail "cannot switch the CLI store to WAL"
                half_switched=1; wal_from=$(cli_kills)
            fi
            "round_$op"
            check "$store" "$op"
        else
            round_served
        fi
        spent[$op]=$(( ${spent[$op]} + $(ms) - t_round ))
    done
    [ "$pending" = 1 ] || break
    [ "$round" -lt $((kills * 6)) ] || fail "too many rounds finished before the kill (delays too long?)"
done
elapsed=$(( $(ms) - t_start ))

for s in "$store" "$sstore"; do
    STRICT=1 bash "$conformance/validate_gpkg.sh" "$s" > "$work/validate.txt" 2>&1 || { cat "$work/validate.txt"; fail "$(basename "$s") is not a valid GeoPackage after the kills"; }
done
total=0; for op in "${ops[@]}"; do total=$((total + ${killed[$op]})); done
for op in "${ops[@]}"; do
    if [ "$op" = served ]; then mid="the server killed with its client writing"; else
        mid=$(printf '%2d of the %2d in rollback mode left a hot journal (mid-transaction)' "${hot[$op]}" "${rollback[$op]}"); fi
    printf '     %-10s %3d kills: %s; %2d runs finished first; %4d ms a round\n' \
        "$op" "${killed[$op]}" "$mid" "${completed[$op]}" $(( spent[$op] / (${killed[$op]} + ${completed[$op]}) ))
done
echo "     served: $served_posts POSTs and $served_patches PATCHes acknowledged, every one stored; server start $(( start_ms / ${killed[served]} )) ms on average"
echo "     CLI store: rollback journal for the first $wal_from kills, WAL after; both stores pass validate_gpkg.sh (STRICT=1)"
echo "kill_loop: $total kills in $((elapsed / 1000)) s over ${#ops[@]} operations: 0 corrupt stores, 0 half-applied operations, history matches the records"
