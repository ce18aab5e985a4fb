#!/usr/bin/env bash
# sets-e2e-control.sh -- the set control commands over the module's control
# socket (socat), with real Unbound, NSD and nftables sets:
#   * `sets` counts each set's elements in the kernel and the shadow table
#     and their differences; `sets --elements [--limit N]` lists them,
#     differences first: an element added by hand is flagged only-in-kernel,
#     one deleted by hand only-in-shadow; `sets SET` shows one set;
#   * `why ADDRESS` names the query, the row and each element the layout
#     assigns the address, in the kernel or not and held until when; a
#     sinkholed address is refused; an unknown address was never seen;
#   * `flush SET` empties the set in the kernel and the shadow table (the
#     next answer pushes again); `flush` refuses unknown and static sets.
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
local-data: "captive.apple.com. 300 IN A 0.0.0.0"' start_orchard_unbound "$SCRATCH/orchard.conf"

q_addrs 1-courier.push.apple.com >/dev/null
q_addrs time.apple.com >/dev/null
q_addrs captive.apple.com >/dev/null

note "sets: kernel and shadow agree"
ctl_ok sets orchard4
assert_eq "orchard4 (service): kernel 18, shadow 18, 0 difference(s)" "$CTL_OUT" "sets orchard4 (counts only)"
ctl_ok sets orchard4 --elements
assert_contains "$CTL_OUT" "orchard4 (service): kernel 18, shadow 18, 0 difference(s)" "sets orchard4"
assert_line "$CTL_OUT" "^  203\\.0\\.113\\.100 \\. tcp \\. 5223  kernel (29[5-9]|300) s, shadow (29[5-9]|300) s$" \
  "sets orchard4"
assert_contains "$CTL_OUT" "203.0.113.13 . udp . 123" "sets orchard4"
assert_not_contains "$CTL_OUT" "orchard6" "sets orchard4 (one set)"
ctl_ok sets
assert_contains "$CTL_OUT" "orchard6 (service): kernel 0, shadow 0, 0 difference(s)" "sets"
assert_contains "$CTL_OUT" "orchard4_blocks (blocks): kernel 3 entries (static)" "sets"
ctl_ok sets --json
assert_eq "18 18 0" "$(jq -r '.[] | select(.set == "orchard4") |
  "\(.kernel_entries) \(.shadow_elements) \(.differences)"' <<<"$CTL_OUT")" "sets --json"
ctl sets nosuchset
assert_eq "error sets: no set 'nosuchset'" "$CTL_STATUS" "sets nosuchset"
ctl sets orchard4 --elements --limit 0
assert_eq "error sets: --limit takes a positive number, not '0'" "$CTL_STATUS" "sets --limit 0"
ctl sets --limit 5
assert_eq "error sets: --limit goes with --elements" "$CTL_STATUS" "sets --limit without --elements"

note "sets: differences are flagged"
nft add element inet orchard orchard4 '{ 198.51.100.7 . tcp . 443 timeout 100s }'
nft delete element inet orchard orchard4 '{ 203.0.113.101 . tcp . 80 }'
ctl_ok sets orchard4
assert_eq "orchard4 (service): kernel 18, shadow 18, 2 difference(s): 1 missing in the kernel, \
1 only in the kernel, 0 timeout(s) differ" "$CTL_OUT" "sets: counts of the differences"
ctl_ok sets orchard4 --elements --limit 3
assert_eq 5 "$(wc -l <<<"$CTL_OUT")" "sets --limit 3: headline, 3 elements, the rest"
assert_line "$CTL_OUT" "^  \.\.\. 16 more \(sets orchard4 --elements --limit N\)$" "sets --limit 3"
ctl_ok sets orchard4 --elements
assert_line "$CTL_OUT" "^  198\\.51\\.100\\.7 \\. tcp \\. 443  kernel (9[5-9]|100) s, shadow -  ONLY IN KERNEL$" "sets"
assert_line "$CTL_OUT" "^  203\\.0\\.113\\.101 \\. tcp \\. 80  kernel -, shadow (29[5-9]|300) s  ONLY IN SHADOW" "sets"
ctl_ok sets --json
assert_eq "1 1 0 2" "$(jq -r '.[] | select(.set == "orchard4") |
  [.missing_in_kernel, .only_in_kernel, .timeout_differs, .differences] | join(" ")' \
  <<<"$CTL_OUT")" "sets --json: counts"
