#!/usr/bin/env bash
# harness-smoke.sh -- proves the integration harness itself works, before any
# Orchard code is involved: a private network namespace, NSD serving the
# fixture zones, and the project's Unbound (plain "iterator", no Orchard
# module) resolving them through stub-zones.
#
# Phase 1, base config: every catalog host resolves; CNAME chains end in the
#   CDN edges; wildcards and their apex; NXDOMAIN; look-alikes and the control
#   zone; remote control; a clean shutdown.
# Phase 2, UB_EXTRA hook: local-zone always_nxdomain and redirect answers, and
#   SERVFAIL (in bounded time) from a stub-zone whose server does not exist.
set -euo pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

require_unbound
require_cmd nsd dig ip
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)

# --- fixtures ------------------------------------------------------------------
add_fixture_addr 192.0.2.53/32
assert_contains "$(ip -4 addr show dev lo)" "192.0.2.53/32" "lo addresses"
start_nsd
note "NSD serves $(wc -w <<<"$ORCHARD_FIXTURE_ZONES") zones on $NSD_ADDR:53"

# --- phase 1: base configuration -------------------------------------------------
write_unbound_conf "$SCRATCH/base.conf"
start_unbound "$SCRATCH/base.conf"
assert_contains "$(ubctl status)" "is running" "unbound-control status"
# a client on a fixture address (add_fixture_addr above)
assert_eq "203.0.113.10" "$(q_addrs albert.apple.com A -b 192.0.2.53)" "query from 192.0.2.53"

# Every host of the catalog (wildcards through a sample label) resolves to
# documentation addresses.
catalog="albert captive gs time-ios time time-macos 1-courier.push gdmf
  deviceenrollment deviceservices-external identity iprofiles mdmenrollment
  vpp.itunes appldnld gg gnf-mdn gnf-mr ig mesu ns.itunes oscdn osrecovery skl
  swcdn swdist swdownload swpost swscan xp a.itunes b.apps itunes ppq
  lcdn-registration crl ocsp"
hosts=()
for h in $catalog; do hosts+=("$h.apple.com"); done
hosts+=(updates-http.cdn-apple.com updates.cdn-apple.com is1-ssl.mzstatic.com
        crl.entrust.net crl3.digicert.com crl4.digicert.com ocsp.digicert.com
        ocsp.entrust.net ocsp.verisign.net)
for h in "${hosts[@]}"; do
  addrs=$(q_addrs "$h")
  [[ -n $addrs ]] || fail "catalog host $h has no A record (rcode $(q_rcode "$h"))"
  while read -r a; do
    [[ $a == 198.51.100.* || $a == 203.0.113.* ]] ||
      fail "$h resolved to $a, outside the catalog's documentation blocks"
  done <<<"$addrs"
done
note "${#hosts[@]} catalog hosts resolve"

# A CNAME chain: apple.com -> akadns.example -> cdn.example edge.
chain=$(q mesu.apple.com A)
assert_contains "$chain" "mesu.apple.com. CNAME mesu.apple.com.akadns.example." "mesu chain"
assert_contains "$chain" "mesu.apple.com.akadns.example. CNAME e4.cdn.example." "mesu chain"
assert_eq "198.51.100.41 198.51.100.42 198.51.100.43" "$(q_addrs mesu.apple.com | xargs)" "mesu.apple.com A"
assert_eq "2001:db8:cd:4::1" "$(q_addrs mesu.apple.com AAAA | xargs)" "mesu.apple.com AAAA"
ttl=$(q_ttl mesu.apple.com A)
(( ttl <= 30 )) || fail "mesu.apple.com edge TTL $ttl > 30"
# The same chain via a wildcard CNAME, ending at an edge without AAAA.
assert_contains "$(q ns.itunes.apple.com)" "ns.itunes.apple.com. CNAME itunes.apple.com.akadns.example." "itunes wildcard"
assert_eq "" "$(q_addrs is1-ssl.mzstatic.com AAAA)" "is1-ssl.mzstatic.com AAAA (edge e12 has none)"
assert_rcode NOERROR is1-ssl.mzstatic.com AAAA

# Wildcard, deeper names, and the apex it does not cover.
push4="203.0.113.100 203.0.113.101 203.0.113.102 203.0.113.103"
assert_eq "$push4" "$(q_addrs 1-courier.push.apple.com | xargs)" "1-courier.push.apple.com A"
assert_eq "$push4" "$(q_addrs a.b.push.apple.com | xargs)" "a.b.push.apple.com A"
assert_eq "203.0.113.99" "$(q_addrs push.apple.com)" "push.apple.com (apex) A"
assert_contains "$(q 1-Courier.PUSH.apple.COM)" "203.0.113.100" "mixed-case query"

# Negative answers.
assert_rcode NXDOMAIN nosuch.apple.com
assert_rcode NXDOMAIN e99.cdn.example
assert_rcode NOERROR apps.apple.com       # empty non-terminal above *.apps

# Look-alikes and the control zone resolve (to their own blocks).
assert_eq "192.0.2.131" "$(q_addrs www.evilapple.com)" "www.evilapple.com"
assert_eq "192.0.2.140" "$(q_addrs apple.com.evil.example)" "apple.com.evil.example"
assert_eq "192.0.2.142" "$(q_addrs 1-courier.push.apple.com.evil.example)" "look-alike wildcard"
assert_eq "192.0.2.1 192.0.2.2" "$(q_addrs random-label.example.org | xargs)" "example.org wildcard"
assert_contains "$(q to-apple.example.org)" "e4.cdn.example. A 198.51.100.41" "CNAME into the catalog"

# xp.apple.com resolves normally before phase 2 blocks it.
assert_eq "198.51.100.81 198.51.100.82 198.51.100.83 198.51.100.84" \
  "$(q_addrs xp.apple.com | xargs)" "xp.apple.com before blocking"
stop_unbound
note "phase 1 passed; Unbound stopped cleanly"

# --- phase 2: the UB_EXTRA hook -------------------------------------------------
UB_EXTRA='    local-zone: "xp.apple.com." always_nxdomain
    local-zone: "gdmf.apple.com." redirect
    local-data: "gdmf.apple.com. 60 IN A 0.0.0.0"
stub-zone:
    name: "dead.example.org."
    stub-addr: '"$DEAD_ADDR"'@53' \
  write_unbound_conf "$SCRATCH/extra.conf"
start_unbound "$SCRATCH/extra.conf"

assert_rcode NXDOMAIN xp.apple.com
assert_rcode NXDOMAIN sub.xp.apple.com
assert_eq "0.0.0.0" "$(q_addrs gdmf.apple.com)" "gdmf.apple.com redirected"
assert_eq "0.0.0.0" "$(q_addrs deep.gdmf.apple.com)" "below a redirect zone"
assert_eq "gdmf.apple.com. A 0.0.0.0" "$(q gdmf.apple.com)" "redirect answer has no CNAME"
assert_eq "203.0.113.17" "$(q_addrs deviceenrollment.apple.com)" "neighbour unaffected"

t0=$(date +%s%N)
rc=$(Q_TIMEOUT=5 q_rcode www.dead.example.org)
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
assert_eq SERVFAIL "$rc" "www.dead.example.org (stub server $DEAD_ADDR is down)"
(( ms < 1900 )) || fail "SERVFAIL took ${ms} ms"
note "SERVFAIL from the dead stub after ${ms} ms"
t0=$(date +%s%N)
assert_rcode SERVFAIL other.dead.example.org
note "second SERVFAIL (server known down) after $(( ($(date +%s%N) - t0) / 1000000 )) ms"

stop_unbound
note "harness-smoke passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
