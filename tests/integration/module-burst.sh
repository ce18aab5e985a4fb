#!/usr/bin/env bash
# module-burst.sh -- Unbound with num-threads: 2 and the Orchard module under
# a burst of 10,000 catalog queries (dnsperf), alongside 2,000 queries for
# names outside the catalog:
#   * every answered catalog query is logged or counted as dropped:
#     dnsperf's completed <= pushed <= sent, and
#     lines in the log == pushed - dropped (nothing lost);
#     with nothing dropped and nothing lost, the log holds exactly the
#     queries of the file (same names and types, same counts);
#   * no line is malformed, none is for a name outside the catalog;
#   * both resolver threads logged, and Unbound stops cleanly.
# Phase 2 repeats the burst with a 16-line log queue, so that the engine
# drops lines, and checks the same accounting.
# Counters come from the module's summary line in Unbound's log at shutdown:
#   orchard: outcome log: P pushed, D dropped, L lost, W written, Q queued ...
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"

require_unbound
require_module
require_cmd nsd dnsperf shuf
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
start_nsd

# --- query files -------------------------------------------------------------------
hosts="albert captive gs time-ios time time-macos gdmf deviceenrollment
  deviceservices-external identity iprofiles mdmenrollment appldnld gg gnf-mdn
  gnf-mr ig mesu oscdn osrecovery skl swcdn swdist swdownload swpost swscan xp
  ppq lcdn-registration crl ocsp"
{
  for r in $(seq 60); do
    for h in $hosts; do echo "$h.apple.com A"; echo "$h.apple.com AAAA"; done
    echo "updates.cdn-apple.com A"; echo "ocsp.digicert.com A"
    echo "crl.entrust.net A"; echo "ocsp.verisign.net A"
    echo "1-courier.push.apple.com A"; echo "1-courier.push.apple.com AAAA"
  done | awk "NR <= 4000"
  for i in $(seq 2000); do echo "b$i-courier.push.apple.com A"; done
  for i in $(seq 2000); do echo "b$i.itunes.apple.com A"; done
  for i in $(seq 1000); do echo "b$i.apps.apple.com AAAA"; done
  for i in $(seq 1000); do echo "b$i.mzstatic.com A"; done
} | shuf > "$SCRATCH/catalog.queries"
{
  for i in $(seq 1800); do echo "b$i.example.org A"; done
  for i in $(seq 100); do echo "www.evilapple.com A"; echo "www.apple.com AAAA"; done
} | shuf > "$SCRATCH/other.queries"
n_catalog=$(wc -l < "$SCRATCH/catalog.queries")
(( n_catalog == 10000 )) || fail "catalog query file has $n_catalog lines, not 10000"

# dnsperf_field FILE NAME: the number after "NAME:" in dnsperf's report.
dnsperf_field() { sed -nE "s/^ *$2: *([0-9]+).*/\1/p" "$1"; }
# summary_field NAME: from the module's summary line (e.g. pushed, dropped).
summary_field() { sed -nE "s/.*orchard: outcome log:.*[ ,]([0-9]+) $1[ ,].*/\1/p" "$UB_LOG" | tail -n 1; }

# burst PHASE [orchard.conf lines...]: one Unbound, both query files at once.
burst() {
  local phase=$1; shift
  OLOG=$SCRATCH/outcomes-$phase.jsonl
  write_orchard_conf "$SCRATCH/orchard-$phase.conf" "log-queries catalog" "$@"
  UB_THREADS=2 start_orchard_unbound "$SCRATCH/orchard-$phase.conf"
  local t0=$(date +%s%N)
  dnsperf -s "$RES_ADDR" -p "$RES_PORT" -d "$SCRATCH/other.queries" -n 1 -c 4 -t 5 \
    > "$SCRATCH/dnsperf-other-$phase.txt" 2>&1 &
  local other=$!
  dnsperf -s "$RES_ADDR" -p "$RES_PORT" -d "$SCRATCH/catalog.queries" -n 1 -c 16 -q 200 -t 5 \
    > "$SCRATCH/dnsperf-$phase.txt" 2>&1 || fail "dnsperf failed: $(cat "$SCRATCH/dnsperf-$phase.txt")"
  wait "$other" || fail "dnsperf (other names) failed: $(cat "$SCRATCH/dnsperf-other-$phase.txt")"
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  stop_unbound   # deinit logs the counters, then the writer flushes the queue

  local sent completed lost pushed dropped lostlines lines
  sent=$(dnsperf_field "$SCRATCH/dnsperf-$phase.txt" "Queries sent")
  completed=$(dnsperf_field "$SCRATCH/dnsperf-$phase.txt" "Queries completed")
  lost=$(dnsperf_field "$SCRATCH/dnsperf-$phase.txt" "Queries lost")
  pushed=$(summary_field pushed) dropped=$(summary_field dropped) lostlines=$(summary_field lost)
  [[ -n $pushed && -n $dropped && -n $lostlines ]] || fail "no outcome log summary in $UB_LOG"
  lines=$(olog_lines)
  note "$phase: $sent catalog queries sent, $completed answered, $lost lost, in $ms ms;" \
    "log: $pushed pushed, $dropped dropped, $lostlines lost, $lines lines"
  (( sent == n_catalog )) || fail "$phase: dnsperf sent $sent of $n_catalog queries"
  (( completed <= pushed && pushed <= sent )) ||
    fail "$phase: $completed catalog queries answered, $pushed log entries pushed, $sent sent"
  assert_eq 0 "$lostlines" "$phase: log lines lost (write errors)"
  assert_eq "$(( pushed - dropped ))" "$lines" "$phase: lines in the log (pushed - dropped)"

  local bad
  bad=$(jq -R -r 'try (fromjson | if (type == "object" and (.qname | type) == "string"
      and (.rows | length) > 0 and (.thread == 0 or .thread == 1)
      and (.time | test("^[0-9-]{10}T[0-9:]{8}\\.[0-9]{6}Z$"))) then empty
      else "unexpected: \(tojson)" end) catch "malformed: \(.)"' "$OLOG" | head -n 5)
  assert_eq "" "$bad" "$phase: malformed or unexpected lines"
  assert_eq "0 1" "$(jq -r .thread "$OLOG" | sort -u | xargs)" "$phase: resolver threads in the log"
  if (( lost == 0 && dropped == 0 )); then
    diff <(awk '{ print tolower($1) " " $2 }' "$SCRATCH/catalog.queries" | sort) \
      <(jq -r '"\(.qname) \(.qtype)"' "$OLOG" | sort) > "$SCRATCH/diff-$phase.txt" ||
      fail "$phase: the log does not hold exactly the queries sent:"$'\n'"$(head "$SCRATCH/diff-$phase.txt")"
    note "$phase: the log holds exactly the $n_catalog catalog queries"
  fi
  note "$phase: outcomes: $(jq -r '"\(.source)/\(.outcome)"' "$OLOG" | sort | uniq -c | xargs)"
  DROPPED=$dropped
}

burst default
burst small-queue "log-queue 16"
(( DROPPED > 0 )) || note "small-queue: nothing was dropped (the writer kept up)"
note "module-burst passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
