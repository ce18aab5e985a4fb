#!/usr/bin/env bash
# sets-e2e-flush-cache.sh -- `flush SET` followed at once by a cache hit (real
# Unbound with the module, NSD, kernel sets in a private netns): the hit
# puts the elements back before it is answered, also within the second in
# which the same answer was last served from the cache. A resolver thread
# replays such a repeated answer's outcome without the set feeder
# (module/answer_memo.hh); a flush must make it ask the feeder again, or a
# client connecting in that second is dropped by the firewall.
# BACKEND=ipset runs the same checks against ipset (sets-e2e-flush-cache-ipset.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"
. "$(dirname "$0")/sets_e2e_lib.sh"
BACKEND=${BACKEND:-nftables}
require_e2e "$BACKEND"
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
start_nsd
if [[ $BACKEND == ipset ]]; then load_ipset_sets; else load_nft_ruleset; fi
e2e_conf "$SCRATCH/orchard.conf" "$BACKEND"
start_orchard_unbound "$SCRATCH/orchard.conf"

# orchard4's elements, as "addr proto port" lines for either backend
keys4() {
  if [[ $BACKEND == ipset ]]; then ipset_keys orchard4 | sed -E 's/^([^,]+),([a-z]+):/\1 \2 /'
  else nft_keys orchard4; fi
}
expected="203.0.113.13 udp 123
203.0.113.14 udp 123"
# Sleeps until the next second begins, so that what follows (a few
# queries and a control request, some tens of ms) fits in one second.
next_second() {
  local left=$(( 1000 - $(date +%s%3N) % 1000 ))
  sleep "$(( left / 1000 )).$(printf '%03d' $(( left % 1000 )))"
}

note "time.apple.com resolved: its elements are in orchard4"
q_addrs time.apple.com >/dev/null
assert_eq "$expected" "$(keys4)" "orchard4 after the first answer"

note "a cache hit, flush orchard4, the same cache hit in the same second"
same_second=""
# Nothing else runs between the three steps (the flush itself is checked
# by sets-e2e-control.sh), so that they fit in a second on a busy machine.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  next_second
  s0=$(date +%s)
  q_addrs time.apple.com >/dev/null   # from the cache: remembered for this second
  ctl_ok flush orchard4
  q_addrs time.apple.com >/dev/null   # the same cache answer, the same second
  s1=$(date +%s)
  got=$(keys4)
  if [[ $s1 == "$s0" ]]; then
    same_second=$attempt
    break
  fi
  note "attempt $attempt crossed into the next second (the machine is busy); again"
done
[[ -n $same_second ]] || fail "no attempt fit in one second"
assert_eq "$expected" "$got" "orchard4 after a cache hit in the second of the flush"

note "flush (all sets), then the cache hit again: elements back at once"
next_second
q_addrs time.apple.com >/dev/null
ctl_ok flush
q_addrs time.apple.com >/dev/null
assert_eq "$expected" "$(keys4)" "orchard4 after flush and a cache hit"
note "sets-e2e-flush-cache ($BACKEND) passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
