#!/usr/bin/env bash
# sets-e2e-connect.sh -- a drop-by-default firewall lets a client connect to
# an address only after resolving a catalog name that maps to it.
#
# The namespace's nftables ruleset is `orchardctl gen nftables --hook output
# --policy drop` (established/related, then one accept rule per Orchard set)
# plus one rule for the resolver's own traffic on 127/8. Listeners on the
# fixture addresses of *.push.apple.com (203.0.113.100-103, tcp 443 and
# 5223), of www.apple.com and time.apple.com run in resolve_connect.py,
# which checks the negative controls and then makes 1,000 attempts: flush
# orchard4 over the control socket, resolve a unique push label, connect at
# once; every attempt must succeed on the first try.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"
. "$(dirname "$0")/sets_e2e_lib.sh"
require_e2e nftables
require_cmd python3
ATTEMPTS=${ATTEMPTS:-1000}
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
for a in 203.0.113.100 203.0.113.101 203.0.113.102 203.0.113.103 203.0.113.50 203.0.113.13; do
  add_fixture_addr "$a/32"
done
start_nsd
e2e_conf "$SCRATCH/orchard.conf" nftables
start_orchard_unbound "$SCRATCH/orchard.conf"

"$ORCHARDCTL" gen nftables --catalog "$ORCHARD_CATALOG" --hook output --policy drop \
  >"$SCRATCH/o.nft" || fail "orchardctl gen nftables"
{
  cat "$SCRATCH/o.nft"
  echo "# the test's own: the resolver, NSD and dig on loopback"
  echo "add rule inet orchard output ip daddr 127.0.0.0/8 accept"
} >"$SCRATCH/drop.nft"
nft -f "$SCRATCH/drop.nft" || fail "the drop-by-default ruleset does not load"
nft list chain inet orchard output | grep -q "policy drop" || fail "output chain is not policy drop"
assert_eq NOERROR "$(q_rcode time.apple.com)" "DNS through the drop-by-default ruleset"

timeout 120 python3 "$(dirname "$0")/resolve_connect.py" "$CTL_SOCK" "$RES_ADDR" "$ATTEMPTS" \
  203.0.113.100:443,5223,8443 203.0.113.101:443,5223 203.0.113.102:443,5223 \
  203.0.113.103:443,5223 203.0.113.50:443 203.0.113.13:123 ||
  fail "resolve-then-connect failed (see above)"
ctl_ok stats
note "sets-e2e-connect passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
