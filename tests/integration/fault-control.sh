#!/usr/bin/env bash
# fault-control.sh -- hostile control clients during a dnsperf load, with the
# real Unbound (two threads), the Orchard module, NSD and nftables in the
# test's network namespace. fault_control_clients.py keeps up, for 6 s:
# 50 clients that connect and never send, floods of megabytes without a
# newline, and clients that ask for a large answer (`recent --json`, a full
# ring of outcomes, hundreds of kB) and never read it. Meanwhile:
#   * DNS keeps answering: the phase's qps is at least half a baseline's,
#     nothing is lost;
#   * a normal `orchardctl status` answers within 2 s, every time;
#   * afterwards Unbound holds as many file descriptors as before (the
#     control thread closed every hostile connection) and the control
#     socket still works.
set -euo pipefail
. "$(dirname "$0")/fault_lib.sh"
require_e2e nftables
require_cmd dnsperf python3
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
fault_zones 2 300
start_nsd
load_nft_ruleset
e2e_conf "$SCRATCH/orchard.conf" nftables "log-queries all"
UB_THREADS=2 start_orchard_unbound "$SCRATCH/orchard.conf"
export ORCHARD_CONTROL=$CTL_SOCK
now_ms() { date +%s%3N; }

fault_queries 1 "$SCRATCH/p1.queries"
perf_start "$SCRATCH/p1.queries" 3
perf_wait "baseline"
BASE_QPS=$PERF_QPS
ctl_ok recent --json --limit 100000
big=${#CTL_OUT}
note "recent --json answers $big bytes (a deaf client's answer)"
(( big > 262144 )) || fail "recent --json is only $big bytes: too small to fill a socket buffer"
sleep 0.5
fds0=$(proc_fds "$UNBOUND_PID")

note "hostile clients for 6 s during a 4 s load"
python3 "$(dirname "$0")/fault_control_clients.py" "$CTL_SOCK" 6 --idle 50 --floods 4 --deaf 8 \
  >"$SCRATCH/hostile.txt" 2>&1 &
hostile=$!
sleep 0.5
fault_queries 2 "$SCRATCH/p2.queries"
perf_start "$SCRATCH/p2.queries" 4
worst=0
for i in 1 2 3 4 5 6 7 8; do
  t0=$(now_ms)
  out=$(timeout 10 "$ORCHARDCTL" status 2>&1) || fail "orchardctl status #$i failed under hostile clients: $out"
  ms=$(( $(now_ms) - t0 ))
  (( ms > worst )) && worst=$ms
  assert_contains "$out" "sets         nftables: 3/3 sets present" "status #$i"
  sleep 0.4
done
note "orchardctl status under hostile clients: 8 answers, the slowest in $worst ms"
(( worst <= 2000 )) || fail "orchardctl status took $worst ms (> 2000) under hostile clients"
perf_wait "under hostile clients"
perf_at_least "$PERF_QPS" "$BASE_QPS" 0.5 "under hostile clients"
(( PERF_LOST == 0 )) || fail "$PERF_LOST queries lost under hostile clients"
wait "$hostile" || fail "the hostile clients failed: $(cat "$SCRATCH/hostile.txt")"
note "hostile clients: $(cat "$SCRATCH/hostile.txt")"

fds_back() { (( $(proc_fds "$UNBOUND_PID") <= fds0 )); }
wait_until 8 fds_back || fail "Unbound holds $(proc_fds "$UNBOUND_PID") fds, $fds0 before the hostile clients"
note "Unbound's fds: $fds0 before, $(proc_fds "$UNBOUND_PID") after"
assert_contains "$("$ORCHARDCTL" status)" "sets         nftables: 3/3 sets present" "status afterwards"
assert_eq NOERROR "$(q_rcode gs.apple.com)" "DNS afterwards"
stop_unbound
note "fault-control passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
