#!/usr/bin/env bash
# module-bad-config.sh -- a bad Orchard configuration stops Unbound at
# start-up, with one clear line in Unbound's log that starts with "orchard:"
# and names the file and line at fault:
#   a bad value in orchard.conf, an unknown keyword, a missing orchard.conf,
#   an error in the catalog it names, a log file that cannot be opened.
# A good configuration then starts (the control case).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"

require_unbound
require_module
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)

# expect_refusal WHAT PATTERN: Unbound with ORCHARD_CONF as set must exit
# non-zero during start-up, logging exactly one "orchard:" line, which must
# match the extended regex PATTERN.
expect_refusal() {
  local what=$1 pattern=$2 log=$SCRATCH/refused-$RANDOM.log rc=0 lines
  UB_DYNLIB=$ORCHARD_SO write_unbound_conf "$SCRATCH/unbound.conf"
  sed -i "s|^\( *logfile:\).*|\1 \"$log\"|" "$SCRATCH/unbound.conf"
  timeout 20 "$UNBOUND" -d -c "$SCRATCH/unbound.conf" >>"$log" 2>&1 </dev/null || rc=$?
  (( rc != 0 && rc != 124 )) || fail "$what: Unbound did not refuse to start (status $rc)"
  lines=$(grep 'orchard:' "$log" || true)
  [[ $(grep -c . <<<"$lines") == 1 ]] ||
    fail "$what: expected one orchard: line in Unbound's log, got:"$'\n'"$(cat "$log")"
  [[ $lines =~ $pattern ]] || fail "$what: the orchard: line does not match [$pattern]: $lines"
  assert_contains "$(cat "$log")" "failed to setup modules" "$what: Unbound's log"
  note "$what: ${lines#*error: }"
}

conf=$SCRATCH/orchard.conf
export ORCHARD_CONF=$conf

# write_orchard_conf writes a comment, catalog and log lines: its own lines
# start at line 4.
write_orchard_conf "$conf" "log-queries sometimes"
expect_refusal "bad value" "error: orchard: $conf:4: .*sometimes"

write_orchard_conf "$conf" "log-queries all" "catalgo $ORCHARD_CATALOG"
expect_refusal "unknown keyword" "error: orchard: $conf:5: .*catalgo"

ORCHARD_CONF=$SCRATCH/nonexistent.conf expect_refusal "missing file" \
  "error: orchard: $SCRATCH/nonexistent.conf: "

printf 'section s title="S" title-ja="S"\nhost s bad..name.example proto=tcp ports=443 os=ios\n' \
  > "$SCRATCH/bad.catalog"
write_orchard_conf "$conf" "catalog $SCRATCH/bad.catalog"
expect_refusal "bad catalog" "error: orchard: $SCRATCH/bad.catalog:2: "

write_orchard_conf "$conf" "log file $SCRATCH/no/such/dir/outcomes.jsonl"
expect_refusal "unwritable log" "error: orchard: $conf: .*$SCRATCH/no/such/dir/outcomes.jsonl"

# The control case: the same Unbound with a good file starts.
write_orchard_conf "$conf"
start_orchard_unbound "$conf"
assert_contains "$(cat "$UB_LOG")" "orchard: started from $conf" "Unbound's log"
stop_unbound
note "module-bad-config passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
