#!/usr/bin/env bash
# sets-e2e-ipset.sh -- the key end-to-end checks with `sets ipset` (real
# Unbound, NSD, ipset hash:ip,port sets loaded from `orchardctl gen ipset`):
#   * a catalog query: exactly the expected addr,proto:port elements with
#     timeouts in range; look-alikes and a sinkholed answer add nothing;
#   * a flushed set (what an ipset reload does) is refilled within one
#     second while cached queries continue;
#   * a destroyed set: DNS answers, the failure is counted; recreated:
#     pushing resumes;
#   * `sets` (kernel beside shadow), `why` and `flush` over the control socket.
# The two-thread burst runs in sets-e2e-burst-ipset.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"
. "$(dirname "$0")/sets_e2e_lib.sh"
require_e2e ipset
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
start_nsd
load_ipset_sets
e2e_conf "$SCRATCH/orchard.conf" ipset
UB_EXTRA='local-zone: "captive.apple.com." redirect
local-data: "captive.apple.com. 300 IN A 0.0.0.0"' start_orchard_unbound "$SCRATCH/orchard.conf"
now_ms() { date +%s%3N; }

note "a catalog query: the expected elements, timeouts in range"
q_addrs 1-courier.push.apple.com >/dev/null
q_addrs time.apple.com AAAA >/dev/null
expected4=$(for a in $PUSH_ADDRS; do for p in $PUSH_PORTS; do echo "$a,tcp:$p"; done; done | sort -V)
assert_eq "$expected4" "$(ipset_keys orchard4)" "orchard4"
assert_eq "2001:db8:a::13,udp:123
2001:db8:a::14,udp:123" "$(ipset_keys orchard6)" "orchard6"
while read -r _ _ t; do
  ((t <= 300 && t >= 295)) || fail "orchard4 timeout $t not in 295..300"
done < <(ipset_elements orchard4)
while read -r _ _ t; do
  ((t <= 360 && t >= 355)) || fail "orchard6 timeout $t not in 355..360"
done < <(ipset_elements orchard6)

note "look-alikes and a sinkholed answer add nothing"
for n in www.evilapple.com apple.com.evil.example www.apple.com b1.example.org; do
  q_addrs "$n" >/dev/null
done
assert_eq "0.0.0.0" "$(q_addrs captive.apple.com)" "sinkholed answer"
assert_eq "$expected4" "$(ipset_keys orchard4)" "orchard4 after look-alikes and the sinkhole"

note "flushed set refilled within one second while cached queries continue"
( for _ in $(seq 30); do q_addrs 1-courier.push.apple.com >/dev/null; sleep 0.05; done ) &
loop=$!
t0=$(now_ms)
ipset flush orchard4
holds_all() { [[ $(ipset_keys orchard4) == "$expected4" ]]; }
wait_until 2 holds_all || fail "orchard4 not refilled"
ms=$(( $(now_ms) - t0 ))
note "refilled in $ms ms"
(( ms <= 1000 )) || fail "refill took $ms ms (> 1000)"
wait "$loop" || fail "queries failed during the refill"

note "set destroyed: DNS answers, failure counted; recreated: pushing resumes"
ipset destroy orchard4
assert_eq "203.0.113.13
203.0.113.14" "$(q_addrs time.apple.com)" "time.apple.com while orchard4 is missing"
ctl_ok stats
[[ $CTL_OUT =~ failures=([0-9]+) ]] && (( BASH_REMATCH[1] > 0 )) || fail "failure not counted: $CTL_OUT"
ipset restore -exist <"$SCRATCH/o.ipset"
has_time() { ipset_keys orchard4 | grep -qx "203.0.113.14,udp:123"; }
wait_until 2 has_time || fail "pushing did not resume"
assert_eq 18 "$(ipset_keys orchard4 | wc -l)" "orchard4 after recreate"

note "control: sets, why, flush"
ctl_ok sets orchard4
assert_contains "$CTL_OUT" "orchard4 (service): kernel 18, shadow 18, 0 difference(s)" "sets"
# (an element deleted by hand would be refilled by the watcher within
# 250 ms: ipset sets are watched by element count)
ipset add orchard4 198.51.100.7,tcp:443 timeout 100
ctl_ok sets orchard4 --elements
assert_contains "$CTL_OUT" "orchard4 (service): kernel 19, shadow 18, 1 difference(s)" "sets"
grep -Eq '^  198\.51\.100\.7 \. tcp \. 443  kernel (99|100) s, shadow -  ONLY IN KERNEL$' <<<"$CTL_OUT" ||
  fail "sets after ipset add: no only-in-kernel line:"$'\n'"$CTL_OUT"
ctl_ok why 203.0.113.14
assert_contains "$CTL_OUT" "orchard4 203.0.113.14 . udp . 123: in the kernel" "why"
ctl_ok flush orchard4
assert_eq "" "$(ipset_keys orchard4)" "orchard4 after flush"
sleep 0.6   # two watcher rounds: nothing comes back by itself after a flush
assert_eq "" "$(ipset_keys orchard4)" "orchard4 stays empty after flush"
q_addrs 5-courier.push.apple.com >/dev/null
assert_eq "$expected4" "$(ipset_keys orchard4)" "orchard4 after the next answer"
note "sets-e2e-ipset passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
