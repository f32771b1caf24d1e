#!/usr/bin/env bash
# The whole test suite under a sanitizer:   scripts/sanitize.sh address|thread
# Builds into .build-SANITIZER (a debug build of its own), runs every test, and fails on any
# sanitizer report (a failing test or a report both exit non-zero). Takes 20-40 minutes on two
# cores, so CI does not run it; the figures of the last run are in the closing notes.
#   ASan: leaks are not checked (XCTest and Foundation keep caches alive until exit).
#   TSan: halt_on_error=1, so the first data race stops the run with its report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sanitizer=${1:?usage: scripts/sanitize.sh address|thread}
case "$sanitizer" in address|thread) ;; *) echo "sanitize: address or thread, not '$sanitizer'" >&2; exit 64 ;; esac
# Reports go to files (the CLI tests capture a child's stderr, where a report would be read as the
# test's own output) and exit with 86, a code the tool never uses (TSan's default, 66, is the
# tool's "missing file", so a test expecting 66 would pass despite a report).
reports_dir=$(mktemp -d)
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:exitcode=86:log_path=$reports_dir/asan
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:exitcode=86:log_path=$reports_dir/tsan
export SWIFT_BACKTRACE=enable=no
export INCIDENTS_CONFORMANCE_DIR=${INCIDENTS_CONFORMANCE_DIR:-$PWD/../shared/conformance}
# Kept after the run, for the failing tests' details.
log=$PWD/.build-$sanitizer.log
skip=()
if [ "$sanitizer" = thread ]; then
    # ThreadSanitizer's runtime writes a 512 KiB file (/tmp/tsan.rodata.PID) at start and maps
    # it, ignoring a short write: under the 8 KiB file size limit of this test every process
    # dies with SIGBUS before main (seen with strace: write(...) = 8192, then SIGBUS), even
    # 'incidents parse'. The test runs everywhere else (plain, ASan, CI).
    skip=(--skip anExportPastTheFileSizeLimitLeavesNoFile)
fi
status=0
swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" "${skip[@]}" > "$log" 2>&1 || status=$?
grep -E "Test run with|Executed .* tests|error:|SUMMARY: |WARNING: ThreadSanitizer" "$log" | tail -20 || true
reports=$(find "$reports_dir" -type f | wc -l)
for report in $(find "$reports_dir" -type f | head -3); do head -30 "$report"; done
echo "sanitize $sanitizer: exit $status, $reports sanitizer report(s); the whole log: $log"
rm -rf "$reports_dir"
[ "$status" -eq 0 ] && [ "$reports" -eq 0 ]
