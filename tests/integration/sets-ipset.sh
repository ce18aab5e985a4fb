#!/usr/bin/env bash
# The set feeder with real ipset sets, no resolver: `orchardctl gen ipset`
# loads with `ipset restore`; admitted answers become exactly the expected
# hash:ip,port elements with timeouts in range; a look-alike adds nothing;
# a flushed set (what a reload does) is refilled within 1 s without new
# answers; a destroyed set keeps answers flowing (failure counted) and
# pushing resumes when the set is back.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sets_lib.sh"
require_sets_tools
require_cmd ipset
orchard_enter_netns "$0" "$@"

"$ORCHARDCTL" gen ipset --catalog "$CATALOG" >"$SCRATCH/o.ipset"
ipset restore -exist <"$SCRATCH/o.ipset" || fail "generated file does not load"
ipset restore -exist <"$SCRATCH/o.ipset" || fail "generated file does not load a second time"
sets_conf ipset "$SCRATCH/orchard.conf"
driver_start "$SCRATCH/orchard.conf"

# "addr,proto:port timeout" lines, sorted
elements() { ipset save "$1" | sed -n "s/^add $1 //p" | sort; }
keys() { elements "$1" | cut -d' ' -f1; }
count_is() { [[ $(keys "$1" | wc -l) -eq $2 ]]; }
has_key() { keys "$1" | grep -qx "$2"; }

assert_eq 3 "$(keys orchard4_blocks | wc -l)" "static block elements"

note "admit catalog answers and a look-alike"
drv admit time.apple.com 192.0.2.10 30
drv admit 1-courier.push.apple.com 192.0.2.11 60
drv admit gs.apple.com 2001:db8::5 600
drv admit evilapple.com 192.0.2.12 60
drv_ask stats
assert_eq "192.0.2.10,udp:123
192.0.2.11,tcp:2197
192.0.2.11,tcp:443
192.0.2.11,tcp:5223
192.0.2.11,tcp:80" "$(keys orchard4)" "orchard4 elements"
assert_eq "2001:db8::5,tcp:443
2001:db8::5,tcp:80" "$(keys orchard6)" "orchard6 elements"
while read -r _ _ t; do
  ((t <= 300 && t >= 295)) || fail "orchard4 timeout $t not in 295..300"
done < <(elements orchard4)
while read -r _ _ t; do
  ((t <= 660 && t >= 655)) || fail "orchard6 timeout $t not in 655..660"
done < <(elements orchard6)

note "flushed (reloaded) set refilled within 1 s"
t0=$(now_ms)
ipset flush orchard4
wait_until 2 count_is orchard4 5 || fail "orchard4 not refilled"
t1=$(now_ms)
note "refilled in $((t1 - t0)) ms"
((t1 - t0 <= 1000)) || fail "refill took $((t1 - t0)) ms (> 1000)"

note "set destroyed: answers continue, failure counted; recreated: pushing resumes"
ipset destroy orchard4
stat_of failures
failures=$STAT
drv admit time.apple.com 192.0.2.20 30
sleep 0.5
stat_of failures
((STAT > failures)) || fail "failure not counted"
ipset restore -exist <"$SCRATCH/o.ipset"
wait_until 2 has_key orchard4 "192.0.2.20,udp:123" || fail "pushing did not resume"
assert_eq 6 "$(keys orchard4 | wc -l)" "orchard4 after recreate"
note "ok"
