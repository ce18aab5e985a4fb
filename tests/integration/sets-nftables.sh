#!/usr/bin/env bash
# The set feeder with real nftables sets, no resolver: `orchardctl gen
# nftables` loads as is; admitted answers become exactly the expected
# address . protocol . port elements with timeouts in range; a look-alike
# adds nothing; `nft -f` reload (sets emptied) is refilled within 1 s
# without new answers; a deleted set keeps answers flowing (failure
# counted) and pushing resumes when the set is back.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sets_lib.sh"
require_sets_tools
require_cmd nft jq
orchard_enter_netns "$0" "$@"

"$ORCHARDCTL" gen nftables --catalog "$CATALOG" --hook output --policy accept >"$SCRATCH/o.nft"
nft -f "$SCRATCH/o.nft" || fail "generated ruleset does not load"
nft -f "$SCRATCH/o.nft" || fail "generated ruleset does not load a second time"
sets_conf nftables "$SCRATCH/orchard.conf"
driver_start "$SCRATCH/orchard.conf"

# elements of a set as "addr proto port timeout expires" lines, sorted
elements() {
  nft -j list set inet orchard "$1" |
    jq -r '.nftables[1].set.elem // [] | .[] | .elem |
           "\(.val.concat[0]) \(.val.concat[1]) \(.val.concat[2]) \(.timeout) \(.expires)"' | sort
}
keys() { elements "$1" | cut -d' ' -f1-4; }
count_is() { [[ $(keys "$1" | wc -l) -eq $2 ]]; }
has_key() { keys "$1" | grep -q "$2"; }

note "statics: the notarization blocks"
assert_eq 3 "$(nft -j list set inet orchard orchard4_blocks | jq '.nftables[1].set.elem | length')" \
  "static block elements"

note "admit catalog answers and a look-alike"
drv admit time.apple.com 192.0.2.10 30
drv admit 1-courier.push.apple.com 192.0.2.11 60
drv admit gs.apple.com 2001:db8::5 600
drv admit evilapple.com 192.0.2.12 60
drv admit apple.com.evil.example 192.0.2.13 60
drv_ask stats
expected4="192.0.2.10 udp 123 300
192.0.2.11 tcp 2197 300
192.0.2.11 tcp 443 300
192.0.2.11 tcp 5223 300
192.0.2.11 tcp 80 300"
assert_eq "$expected4" "$(keys orchard4)" "orchard4 elements (time: udp/123 only; push: 4 ports)"
assert_eq "2001:db8::5 tcp 443 660
2001:db8::5 tcp 80 660" "$(keys orchard6)" "orchard6 elements (gs.apple.com: union of rows)"
while read -r _ _ _ timeout expires; do
  ((expires <= timeout && expires >= timeout - 5)) || fail "expires $expires not within 5 s of $timeout"
done < <(elements orchard4; elements orchard6)

note "cache hits cost no kernel call"
stat_of batches
before=$STAT
for _ in 1 2 3 4 5; do drv admit time.apple.com 192.0.2.10 29; done
stat_of batches
assert_eq "$before" "$STAT" "batches after five cache hits"

note "reload: nft -f empties the sets; refilled within 1 s"
t0=$(now_ms)
nft -f "$SCRATCH/o.nft"
wait_until 2 count_is orchard4 5 || fail "orchard4 not refilled"
t1=$(now_ms)
note "refilled in $((t1 - t0)) ms"
((t1 - t0 <= 1000)) || fail "refill took $((t1 - t0)) ms (> 1000)"
assert_eq "$(cut -d' ' -f1-3 <<<"$expected4")" "$(keys orchard4 | cut -d' ' -f1-3)" \
  "orchard4 after refill (timeouts: what was left)"
assert_eq 2 "$(keys orchard6 | wc -l)" "orchard6 after refill"
assert_eq 3 "$(nft -j list set inet orchard orchard4_blocks | jq '.nftables[1].set.elem | length')" \
  "static blocks after reload"

note "set deleted: answers continue, failure counted; recreated: pushing resumes"
nft flush chain inet orchard output
nft delete set inet orchard orchard4
stat_of failures
failures=$STAT
drv admit time.apple.com 192.0.2.20 30
sleep 0.5
stat_of failures
((STAT > failures)) || fail "failure not counted"
grep -q "orchard4" "$SCRATCH/driver.err" || fail "failure not reported: $(cat "$SCRATCH/driver.err")"
nft -f "$SCRATCH/o.nft"
wait_until 2 has_key orchard4 "192.0.2.20 udp 123" || fail "pushing did not resume"
assert_eq 6 "$(keys orchard4 | wc -l)" "orchard4 after recreate"
note "ok"