assert_eq "null" "$(jq -c '.[0].elements' <<<"$CTL_OUT")" "sets --json: no elements unless asked"
ctl_ok sets --elements --json
assert_eq "only-in-kernel only-in-shadow" "$(jq -r '[.[] | select(.set == "orchard4") | .elements[] |
  select(.state != "both") | .state] | sort | join(" ")' <<<"$CTL_OUT")" "states in sets --json"

note "why: name, row, elements in the kernel and until when"
ctl_ok why 203.0.113.101
assert_contains "$CTL_OUT" "name   1-courier.push.apple.com" "why"
assert_contains "$CTL_OUT" "rows   device-management *.push.apple.com" "why"
assert_line "$CTL_OUT" "^    orchard4 203\\.0\\.113\\.101 \\. tcp \\. 443: in the kernel, (29[5-9]|300) s left; held until 20[0-9-]+T[0-9:]+Z \\((29[5-9]|300) s\\)$" "why"
assert_contains "$CTL_OUT" "orchard4 203.0.113.101 . tcp . 80: NOT in the kernel; held until" "why"
assert_eq 4 "$(grep -c '^    orchard4 203.0.113.101 ' <<<"$CTL_OUT")" "why: elements of a push address"
ctl_ok why 203.0.113.13
assert_contains "$CTL_OUT" "orchard4 203.0.113.13 . udp . 123: in the kernel" "why time.apple.com"
ctl_ok why 0.0.0.0
assert_contains "$CTL_OUT" "NOT admitted: refused as sinkhole" "why 0.0.0.0"
ctl_ok why 192.0.2.77
assert_contains "$CTL_OUT" "never seen" "why an unknown address"
ctl why not-an-address
assert_eq "error not an address: 'not-an-address'" "$CTL_STATUS" "why garbage"

note "flush SET: kernel and shadow emptied; the next answer pushes again"
ctl_ok flush orchard4
assert_eq "flushed orchard4" "$CTL_OUT" "flush orchard4"
assert_eq "" "$(nft_keys orchard4)" "orchard4 after flush"
ctl_ok sets orchard4
assert_contains "$CTL_OUT" "orchard4 (service): kernel 0, shadow 0, 0 difference(s)" "sets after flush"
ctl_ok why 203.0.113.101
assert_contains "$CTL_OUT" "tcp . 443: NOT in the kernel; not held" "why after flush"
q_addrs 2-courier.push.apple.com >/dev/null
assert_eq "$(push_keys "$PUSH_ADDRS" "$PUSH_PORTS")" "$(nft_keys orchard4)" "orchard4 after a new answer"
q_addrs time.apple.com >/dev/null   # a cache hit: the shadow no longer covers it
assert_eq 18 "$(nft_keys orchard4 | wc -l)" "orchard4 after a cache hit for a flushed name"
ctl_ok flush
assert_eq "flushed orchard4
flushed orchard6" "$CTL_OUT" "flush (all dynamic sets)"
assert_eq "" "$(nft_keys orchard4)" "orchard4 after flush"
assert_eq 3 "$(nft -j list set inet orchard orchard4_blocks | jq '.nftables[1].set.elem | length')" \
  "static blocks untouched by flush"
ctl flush orchard4_blocks
assert_contains "$CTL_STATUS" "error flush: set orchard4_blocks is static" "flush a static set"
ctl flush nosuchset
assert_eq "error flush: no set 'nosuchset'" "$CTL_STATUS" "flush nosuchset"
ctl_ok help
assert_contains "$CTL_OUT" "flush [SET]" "help"
note "sets-e2e-control passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
