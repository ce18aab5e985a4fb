#!/usr/bin/env bash
# fault-unbound.sh -- Unbound itself reloads and restarts under dnsperf
# load, with the Orchard module (two threads), NSD and nftables in the
# test's network namespace:
#   * `unbound-control reload` three times, the third after orchard.conf
#     gained a site file: Unbound does not crash, the module re-reads its
#     configuration (status: 51 rows, the site's row pushes elements), the
#     control socket answers again, the set elements from before the
#     reloads are still in the kernel and fresh answers add theirs;
#   * `unbound-control stop`, then a start with the same configuration:
#     clean exit (status 0), the control socket file removed and recreated,
#     sets filled by answers after the restart;
#   * SIGKILL, then a start: the control socket file left behind is stale
#     and does not prevent the restart.
# Queries answered during each phase are printed; after each event DNS
# answers again within a few seconds.
set -euo pipefail
. "$(dirname "$0")/fault_lib.sh"
require_e2e nftables
require_cmd dnsperf
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
N=200
fault_zones 6 $N
start_nsd
load_nft_ruleset
e2e_conf "$SCRATCH/orchard.conf" nftables
UB_THREADS=2 start_orchard_unbound "$SCRATCH/orchard.conf"
export ORCHARD_CONTROL=$CTL_SOCK
f_held() { nft_keys orchard6 | grep -c "^2001:db8:f:$1:" || true; }
answers() { [[ $(Q_TIMEOUT=1 q_rcode gs.apple.com) == NOERROR ]]; }
ctl_up() { ctl status; [[ $CTL_STATUS == ok ]]; }
# back WHAT: DNS and the control socket answer again within 10 s
back() {
  local t0
  t0=$(date +%s%3N)
  wait_until 10 answers || fail "$1: DNS does not answer within 10 s"
  wait_until 10 ctl_up || fail "$1: the control socket does not answer within 10 s ($CTL_STATUS)"
  note "$1: DNS and control socket answer $(( $(date +%s%3N) - t0 )) ms later"
}

fault_queries 1 "$SCRATCH/p1.queries"
perf_start "$SCRATCH/p1.queries" 3
perf_wait "before"
assert_eq $(( 4 * N )) "$(f_held 1)" "phase 1 elements"

note "unbound-control reload x3 under load; the third with a site file"
cat >"$SCRATCH/site.catalog" <<'SITE'
section site title="Site additions"
host site www.example.org proto=tcp ports=443 os=ios
SITE
fault_queries 2 "$SCRATCH/p2.queries"
perf_start "$SCRATCH/p2.queries" 5
for i in 1 2 3; do
  sleep 1
  (( i == 3 )) && echo "site $SCRATCH/site.catalog" >>"$SCRATCH/orchard.conf"
  out=$(ubctl reload 2>&1) || fail "unbound-control reload #$i: $out"
  kill -0 "$UNBOUND_PID" || fail "Unbound died on reload #$i"
done
perf_wait "during 3 reloads"
(( PERF_DONE * 10 >= PERF_LOST * 9 )) || fail "most queries lost around the reloads"
back "after the reloads"
ctl_ok status
assert_contains "$CTL_OUT" "+ site $SCRATCH/site.catalog (51 rows)" "status after the reload: configuration re-read"
assert_eq $(( 4 * N )) "$(f_held 1)" "phase 1 elements after the reloads"
q_addrs www.example.org >/dev/null
assert_line "$(nft_keys orchard4)" "^192\.0\.2\.80 tcp 443$" "the site row's element after the reload"
fault_queries 3 "$SCRATCH/p3.queries"
perf_start "$SCRATCH/p3.queries" 2
perf_wait "after the reloads"
(( PERF_LOST == 0 )) || fail "$PERF_LOST queries lost after the reloads"
assert_eq $(( 4 * N )) "$(f_held 3)" "elements answered after the reloads"
grep -E "fatal|assertion|Segmentation" "$UB_LOG" && fail "Unbound's log shows a crash"

note "unbound-control stop under load, then start again"
fault_queries 4 "$SCRATCH/p4.queries"
perf_start "$SCRATCH/p4.queries" 4
sleep 1
pid=$UNBOUND_PID
ubctl stop >/dev/null || fail "unbound-control stop"
rc=0
wait "$pid" || rc=$?
UNBOUND_PID=""
assert_eq 0 "$rc" "Unbound's exit status after unbound-control stop"
[[ ! -e $CTL_SOCK ]] || fail "the control socket file is still there after a clean stop"
start_unbound "$UB_CONF"
perf_wait "across the restart"
back "after the restart"
fault_queries 5 "$SCRATCH/p5.queries"
perf_start "$SCRATCH/p5.queries" 2
perf_wait "after the restart"
(( PERF_LOST == 0 )) || fail "$PERF_LOST queries lost after the restart"
assert_eq $(( 4 * N )) "$(f_held 5)" "elements answered after the restart"
assert_eq $(( 4 * N )) "$(f_held 1)" "elements from before the restart"

note "SIGKILL, then start: the stale control socket does not prevent it"
kill -KILL "$UNBOUND_PID"
wait "$UNBOUND_PID" 2>/dev/null || true
UNBOUND_PID=""
[[ -S $CTL_SOCK ]] || fail "expected a stale control socket file after SIGKILL"
start_unbound "$UB_CONF"
back "after SIGKILL and start"
fault_queries 6 "$SCRATCH/p6.queries"
perf_start "$SCRATCH/p6.queries" 2
perf_wait "after SIGKILL and start"
assert_eq $(( 4 * N )) "$(f_held 6)" "elements answered after SIGKILL and start"
stop_unbound
note "fault-unbound passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
