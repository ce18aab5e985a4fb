#!/usr/bin/env bash
# sets-e2e-elements.sh -- real Unbound + Orchard module + NSD + nftables sets:
#   * after one query for a catalog name the set holds exactly the expected
#     address . protocol . port elements (wildcard *.push: 4 addresses x 4
#     tcp ports; time.apple.com: udp/123 only; captive: both families), with
#     timeouts of clamp(ttl + grace, floor, ceiling) and expiries within 5 s;
#   * look-alikes (evilapple.com, apple.com.evil.example), a non-catalog
#     apple.com host (www.apple.com) and a control name add nothing;
#   * a sinkholed catalog answer (local-zone redirect to 0.0.0.0 / ::) adds
#     nothing, and the outcome log calls it blocked.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"
. "$(dirname "$0")/sets_e2e_lib.sh"
require_e2e nftables
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
start_nsd
load_nft_ruleset
e2e_conf "$SCRATCH/orchard.conf" nftables
UB_EXTRA='local-zone: "captive.apple.com." redirect
local-data: "captive.apple.com. 300 IN A 0.0.0.0"
local-data: "captive.apple.com. 300 IN AAAA ::"' start_orchard_unbound "$SCRATCH/orchard.conf"

assert_eq "" "$(nft_keys orchard4)" "orchard4 before any query"

note "a wildcard catalog name: 4 A records x tcp 443, 80, 5223, 2197"
assert_eq "$(tr ' ' '\n' <<<"$PUSH_ADDRS")" "$(q_addrs 1-courier.push.apple.com)" "answer"
assert_eq "$(push_keys "$PUSH_ADDRS" "$PUSH_PORTS")" "$(nft_keys orchard4)" "orchard4"
# TTL 60 + grace 60 = 120 s, below the floor: 300 s
while read -r a p port timeout expires; do
  [[ $timeout == 300 ]] || fail "$a $p $port: timeout $timeout, expected 300"
  ((expires <= 300 && expires >= 295)) || fail "$a $p $port: expires $expires not in 295..300"
done < <(nft_elements orchard4)

note "time.apple.com opens udp/123 only, in both families"
q_addrs time.apple.com >/dev/null
q_addrs time.apple.com AAAA >/dev/null
expected4="$(push_keys "$PUSH_ADDRS" "$PUSH_PORTS")
203.0.113.13 udp 123
203.0.113.14 udp 123"
assert_eq "$(sort -V <<<"$expected4")" "$(nft_keys orchard4)" "orchard4 after time.apple.com"
assert_eq "2001:db8:a::13 udp 123
2001:db8:a::14 udp 123" "$(nft_keys orchard6)" "orchard6 after time.apple.com AAAA"
# TTL 300 + grace 60 = 360 s
while read -r a p port timeout expires; do
  [[ $timeout == 360 ]] || fail "$a $p $port: timeout $timeout, expected 360"
  ((expires <= 360 && expires >= 355)) || fail "$a $p $port: expires $expires not in 355..360"
done < <(nft_elements orchard6)

note "look-alikes, a non-catalog apple.com host, a control name: nothing added"
before4=$(nft_keys orchard4) before6=$(nft_keys orchard6)
for n in www.evilapple.com evilapple.com apple.com.evil.example www.apple.com b1.example.org \
  push.apple.com; do
  [[ -n $(q_addrs "$n") ]] || fail "$n: no address (the fixture answers it)"
  q_addrs "$n" AAAA >/dev/null
done
assert_eq "$before4" "$(nft_keys orchard4)" "orchard4 after look-alikes"
assert_eq "$before6" "$(nft_keys orchard6)" "orchard6 after look-alikes"

note "a sinkholed catalog answer: nothing added, logged as blocked"
assert_eq "0.0.0.0" "$(q_addrs captive.apple.com)" "sinkholed answer"
assert_eq "::" "$(q_addrs captive.apple.com AAAA)" "sinkholed AAAA answer"
assert_eq "$before4" "$(nft_keys orchard4)" "orchard4 after the sinkhole"
assert_eq "$before6" "$(nft_keys orchard6)" "orchard6 after the sinkhole"
expect_one_entry q_addrs captive.apple.com
assert_eq "blocked 0" "$(jqe '"\(.outcome) \(.admitted)"')" "outcome of the sinkholed answer"

note "a cache hit adds nothing new and keeps the elements"
q_addrs 1-courier.push.apple.com >/dev/null
assert_eq "$(sort -V <<<"$expected4")" "$(nft_keys orchard4)" "orchard4 after a cache hit"
note "sets-e2e-elements passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
