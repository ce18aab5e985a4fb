#!/usr/bin/env bash
# fault-upstream.sh -- the authoritative side misbehaves while dnsperf load
# runs, with the real Unbound (two threads), the Orchard module, NSD and
# nftables in the test's network namespace:
#   * garbage: itunes.apple.com (catalog: *.itunes.apple.com) is delegated
#     by a stub-zone to fault_garbage_server.py, which answers cut headers,
#     wrong ids, compression pointers to themselves or past the end, a
#     header claiming 65535 answers, no question, another question, a CNAME
#     loop, TC without TCP, random bytes, FORMERR, or nothing, as each
#     name's first label asks;
#   * timeout: NSD frozen (SIGSTOP) while names it alone can answer are
#     asked, then thawed.
# Asserted: Unbound stays up; names answered from the cache (and, for the
# garbage phase, from NSD) keep their qps (at least half the baseline's)
# and lose nothing; the garbage that makes Unbound give up is logged as
# servfail outcomes of the *.itunes.apple.com row (log and `stats`);
# `orchardctl status` answers; once NSD is back, fresh names resolve.
set -euo pipefail
. "$(dirname "$0")/fault_lib.sh"
require_e2e nftables
require_cmd dnsperf python3
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
GARBAGE_ADDR=127.0.0.55
start_nsd
python3 -u "$(dirname "$0")/fault_garbage_server.py" "$GARBAGE_ADDR" 53 itunes.apple.com \
  >"$SCRATCH/garbage.txt" 2>&1 &
garbage=$!
on_exit "kill $garbage 2>/dev/null"
wait_until 5 grep -q ready "$SCRATCH/garbage.txt" || fail "the garbage server did not start: $(cat "$SCRATCH/garbage.txt")"
load_nft_ruleset
e2e_conf "$SCRATCH/orchard.conf" nftables
UB_EXTRA=$'stub-zone:\n    name: "itunes.apple.com."\n    stub-addr: '"$GARBAGE_ADDR@53" \
  UB_THREADS=2 start_orchard_unbound "$SCRATCH/orchard.conf"
export ORCHARD_CONTROL=$CTL_SOCK
assert_eq 192.0.2.77 "$(q_addrs ok-1.itunes.apple.com)" "a good answer from the garbage server"

# good.queries: catalog names from NSD, cached after their first answer
printf '%s\n' "1-courier.push.apple.com A" "time.apple.com A" "time.apple.com AAAA" \
  "captive.apple.com A" "gs.apple.com A" "mesu.apple.com A" "www.example.org A" >"$SCRATCH/good.queries"
perf_start "$SCRATCH/good.queries" 3
perf_wait baseline
BASE_QPS=$PERF_QPS

KINDS_SERVFAIL="badptr fwdptr hugecount noquestion otherq loop tc formerr"
KINDS_SILENT="trunc wrongid random silent"
for k in $KINDS_SERVFAIL $KINDS_SILENT; do
  for i in $(seq 40); do echo "$k-$i.itunes.apple.com A"; done
done | shuf >"$SCRATCH/garbage.queries"

# beside NAME QPS WHAT: $SCRATCH/NAME.queries at QPS in the background while
# the good names' load runs; the good names keep at least half the baseline's
# qps and lose nothing. dnsperf's output: $SCRATCH/dnsperf-NAME.txt.
beside() {
  local name=$1 qps=$2 what=$3 pid
  dnsperf -s "$RES_ADDR" -p "$RES_PORT" -d "$SCRATCH/$name.queries" -n 1 -c 2 -q 200 -t 2 \
    -Q "$qps" >"$SCRATCH/dnsperf-$name.txt" 2>&1 &
  pid=$!
  perf_start "$SCRATCH/good.queries" 3
  perf_wait "$what"
  perf_at_least "$PERF_QPS" "$BASE_QPS" 0.5 "$what"
  (( PERF_LOST == 0 )) || fail "$PERF_LOST queries lost: $what"
  wait "$pid" || fail "dnsperf ($name) failed: $(cat "$SCRATCH/dnsperf-$name.txt")"
}

note "garbage from the itunes.apple.com server during the load"
beside garbage 200 "good names beside the garbage"
note "garbage queries: $(grep -E 'Queries (completed|lost)' "$SCRATCH/dnsperf-garbage.txt" | xargs)"
kill -0 "$UNBOUND_PID" || fail "Unbound died of the garbage"
note "garbage server: $(kill -TERM "$garbage"; wait "$garbage" 2>/dev/null; tail -n 1 "$SCRATCH/garbage.txt")"

# every kind that makes Unbound give up is logged as a servfail outcome
logged=$(q_rcode "$MARKER_NAME" "$MARKER_TYPE"; wait_until 5 _marker_logged_after 0;
  jq -r 'select(.qname | test("itunes")) | "\(.qname | split("-")[0]) \(.outcome)"' "$OLOG" | sort | uniq -c)
note "outcomes logged for the garbage names:"$'\n'"$logged"
for k in $KINDS_SERVFAIL; do
  assert_line "$logged" "^ *[0-9]+ $k servfail$" "servfail outcomes of kind $k"
done
assert_not_contains "$(grep -v ' ok answered$' <<<"$logged")" " answered" "garbage answered as if good"
ctl_ok stats
assert_line "$CTL_OUT" '^row app-store \*\.itunes\.apple\.com answered=[0-9]+ nodata=0 nxdomain=0 servfail=[1-9]' \
  "stats: servfail counted for *.itunes.apple.com"
out=$("$ORCHARDCTL" status) || fail "orchardctl status after the garbage"
assert_contains "$out" "sets         nftables: 3/3 sets present" "status after the garbage"

note "NSD frozen (a server that never answers) during the load"
fault_zones_names() { for i in $(seq 300); do echo "frozen$i.push.apple.com A"; done; }
fault_zones_names >"$SCRATCH/frozen.queries"
kill -STOP -- "-$NSD_PID"
on_exit "kill -CONT -- -$NSD_PID 2>/dev/null"
beside frozen 100 "cached names while NSD is frozen"
note "names only NSD knows: $(grep -E 'Queries (completed|lost)' "$SCRATCH/dnsperf-frozen.txt" | xargs)"
out=$(timeout 5 "$ORCHARDCTL" status) || fail "orchardctl status while NSD is frozen"
kill -CONT -- "-$NSD_PID"
kill -0 "$UNBOUND_PID" || fail "Unbound died while NSD was frozen"
resolves() { [[ $(Q_TIMEOUT=1 q_rcode "thawed$RANDOM.push.apple.com") == NOERROR ]]; }
t0=$(date +%s%3N)
wait_until 30 resolves || fail "fresh names do not resolve 30 s after NSD came back"
note "fresh names resolve again $(( $(date +%s%3N) - t0 )) ms after NSD came back"
stop_unbound
note "fault-upstream passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
