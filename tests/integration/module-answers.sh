#!/usr/bin/env bash
# module-answers.sh -- the Orchard module in a real Unbound, answering from a
# real NSD serving the fixture zones, inside a private network namespace:
# every kind of answer a catalog name can get is logged once, with the right
# source, outcome, rcode, CNAME chain, addresses and TTLs; names outside the
# catalog (look-alikes included) are not logged (log-queries catalog).
#
#   cache miss then hit  source resolved, then cache; TTLs relative and
#                        equal to what the client got (the cache holds
#                        absolute expiry times)
#   repeated cache hits  30 in a row: each logged in full with its own TTL
#   CNAME chain          mesu.apple.com -> akadns.example -> e4.cdn.example
#   wildcard, UPPER case *.push.apple.com
#   look-alikes          evilapple.com, apple.com.evil.example: not logged
#   NXDOMAIN             a site-file host the zone does not have; again from
#                        the cache (the cache callback's rcode argument is the
#                        query's, the module must take the reply's)
#   SERVFAIL             a catalog host whose authoritative server is down
#   blocked              local-zone always_nxdomain; redirect to 0.0.0.0
#   reload               unbound-control reload re-runs deinit and init
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"

require_unbound
require_module
require_cmd nsd
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)

start_nsd
cat > "$SCRATCH/site.catalog" <<'SITE'
section site title="Site additions" title-ja="サイト追加"
host site retired.apple.com proto=tcp ports=443 os=ios
SITE
write_orchard_conf "$SCRATCH/orchard.conf" "site $SCRATCH/site.catalog" "log-queries catalog"
UB_EXTRA='    local-zone: "xp.apple.com." always_nxdomain
    local-zone: "gdmf.apple.com." redirect
    local-data: "gdmf.apple.com. 60 IN A 0.0.0.0"
stub-zone:
    name: "swscan.apple.com."
    stub-addr: 127.0.0.54@53' \
  start_orchard_unbound "$SCRATCH/orchard.conf"
assert_contains "$(cat "$UB_LOG")" "orchard: started from $SCRATCH/orchard.conf" "unbound log"

# --- cache miss, then cache hit: a CNAME chain into the CDN zone --------------
expect_one_entry q_ttl mesu.apple.com A
miss=$ENTRY
assert_eq resolved "$(jqe .source)" "first mesu.apple.com: source"
assert_eq answered "$(jqe .outcome)" "mesu.apple.com: outcome"
assert_eq "mesu.apple.com A 0" "$(jqe '"\(.qname) \(.qtype) \(.rcode)"')" "mesu.apple.com: query"
assert_eq 127.0.0.1 "$(jqe .client)" "mesu.apple.com: client"
assert_eq 0 "$(jqe .thread)" "mesu.apple.com: thread"
assert_contains "$(jqe '.rows[] | "\(.section) \(.pattern)"')" " mesu.apple.com" "mesu.apple.com: rows"
assert_eq "mesu.apple.com.akadns.example e4.cdn.example" "$(jqe '.cnames | join(" ")')" \
  "mesu.apple.com: CNAME chain"
assert_eq "198.51.100.41 198.51.100.42 198.51.100.43" \
  "$(jqe '[.addresses[].address] | sort | join(" ")')" "mesu.apple.com: addresses"
assert_eq 3 "$(jqe .admitted)" "mesu.apple.com: admitted"
assert_eq "$LOGGED_OUT" "$(jqe '[.addresses[].ttl] | max')" "mesu.apple.com (miss): TTL logged = TTL sent"

sleep 1.1   # let the cached TTL count down: a cache hit must show less
expect_one_entry q_ttl mesu.apple.com A
assert_eq cache "$(jqe .source)" "second mesu.apple.com: source"
assert_eq answered "$(jqe .outcome)" "mesu.apple.com (hit): outcome"
assert_eq "$(jq -c '[.cnames, ([.addresses[].address] | sort)]' <<<"$miss")" \
  "$(jqe '[.cnames, ([.addresses[].address] | sort)]')" "hit and miss: same chain and addresses"
hit_ttl=$(jqe '[.addresses[].ttl] | max')
assert_eq "$LOGGED_OUT" "$hit_ttl" "mesu.apple.com (hit): TTL logged = TTL sent (relative)"
(( hit_ttl < $(jq '[.addresses[].ttl] | max' <<<"$miss") )) ||
  fail "cache-hit TTL $hit_ttl did not count down from the miss"
note "miss and hit of mesu.apple.com logged; hit TTL $hit_ttl"

# Repeated cache hits: within a second the module replays the outcome it
# remembered (module/answer_memo.hh); every one must still be logged in full,
# with the TTL that client was told.
ttls_of_hits() {   # over more than a second: the TTL counts down meanwhile
  local i
  for i in $(seq 30); do q_ttl mesu.apple.com A || return 1; sleep 0.05; done
}
logged_by ttls_of_hits
(( LOGGED_N == 30 )) || fail "30 cache hits: expected 30 log lines, got $LOGGED_N"
assert_eq "$LOGGED_OUT" "$(jq -r '[.addresses[].ttl] | max' <<<"$LOGGED")" \
  "30 cache hits: each TTL logged = TTL sent"
assert_eq 1 "$(jq -c '[.source, .outcome, .cnames, ([.addresses[].address] | sort), .admitted, .rows]' \
  <<<"$LOGGED" | sort -u | wc -l)" "30 cache hits: one outcome"
