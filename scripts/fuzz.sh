#!/usr/bin/env bash
# Fuzzes the parsers and the API with libFuzzer, from the seed corpora in Fuzz/corpus/TARGET.
#   scripts/fuzz.sh TARGET|all [SECONDS]      (default: all, 60 s each)
#   TARGET: coordinates time json wkt csv gpkg-blob api
# Builds Fuzz/incidents-fuzz in release with AddressSanitizer, libFuzzer's coverage
# (inline 8-bit counters, PC table, comparison tracing) and -D FUZZING into .build-fuzz, then
# runs each target on a copy of its corpus (the seeds in the repo stay small). A crash, a
# sanitizer report, a hang over 10 s or a broken property keeps the input in Fuzz/crashes/ and
# makes the script exit 1. Replay one with the plain build:
#   swift run incidents-fuzz TARGET Fuzz/crashes/TARGET-crash-…
# FUZZ_JOBS=N runs N targets at once (default 1). FUZZ_KEEP_CORPUS=DIR keeps the grown corpora.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
what=${1:-all}
seconds=${2:-60}
targets=(coordinates time json wkt csv gpkg-blob api)
if [ "$what" != all ]; then
    [ -d "Fuzz/corpus/$what" ] || { echo "fuzz: no target '$what' (targets: ${targets[*]})" >&2; exit 64; }
    targets=("$what")
fi
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS must be a whole number, not '$seconds'" >&2; exit 64; }

runtime=$(dirname "$(swiftc -print-target-info | python3 -c 'import json,sys; print(json.load(sys.stdin)["paths"]["runtimeResourcePath"])')")
fuzzer_lib=$(ls "$runtime"/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null | head -1)
[ -n "$fuzzer_lib" ] || { echo "fuzz: libFuzzer's runtime (libclang_rt.fuzzer_no_main) is not in the toolchain at $runtime" >&2; exit 69; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "fuzz: building incidents-fuzz (release, ASan, libFuzzer coverage) into .build-fuzz"
# libFuzzer's own main cannot be the program's under SwiftPM, so the runtime without main is
# linked and the program starts the driver itself (LLVMFuzzerRunDriver).
swift build -c release --product incidents-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
    -Xswiftc -DFUZZING -Xlinker "$fuzzer_lib" -Xlinker -lstdc++ > "$work/build.log" 2>&1 ||
    { grep -E "error" "$work/build.log" | head -20; echo "fuzz: the build failed" >&2; exit 1; }
tail -1 "$work/build.log"
binary=.build-fuzz/release/incidents-fuzz
mkdir -p Fuzz/crashes
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1
run_one() {
    local target=$1 corpus="$work/corpus-$1"
    mkdir -p "$corpus"; cp -r "Fuzz/corpus/$target/." "$corpus/"
    local status=0 dictionary=()
    [ -f "Fuzz/dict/$target.dict" ] && dictionary=(-dict="Fuzz/dict/$target.dict")
    "$binary" "$target" "$corpus" "${dictionary[@]}" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=3072 \
        -artifact_prefix="Fuzz/crashes/$target-" -print_final_stats=1 > "$work/log-$target" 2>&1 || status=$?
    local runs cov features
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log-$target" | tail -1) || true
    cov=$(grep -oE "cov: [0-9]+" "$work/log-$target" | tail -1 | cut -d' ' -f2) || true
    features=$(grep -oE "ft: [0-9]+" "$work/log-$target" | tail -1 | cut -d' ' -f2) || true
    if [ -n "${FUZZ_KEEP_CORPUS:-}" ]; then mkdir -p "$FUZZ_KEEP_CORPUS/$target"; cp -r "$corpus/." "$FUZZ_KEEP_CORPUS/$target/"; fi
    if [ "$status" -ne 0 ]; then
        grep -E "PROPERTY VIOLATED|ERROR: AddressSanitizer|ERROR: libFuzzer|Fatal error|deadly signal|SUMMARY" "$work/log-$target" | head -5
        echo "FAIL fuzz $target: a failure after ${runs:-?} runs; the input: $(ls -t Fuzz/crashes/$target-* 2>/dev/null | head -1)"
        return 1
    fi
    echo "ok   fuzz $target: ${seconds} s, ${runs} runs ($(( ${runs:-0} / (seconds > 0 ? seconds : 1) ))/s), coverage ${cov:-?} edges, ${features:-?} features, $(ls "$corpus" | wc -l) inputs in the corpus, 0 failures"
}
failed=0
jobs=${FUZZ_JOBS:-1}
for target in "${targets[@]}"; do
    if [ "$jobs" -gt 1 ]; then
        # A job that ends without its summary line (an error in the script itself) counts as failed.
        { run_one "$target" || echo "FAIL fuzz $target: the run did not finish"; } > "$work/summary-$target" 2>&1 &
        while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    else
        run_one "$target" || failed=1
    fi
done
if [ "$jobs" -gt 1 ]; then
    wait
    for target in "${targets[@]}"; do cat "$work/summary-$target"; grep -q "^FAIL" "$work/summary-$target" && failed=1; done
fi
exit $failed
