#!/usr/bin/env bash
# fault-sets-ipset.sh -- the ipset backend fails while dnsperf load runs,
# as fault-sets.sh does for nftables (real Unbound with two threads, the
# Orchard module, NSD, ipset sets from `orchardctl gen ipset`): after a
# baseline phase,
#   * `ipset flush orchard6` under load: the module notices (the set holds
#     fewer entries than the shadow table) and refills it without the
#     operator, although the cache hits write nothing;
#   * `ipset destroy orchard6`: DNS keeps answering, failures are counted;
#     `ipset restore` of the generated file brings every element back;
#   * orchard6 full (recreated with maxelem 64) and of the wrong type
#     (hash:ip, no port): failures counted, DNS unaffected, everything back
#     after the generated file is restored.
# Each fault phase keeps at least half the baseline's qps and loses nothing.
set -euo pipefail
. "$(dirname "$0")/fault_lib.sh"
require_e2e ipset
require_cmd dnsperf
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
FAULT_BACKEND=ipset
N=200
fault_zones 5 $N
start_nsd
load_ipset_sets
e2e_conf "$SCRATCH/orchard.conf" ipset
UB_THREADS=2 start_orchard_unbound "$SCRATCH/orchard.conf"
now_ms() { date +%s%3N; }
# recover P: the operator restores the generated sets
restore_sets() {
  ipset destroy orchard6 2>/dev/null || true
  ipset restore -exist <"$SCRATCH/o.ipset"
}
recover() { fault_recover "$1" restore_sets; }

fault_baseline

note "fault: ipset flush orchard6 under load"
fault_queries 2 "$SCRATCH/p2.queries"
r0=$(set_stat refills)
perf_start "$SCRATCH/p2.queries" 3
sleep 1
t0=$(now_ms)
ipset flush orchard6
refilled() { (( $(set_stat refills) > r0 )); }
wait_until 3 refilled || fail "flushed set not refilled within 3 s"
note "flushed orchard6 refilled by the module $(( $(now_ms) - t0 )) ms after the flush"
perf_wait "phase 2 (set flushed)"
perf_at_least "$PERF_QPS" "$BASE_QPS" 0.5 "phase 2 (set flushed)"
(( PERF_LOST == 0 )) || fail "set flushed: $PERF_LOST queries lost"
wait_until 3 fault_recovered 2 || fail "after the flush: orchard6 holds $(fresh_held) fresh elements"

note "fault: ipset destroy orchard6"
ipset destroy orchard6
fault_phase 3 "set destroyed"
(( FAILED > 0 )) || fail "set destroyed: no failure counted"
ctl_ok status
note "status: $(grep '^sets' <<<"$CTL_OUT")"
assert_contains "$CTL_OUT" "ipset: 2/3 sets present" "status while orchard6 is missing"
recover 3

note "fault: orchard6 full (maxelem 64)"
ipset destroy orchard6
ipset create orchard6 hash:ip,port family inet6 timeout 300 maxelem 64
fault_phase 4 "set full"
(( FAILED > 0 )) || fail "set full: no failure counted"
held=$(fresh_held)
(( held <= 64 )) || fail "set full: orchard6 holds $held elements, more than its maxelem"
ctl_ok status
assert_contains "$CTL_OUT" "the set is full (raise its maxelem)" "status while orchard6 is full"
note "status: $(grep '^sets' <<<"$CTL_OUT")"
recover 4

note "fault: orchard6 of the wrong type (hash:ip)"
ipset destroy orchard6
ipset create orchard6 hash:ip family inet6 timeout 300
fault_phase 5 "wrong type"
(( FAILED > 0 )) || fail "wrong type: no failure counted"
ctl_ok status
assert_contains "$CTL_OUT" "ipset protocol error" "status while orchard6 has the wrong type"
note "status: $(grep '^sets' <<<"$CTL_OUT")"
recover 5

set_log_rate_limited 10
stop_unbound
note "fault-sets-ipset passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
