#!/usr/bin/env bash
# module-order.sh -- where the Orchard module goes in Unbound's module-config,
# checked with the real modules: each order the READMEs document must keep
# every module working and Orchard logging and admitting.
#
# Orchard watches answers through inplace reply callbacks, so it sees every
# answer wherever `dynlib` sits; what its place changes is the modules
# around it. Unbound 1.17's dns64 sets up its per-query state only when it
# is the first module, so:
#   dns64 dynlib validator iterator   AAAA synthesis and the reverse (PTR)
#                                     synthesis both work; Orchard logs the
#                                     synthesized AAAA and admits it
#   dynlib respip validator iterator  an RPZ rule still applies, and Orchard
#                                     logs the catalog name as blocked
#   dynlib validator iterator         the plain case
# and, for the record (not asserted: it is Unbound's behaviour), with
# `dynlib dns64 ...` the reverse synthesis stops.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"

require_unbound
require_module
require_cmd nsd
orchard_enter_netns "$0" "$@"
start_nsd

DNS64='    dns64-prefix: 64:ff9b::/96'
# 1-courier.push.apple.com has four A records (203.0.113.100-103), no AAAA.
SYNTH=64:ff9b::cb00:7164

# run_order MODULES EXTRA: starts Unbound with that module-config and server
# options, with a fresh outcome log.
run_order() {
  OLOG=$SCRATCH/outcomes-${1// /-}.jsonl
  write_orchard_conf "$SCRATCH/orchard.conf" "log-queries catalog"
  UB_MODULES=$1 UB_EXTRA=$2 start_orchard_unbound "$SCRATCH/orchard.conf"
  note "module-config: \"$1\""
}

# reverse_name ADDR: the name the PTR chain for ADDR ends at.
reverse_name() {
  _dig -x "$1" +short | tail -1
}

# --- dns64 first ----------------------------------------------------------------
run_order "dns64 dynlib validator iterator" "$DNS64"
expect_one_entry q_addrs 1-courier.push.apple.com AAAA
assert_contains "$LOGGED_OUT" "$SYNTH" "dns64: synthesized AAAA sent to the client"
assert_contains "$(jqe '[.addresses[].address] | join(" ")')" "$SYNTH" "dns64: logged AAAA"
assert_eq 4 "$(jqe .admitted)" "dns64: synthesized AAAA admitted"
assert_eq "1-courier.push.apple.com." "$(reverse_name "$SYNTH")" "dns64: reverse synthesis"
expect_one_entry q_addrs time.apple.com A
assert_eq 2 "$(jqe .admitted)" "dns64 order: an A answer"
stop_unbound

# --- respip (RPZ) after the module -----------------------------------------------
cat > "$SCRATCH/rpz.zone" <<'ZONE'
$TTL 60
@ IN SOA rpz.local. hostmaster.rpz.local. 1 3600 600 86400 30
@ IN NS  localhost.
xp.apple.com CNAME .
ZONE
run_order "dynlib respip validator iterator" "rpz:
    name: rpz.local.
    zonefile: $SCRATCH/rpz.zone"
assert_rcode NXDOMAIN xp.apple.com A
expect_one_entry q_rcode xp.apple.com A
assert_eq "blocked 3" "$(jqe '"\(.outcome) \(.rcode)"')" "respip: xp.apple.com logged blocked, NXDOMAIN"
expect_one_entry q_addrs time.apple.com A
assert_eq 2 "$(jqe .admitted)" "respip order: an A answer"
stop_unbound

# --- the plain order ------------------------------------------------------------
run_order "dynlib validator iterator" ""
expect_one_entry q_addrs time.apple.com A
assert_eq 2 "$(jqe .admitted)" "plain order: an A answer"
stop_unbound

# --- for the record: dynlib before dns64 ------------------------------------------
run_order "dynlib dns64 validator iterator" "$DNS64"
note "dynlib dns64: reverse of $SYNTH gives [$(reverse_name "$SYNTH")] (Unbound 1.17: none)"
stop_unbound
echo "PASS: module-order"
