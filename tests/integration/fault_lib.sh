# shellcheck shell=bash
# tests/integration/fault_lib.sh -- shared steps of the fault-injection tests
# (fault-*.sh): load phases measured with dnsperf, so a test can compare the
# queries per second of a phase in which something around the resolver
# misbehaves with a baseline phase of the same test, and read the module's
# counters. A test sources only this file; it brings lib.sh, module-lib.sh
# and sets_e2e_lib.sh.
#
#   fault_zones PHASES N     the fixture zones copied to $SCRATCH/zones (and
#                            ORCHARD_ZONES pointed there) plus N names per
#                            phase, fP-I.push.apple.com, each with an AAAA of
#                            its own (2001:db8:f:P::I): catalog answers that
#                            carry addresses no set holds yet. Before start_nsd.
#   fault_queries P FILE     a dnsperf query file: phase P's fresh names, then
#                            catalog names answered from the cache
#   perf_start FILE SECS [DNSPERF-ARGS...]  dnsperf in the background, at
#                            most FAULT_QPS (default 3000) queries a second:
#                            a rate the resolver sustains even on a busy
#                            two-core machine, so that the baseline is
#                            steady and a phase falls short of it only when
#                            the fault slows the resolver down
#   perf_wait WHAT           waits for it; sets PERF_QPS (integer),
#                            PERF_DONE, PERF_LOST and prints them
#   perf_at_least QPS BASE FACTOR WHAT  fails unless QPS >= FACTOR x BASE
#   set_stat FIELD           a field of `stats --json`'s .sets (failures, ...)
#   fault_phase P WHAT       a 3 s load of phase P's names (fault_queries);
#                            prints the figures and sets FAILED and REFILLS
#                            (growth of those counters); fails on lost
#                            queries, on qps under half BASE_QPS (when set)
#                            and when Unbound died
#   fresh_held               elements of the fault_zones names in orchard6
#                            (kernel; FAULT_BACKEND nftables or ipset)
#   sets_agree SET           `sets --json`: kernel and shadow hold the same
#   fault_baseline           phase 1 without a fault: sets BASE_QPS; no
#                            failure, every fresh element in orchard6
#   fault_recovered P        every fresh element of phases 1..P in orchard6,
#                            kernel and shadow agreeing on orchard4 and 6
#   fault_recover P CMD...   the operator's repair CMD, then fault_recovered
#                            within 5 s (prints how long it took)
#   set_log_rate_limited MAX `stats`' sets line noted; fails when Unbound's
#                            log has more than MAX "firewall sets" lines
#                            (they are rate-limited, not one per failure)
#   proc_fds PID             open file descriptors of PID but its netlink
#                            sockets (the set backend's socket pool grows to
#                            the number of threads that once wrote at the
#                            same time and keeps them: not a leak)
_fault_dir=$(dirname "${BASH_SOURCE[0]}")
. "$_fault_dir/lib.sh"
. "$_fault_dir/module-lib.sh"
. "$_fault_dir/sets_e2e_lib.sh"
FAULT_PERF_PID=""

fault_zones() {
  local phases=$1 n=$2 p i
  mkdir -p "$SCRATCH/zones"
  cp "$ORCHARD_ZONES"/*.zone "$SCRATCH/zones/"
  {
    # shellcheck disable=SC2016  # a zone file's $ORIGIN, not a variable
    printf '\n; fault_lib.sh: names with addresses of their own\n$ORIGIN apple.com.\n'
    for (( p = 1; p <= phases; p++ )); do
      for (( i = 1; i <= n; i++ )); do
        printf 'f%d-%d.push 300 IN AAAA 2001:db8:f:%x::%x\n' "$p" "$i" "$p" "$i"
      done
    done
  } >>"$SCRATCH/zones/apple.com.zone"
  ORCHARD_ZONES=$SCRATCH/zones
  FAULT_NAMES=$n
}

fault_queries() {
  local p=$1 f=$2 i
  {
    for (( i = 1; i <= FAULT_NAMES; i++ )); do echo "f$p-$i.push.apple.com AAAA"; done
    printf '%s\n' "1-courier.push.apple.com A" "time.apple.com A" "time.apple.com AAAA" \
      "captive.apple.com A" "gs.apple.com A" "mesu.apple.com A"
  } >"$f"
}

perf_start() {
  local file=$1 secs=$2; shift 2
  dnsperf -s "$RES_ADDR" -p "$RES_PORT" -d "$file" -l "$secs" -c 4 -q 64 -t 3 \
    -Q "${FAULT_QPS:-3000}" "$@" \
    >"$SCRATCH/dnsperf.txt" 2>&1 &
  FAULT_PERF_PID=$!
}

perf_wait() {
  local out
  wait "$FAULT_PERF_PID" || fail "$1: dnsperf failed: $(cat "$SCRATCH/dnsperf.txt")"
  FAULT_PERF_PID=""
  out=$(cat "$SCRATCH/dnsperf.txt")
  PERF_DONE=$(sed -nE 's/^ *Queries completed: *([0-9]+).*/\1/p' <<<"$out")
  PERF_LOST=$(sed -nE 's/^ *Queries lost: *([0-9]+).*/\1/p' <<<"$out")
  PERF_QPS=$(sed -nE 's/^ *Queries per second: *([0-9]+).*/\1/p' <<<"$out")
  [[ -n $PERF_DONE && -n $PERF_LOST && -n $PERF_QPS ]] ||
    fail "$1: cannot read dnsperf's summary:"$'\n'"$out"
  note "$1: $PERF_QPS qps, $PERF_DONE answered, $PERF_LOST lost"
}

