#!/usr/bin/env bash
# fault-sets.sh -- the nftables backend fails while dnsperf load runs
# (Apple names whose answers carry addresses no set holds yet, then cache
# hits), with the real Unbound (two threads), the Orchard module, NSD and
# nftables in the test's network namespace. Each fault gets a 3 s load
# phase; a baseline phase comes first. For every fault:
#   * DNS keeps answering: the phase's qps is at least half the baseline's
#     and dnsperf loses (almost) nothing;
#   * write failures are counted (`stats`: sets failures) where writes fail;
#   * recovery is automatic: once the operator loads the generated ruleset
#     again (`nft -f`), every element answered so far, during the fault
#     too, is back in the kernel set without restarting Unbound, and the
#     kernel and the shadow table agree (`sets --json`).
# The faults: set deleted, table deleted, table flushed (rules only: the
# sets keep their elements), set flushed (`nft flush set`: same handle, so
# only the watcher's element lookup notices; refilled without the operator),
# set full (`size 64`: ENFILE), set of the wrong type (EINVAL).
set -euo pipefail
. "$(dirname "$0")/fault_lib.sh"
require_e2e nftables
require_cmd dnsperf
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
N=200   # fresh names per phase, four elements each (*.push.apple.com: 4 ports)
fault_zones 7 $N
start_nsd
load_nft_ruleset
e2e_conf "$SCRATCH/orchard.conf" nftables
UB_THREADS=2 start_orchard_unbound "$SCRATCH/orchard.conf"
now_ms() { date +%s%3N; }

# recover P: the operator loads the ruleset again
reload_ruleset() { nft -f "$SCRATCH/o.nft"; }
recover() { fault_recover "$1" reload_ruleset; }

fault_baseline

note "fault: set orchard6 deleted"
nft flush chain inet orchard output   # its rules refer to the set
nft delete set inet orchard orchard6
fault_phase 2 "set deleted"
(( FAILED > 0 )) || fail "set deleted: no failure counted"
recover 2

note "fault: table deleted"
nft delete table inet orchard
fault_phase 3 "table deleted"
(( FAILED > 0 )) || fail "table deleted: no failure counted"
ctl_ok status
assert_contains "$CTL_OUT" "nftables: 0/3 sets present" "status while the table is missing"
recover 3

note "fault: table flushed (its rules go, its sets stay)"
nft flush table inet orchard
fault_phase 4 "table flushed"
(( FAILED == 0 )) || fail "table flushed: the sets stayed, yet $FAILED failures"
assert_eq $(( 4 * N * 4 )) "$(fresh_held)" "fresh elements after the table flush"
recover 4

note "fault: set flushed under load (same handle; the cache hits write nothing)"
fault_queries 5 "$SCRATCH/p5.queries"
f0=$(set_stat failures) r0=$(set_stat refills)
perf_start "$SCRATCH/p5.queries" 3
sleep 1
t0=$(now_ms)
nft flush set inet orchard orchard6
nft flush set inet orchard orchard4
refilled() { (( $(set_stat refills) >= r0 + 2 )); }   # both sets
wait_until 3 refilled || fail "flushed sets not refilled within 3 s (refills: $(set_stat refills), before: $r0)"
note "flushed sets refilled by the module $(( $(now_ms) - t0 )) ms after the flush, no operator action"
perf_wait "phase 5 (set flushed)"
perf_at_least "$PERF_QPS" "$BASE_QPS" 0.5 "phase 5 (set flushed)"
(( PERF_LOST * 1000 <= PERF_DONE )) || fail "set flushed: $PERF_LOST queries lost"
fault_recovered 5 || fail "after the flush: orchard6 holds $(fresh_held) fresh elements, expected $(( 4 * N * 5 ))"
assert_eq 0 $(( $(set_stat failures) - f0 )) "set flushed: failures"

note "fault: set full (orchard6 recreated with size 64)"
sed '/set orchard6 {/a\		size 64' "$SCRATCH/o.nft" >"$SCRATCH/small.nft"
nft -f "$SCRATCH/small.nft"
fault_phase 6 "set full"
(( FAILED > 0 )) || fail "set full: no failure counted"
held=$(fresh_held)
(( held <= 64 )) || fail "set full: orchard6 holds $held elements, more than its size"
ctl_ok status
assert_contains "$CTL_OUT" "add to set orchard6: Too many open files in system (nftables says so of a full set" \
  "status while orchard6 is full"
note "status: $(grep '^sets' <<<"$CTL_OUT")"
recover 6

note "fault: orchard6 recreated with the wrong type (addresses only)"
sed -e '/set orchard6 {/,/}/s/type ipv6_addr . inet_proto . inet_service/type ipv6_addr/' \
  -e '/@orchard6/d' "$SCRATCH/o.nft" >"$SCRATCH/wrong.nft"
nft -f "$SCRATCH/wrong.nft"
fault_phase 7 "wrong type"
(( FAILED > 0 )) || fail "wrong type: no failure counted"
ctl_ok status
note "status: $(grep '^sets' <<<"$CTL_OUT")"
recover 7

set_log_rate_limited 12
stop_unbound
note "fault-sets passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
