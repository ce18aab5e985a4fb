#!/usr/bin/env bash
# log-exit.sh -- the outcome log when the process exits without the module's
# deinit (Unbound's fatal errors call exit()): tests/exit/log-exit-driver
# queues lines and exits with its engine running. Static destructors run
# while the log writer still formats queued lines; every line must reach the
# file, whole and as JSON, naming the rows it matched, and (under valgrind,
# when installed) no freed memory may be read.
set -euo pipefail
. "$(dirname "$0")/../integration/lib.sh"
driver=$ORCHARD_BUILDDIR/tests/exit/log-exit-driver
[[ -x $driver ]] || fail "no $driver (make check builds it)"
require_cmd jq
orchard_init
run=() n=20000
if command -v valgrind >/dev/null; then
  run=(valgrind -q --error-exitcode=99 --leak-check=no) n=3000
else
  note "valgrind is not installed: lines checked, memory reads not"
fi
log=$SCRATCH/outcomes.jsonl
rc=0
"${run[@]}" "$driver" "$log" "$n" 2>"$SCRATCH/driver.err" || rc=$?
[[ $rc == 0 ]] || fail "log-exit-driver exited with $rc:"$'\n'"$(head -40 "$SCRATCH/driver.err")"
[[ ! -s $SCRATCH/driver.err ]] || fail "log-exit-driver reported:"$'\n'"$(head -40 "$SCRATCH/driver.err")"
assert_eq "$n" "$(wc -l <"$log")" "lines in the outcome log"
rows=$(jq -c '[.rows[].pattern]' "$log" 2>&1 | sort | uniq -c | sed 's/^ *//') ||
  fail "a line of the outcome log is not JSON: $rows"
assert_eq "$n [\"gs.apple.com\",\"gs.apple.com\"]" "$rows" "the rows of every line"
note "log-exit passed: $n lines${run:+ under valgrind}"
