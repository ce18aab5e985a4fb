#!/usr/bin/env bash
# sets-e2e-reload.sh -- firewall reloads and a deleted set, with real
# Unbound, NSD and nftables, while queries continue (dnsperf, 200 qps of
# cached catalog names: cache hits the shadow table covers, so only the
# watcher can refill):
#   * `nft -f` of the generated ruleset empties the sets: they hold every
#     element again within one second, and no query goes unanswered;
#   * the set deleted: DNS still answers, the failure is counted (`stats`)
#     and logged in Unbound's log; the set recreated: the element answered
#     meanwhile and the earlier ones are pushed without new queries.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"
. "$(dirname "$0")/sets_e2e_lib.sh"
require_e2e nftables
require_cmd dnsperf
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
start_nsd
load_nft_ruleset
e2e_conf "$SCRATCH/orchard.conf" nftables
start_orchard_unbound "$SCRATCH/orchard.conf"

q_addrs 1-courier.push.apple.com >/dev/null
q_addrs time.apple.com >/dev/null
q_addrs time.apple.com AAAA >/dev/null
expected4=$(nft_keys orchard4) expected6=$(nft_keys orchard6)
assert_eq 18 "$(wc -l <<<"$expected4")" "orchard4 elements"
assert_eq 2 "$(wc -l <<<"$expected6")" "orchard6 elements"
printf '%s\n' "1-courier.push.apple.com A" "time.apple.com A" "time.apple.com AAAA" \
  >"$SCRATCH/cached.queries"
holds_all() { [[ $(nft_keys orchard4) == "$expected4" && $(nft_keys orchard6) == "$expected6" ]]; }
now_ms() { date +%s%3N; }

note "nft -f while queries continue: refilled within one second"
dnsperf -s "$RES_ADDR" -p "$RES_PORT" -d "$SCRATCH/cached.queries" -l 6 -Q 200 -c 2 \
  >"$SCRATCH/dnsperf.txt" 2>&1 &
perf=$!
sleep 1
for round in 1 2 3; do
  t0=$(now_ms)
  nft -f "$SCRATCH/o.nft"
  wait_until 2 holds_all || fail "round $round: sets not refilled within 2 s"
  ms=$(( $(now_ms) - t0 ))
  note "round $round: refilled in $ms ms"
  (( ms <= 1000 )) || fail "round $round: refill took $ms ms (> 1000)"
  sleep 0.5
done
wait "$perf" || fail "dnsperf failed: $(cat "$SCRATCH/dnsperf.txt")"
lost=$(sed -nE 's/^ *Queries lost: *([0-9]+).*/\1/p' "$SCRATCH/dnsperf.txt")
completed=$(sed -nE 's/^ *Queries completed: *([0-9]+).*/\1/p' "$SCRATCH/dnsperf.txt")
note "dnsperf: $completed answered, $lost lost during the reloads"
assert_eq 0 "$lost" "queries lost during reloads"

note "set deleted: DNS answers, the failure is counted and logged"
ctl_ok stats
failures0=$(sed -nE 's/.*failures=([0-9]+).*/\1/p' <<<"$CTL_OUT")
nft flush chain inet orchard output   # the rules refer to the set
nft delete set inet orchard orchard4
assert_eq "203.0.113.11
203.0.113.12" "$(q_addrs captive.apple.com)" "captive.apple.com while orchard4 is missing"
assert_eq NOERROR "$(q_rcode 7-courier.push.apple.com)" "a push name while orchard4 is missing"
ctl_ok stats
failures1=$(sed -nE 's/.*failures=([0-9]+).*/\1/p' <<<"$CTL_OUT")
(( failures1 > failures0 )) || fail "failures not counted ($failures0 -> $failures1)"
wait_until 2 grep -q "orchard: firewall sets: .*orchard4" "$UB_LOG" ||
  fail "the failure is not in Unbound's log"
status_says() { ctl_ok status; [[ $CTL_OUT == *"$1"* ]]; }
wait_until 2 status_says "nftables: 2/3 sets present" ||
  fail "status does not report orchard4 missing: $CTL_OUT"

note "set recreated: pushing resumes without new queries"
t0=$(now_ms)
nft -f "$SCRATCH/o.nft"
has_captive() { nft_keys orchard4 | grep -q "^203.0.113.12 tcp 443$"; }
wait_until 2 has_captive || fail "captive.apple.com's elements not pushed after the set came back"
note "pushed $(( $(now_ms) - t0 )) ms after the set came back"
assert_eq "$(sort -V <<<"$expected4
203.0.113.11 tcp 443
203.0.113.11 tcp 80
203.0.113.12 tcp 443
203.0.113.12 tcp 80")" "$(nft_keys orchard4)" "orchard4 after recreate"
note "sets-e2e-reload passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
