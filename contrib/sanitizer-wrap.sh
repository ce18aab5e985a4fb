#!/usr/bin/env bash
# sanitizer-wrap.sh -- runs one test under contrib/sanitizers.sh and fails it
# on any sanitizer report, whatever the test itself concluded.
#
#   sanitizer-wrap.sh COMMAND...      (the harness's LOG_COMPILER prefix)
#
# Every process of the test that carries a sanitizer runtime (the unit-test
# runners, orchardctl, and Unbound with the ASan module preloaded) writes its
# reports to files in a directory of this run (ASAN_, TSAN_, UBSAN_OPTIONS
# log_path) instead of stderr, where a test might not look. After the test:
# no report file, the test's own status stands; any report file is printed
# and the test fails (status 1), even one that passed or skipped.
# One exception: UBSan's runtime preloaded into Unbound ignores log_path and
# writes to Unbound's log; halt_on_error=1 then stops Unbound, which fails
# the test, and the harness prints the tail of that log.
# Leak checking is on for every process, Unbound included: Unbound 1.17.1
# frees what it allocated by the time it exits (also when a bad orchard.conf
# stops it at start-up), so no suppression is needed; a leak is Orchard's.
set -u
reports=$(mktemp -d "${TMPDIR:-/tmp}/orchard-san.XXXXXX")
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export TSAN_OPTIONS="log_path=$reports/tsan${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
export UBSAN_OPTIONS="log_path=$reports/ubsan:halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
"$@"
rc=$?
found=$(find "$reports" -type f -size +0 | sort)
if [ -n "$found" ]; then
  for f in $found; do
    echo "---- sanitizer report $(basename "$f") (test status was $rc)"
    cat "$f"
  done
  echo "FAIL: $(echo "$found" | wc -l) sanitizer report(s) while running: $*"
  rc=1
fi
rm -rf "$reports"
exit "$rc"