perf_at_least() {   # perf_at_least QPS BASE FACTOR WHAT (FACTOR like 0.5)
  awk -v q="$1" -v b="$2" -v f="$3" 'BEGIN { exit !(q >= f * b) }' ||
    fail "$4: $1 qps is below $3 x the baseline's $2 qps"
}

set_stat() {
  ctl_ok stats --json
  jq -r ".sets.$1" <<<"$CTL_OUT"
}

set_log_rate_limited() {
  local n
  ctl_ok stats
  note "$(grep '^sets ' <<<"$CTL_OUT")"
  n=$(grep -c "orchard: firewall sets:" "$UB_LOG" || true)
  note "Unbound's log has $n firewall-set lines for $(set_stat failures) failures"
  (( n <= $1 )) || fail "$n firewall-set lines in Unbound's log: not rate-limited"
}

proc_fds() {   # netlink sockets aside: see the usage above
  local netlink
  netlink=$(awk 'NR > 1 { print $NF }' /proc/net/netlink | paste -sd'|')
  find "/proc/$1/fd" -mindepth 1 -maxdepth 1 -printf '%l\n' 2>/dev/null |
    grep -Evc "^socket:\[(${netlink:-none})\]$" || true
}

fault_phase() {
  fault_queries "$1" "$SCRATCH/p$1.queries"
  local f0 r0
  f0=$(set_stat failures) r0=$(set_stat refills)
  perf_start "$SCRATCH/p$1.queries" 3
  perf_wait "phase $1 ($2)"
  FAILED=$(( $(set_stat failures) - f0 )) REFILLS=$(( $(set_stat refills) - r0 ))
  note "phase $1 ($2): set failures +$FAILED, refills +$REFILLS"
  (( PERF_LOST * 1000 <= PERF_DONE )) || fail "phase $1 ($2): $PERF_LOST queries lost"
  if [[ -n ${BASE_QPS:-} ]]; then perf_at_least "$PERF_QPS" "$BASE_QPS" 0.5 "phase $1 ($2)"; fi
  kill -0 "$UNBOUND_PID" || fail "Unbound died during phase $1 ($2)"
}

fresh_held() {
  if [[ ${FAULT_BACKEND:-nftables} == ipset ]]; then
    ipset_keys orchard6 | grep -c '^2001:db8:f:' || true
  else
    nft_keys orchard6 | grep -c '^2001:db8:f:' || true
  fi
}

sets_agree() {
  ctl sets --json
  [[ $CTL_STATUS == ok ]] &&
    jq -e --arg s "$1" '.[] | select(.set == $s) |
      .differences == 0 and .kernel_entries == .shadow_elements' <<<"$CTL_OUT" >/dev/null
}

fault_baseline() {
  fault_phase 1 baseline
  BASE_QPS=$PERF_QPS
  (( FAILED == 0 )) || fail "baseline: $FAILED set failures"
  assert_eq $(( 4 * FAULT_NAMES )) "$(fresh_held)" "baseline: fresh elements in orchard6"
}

fault_recovered() {
  [[ $(fresh_held) == $(( 4 * FAULT_NAMES * $1 )) ]] && sets_agree orchard6 && sets_agree orchard4
}

fault_recover() {
  local p=$1 t0; shift
  t0=$(date +%s%3N)
  "$@" || fail "after phase $p: $* failed"
  wait_until 5 fault_recovered "$p" ||
    fail "after phase $p: orchard6 holds $(fresh_held) fresh elements, expected $(( 4 * FAULT_NAMES * p )); sets: $CTL_OUT"
  note "after phase $p: '$*', then all $(( 4 * FAULT_NAMES * p )) fresh elements back in $(( $(date +%s%3N) - t0 )) ms"
}
