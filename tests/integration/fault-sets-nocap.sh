#!/usr/bin/env bash
# fault-sets-nocap.sh -- the resolver lacks CAP_NET_ADMIN (root, with the
# capability dropped from its bounding set by capsh), under dnsperf load,
# beside a baseline run of the same load with the capability:
#   * the module loads and Unbound answers at least half the baseline's
#     qps, losing nothing;
#   * nothing reaches the nftables sets, the failures are counted (`stats`),
#     the answers' elements are deferred, not written one by one;
#   * `status` names the missing capability, and Unbound's log says it
#     once per report interval (10 s), not once per answer.
# (sets-e2e-capabilities.sh covers the non-root user with and without the
# capability; this is the same failure under load.)
set -euo pipefail
. "$(dirname "$0")/fault_lib.sh"
require_e2e nftables
require_cmd dnsperf capsh
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
N=200
fault_zones 2 $N
start_nsd
load_nft_ruleset
e2e_conf "$SCRATCH/orchard.conf" nftables

note "baseline: with CAP_NET_ADMIN"
UB_THREADS=2 start_orchard_unbound "$SCRATCH/orchard.conf"
fault_baseline
stop_unbound
nft -f "$SCRATCH/o.nft"   # empty sets again

note "without CAP_NET_ADMIN"
REAL_UNBOUND=$UNBOUND
cat >"$SCRATCH/unbound-nocap" <<EOF
#!/bin/bash
exec capsh --drop=cap_net_admin -- -c 'exec "\$0" "\$@"' "$REAL_UNBOUND" "\$@"
EOF
chmod 755 "$SCRATCH/unbound-nocap"
UNBOUND=$SCRATCH/unbound-nocap
: >"$UB_LOG"
t_up=$(date +%s)
UB_THREADS=2 start_orchard_unbound "$SCRATCH/orchard.conf"
capeff=$(awk '/^CapEff:/ { print $2 }' "/proc/$UNBOUND_PID/status")
(( (16#$capeff & (1 << 12)) == 0 )) || fail "Unbound still has CAP_NET_ADMIN (CapEff $capeff)"
note "Unbound runs as uid $(awk '/^Uid:/ { print $3 }' "/proc/$UNBOUND_PID/status") with CapEff $capeff"
fault_phase 2 "no CAP_NET_ADMIN"
(( FAILED > 0 )) || fail "no failure counted without CAP_NET_ADMIN"
assert_eq 0 "$(fresh_held)" "fresh elements in orchard6 without CAP_NET_ADMIN"
assert_eq "" "$(nft_keys orchard4)" "orchard4 without CAP_NET_ADMIN"
deferred=$(set_stat deferred) batches=$(set_stat batches)
note "elements deferred: $deferred, kernel batches tried from resolver threads: $batches"
(( deferred >= 4 * N )) || fail "only $deferred elements deferred"
(( batches <= 4 )) || fail "$batches batches: resolver threads kept writing to a kernel that refuses"
ctl_ok status
note "status: $(grep '^sets' <<<"$CTL_OUT")"
assert_contains "$CTL_OUT" "Operation not permitted (the resolver needs CAP_NET_ADMIN)" "status"
secs=$(( $(date +%s) - t_up ))
n=$(grep -c "orchard: firewall sets:" "$UB_LOG" || true)
note "Unbound's log: $n firewall-set lines in $secs s for $(set_stat failures) failures"
grep -q "error: orchard: firewall sets: .*(the resolver needs CAP_NET_ADMIN)" "$UB_LOG" ||
  fail "Unbound's log does not name CAP_NET_ADMIN"
(( n >= 1 && n <= 1 + secs / 10 )) || fail "$n firewall-set lines in $secs s: expected one per 10 s"
stop_unbound
note "fault-sets-nocap passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