assert_eq "$(jq -c '[.source, .cnames, ([.addresses[].address] | sort), .admitted]' <<<"$ENTRY")" \
  "$(jq -c '[.source, .cnames, ([.addresses[].address] | sort), .admitted]' <<<"$LOGGED" | head -1)" \
  "30 cache hits: the outcome of the first hit"
note "30 repeated cache hits logged in full"

expect_one_entry q mesu.apple.com AAAA
assert_eq "AAAA resolved 2001:db8:cd:4::1" "$(jqe '"\(.qtype) \(.source) \([.addresses[].address] | join(" "))"')" \
  "mesu.apple.com AAAA (CNAMEs from the rrset cache)"

# --- wildcard, upper case ---------------------------------------------------------
expect_one_entry q 1-courier.push.apple.com
assert_eq "*.push.apple.com" "$(jqe '.rows[0].pattern')" "wildcard row"
assert_eq 4 "$(jqe '.addresses | length')" "1-courier.push.apple.com: addresses"
expect_one_entry q 7-Courier.PUSH.Apple.COM
assert_eq "7-courier.push.apple.com" "$(jqe '.qname | ascii_downcase')" "upper-case query logged"
assert_eq "*.push.apple.com answered 4" "$(jqe '"\(.rows[0].pattern) \(.outcome) \(.addresses | length)"')" \
  "upper-case query matched"
expect_one_entry q DeviceEnrollment.APPLE.com AAAA
assert_eq "answered 2001:db8:a::17" "$(jqe '"\(.outcome) \(.addresses[0].address)"')" "upper-case AAAA"

# --- names outside the catalog are not logged ---------------------------------------
for name in www.evilapple.com apple.com.evil.example 1-courier.push.apple.com.evil.example \
  www.apple.com push.apple.com random-label.example.org; do
  logged_by q "$name"
  (( LOGGED_N == 0 )) || fail "$name is not a catalog name but was logged:"$'\n'"$LOGGED"
done
note "look-alikes and non-catalog names not logged"

# --- NXDOMAIN, from the resolver and from the cache -----------------------------------
expect_one_entry q_rcode retired.apple.com
assert_eq NXDOMAIN "$LOGGED_OUT" "retired.apple.com rcode"
assert_eq "nxdomain 3 resolved site" "$(jqe '"\(.outcome) \(.rcode) \(.source) \(.rows[0].section)"')" \
  "retired.apple.com (miss)"
expect_one_entry q_rcode retired.apple.com
assert_eq "nxdomain 3 cache" "$(jqe '"\(.outcome) \(.rcode) \(.source)"')" "retired.apple.com (hit)"

# --- SERVFAIL: the authoritative server of swscan.apple.com is unreachable -----------
Q_TIMEOUT=15 expect_one_entry q_rcode swscan.apple.com
assert_eq SERVFAIL "$LOGGED_OUT" "swscan.apple.com rcode"
assert_eq "servfail 2 servfail" "$(jqe '"\(.outcome) \(.rcode) \(.source)"')" "swscan.apple.com"
assert_eq 0 "$(jqe '.addresses | length')" "swscan.apple.com: no addresses"

# --- blocked by local data ---------------------------------------------------------------
expect_one_entry q_rcode xp.apple.com
assert_eq NXDOMAIN "$LOGGED_OUT" "xp.apple.com rcode"
assert_eq "blocked 3 local" "$(jqe '"\(.outcome) \(.rcode) \(.source)"')" "xp.apple.com (always_nxdomain)"
note "xp.apple.com: $(jqe .reason)"
expect_one_entry q_addrs gdmf.apple.com
assert_eq 0.0.0.0 "$LOGGED_OUT" "gdmf.apple.com answer"
assert_eq "blocked 0 local 0.0.0.0 60 0" \
  "$(jqe '"\(.outcome) \(.rcode) \(.source) \(.addresses[0].address) \(.addresses[0].ttl) \(.admitted)"')" \
  "gdmf.apple.com (redirect to 0.0.0.0)"
assert_contains "$(jqe .reason)" "0.0.0.0" "gdmf.apple.com reason"

# --- a reload (deinit, init) re-reads the configuration and keeps logging ---------------
ubctl reload >/dev/null || fail "unbound-control reload failed"
wait_until 5 eval '[[ $(grep -c "orchard: started from" "$UB_LOG") == 2 ]]' ||
  fail "the module did not start again after unbound-control reload"
expect_one_entry q captive.apple.com
assert_eq "resolved answered" "$(jqe '"\(.source) \(.outcome)"')" "captive.apple.com after the reload"

# --- every line is one JSON object with every field; a clean stop -----------------------
stop_unbound
bad=$(jq -c 'select((has("time") and has("client") and has("qname") and has("qtype") and has("rows")
  and has("outcome") and has("reason") and has("rcode") and has("source") and has("cnames")
  and has("addresses") and has("thread")) | not)' "$OLOG") || fail "the outcome log is not JSON lines"
assert_eq "" "$bad" "lines missing fields"
summary=$(grep "orchard: outcome log:" "$UB_LOG" | tail -n 1) || fail "no outcome log summary in the Unbound log"
note "${summary#*info: }"
note "module-answers passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms ($(olog_lines) lines logged)"
