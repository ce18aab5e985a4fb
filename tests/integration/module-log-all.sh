#!/usr/bin/env bash
# module-log-all.sh -- `log-queries all` with the Orchard module in a real
# Unbound, answering from NSD in a private network namespace: names outside
# the catalog (look-alikes, other apple.com hosts) are logged with no rows
# and "admitted": 0, resolved and from the cache alike, since nothing enters
# a firewall set for a name without a catalog row (a reader counting
# admitted > 0 must not count look-alikes); a catalog answer's "admitted"
# still counts its addresses fit for sets.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"

require_unbound
require_module
require_cmd nsd
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
start_nsd
write_orchard_conf "$SCRATCH/orchard.conf" "log-queries all"
start_orchard_unbound "$SCRATCH/orchard.conf"

note "names outside the catalog: logged, nothing admitted"
for name in www.evilapple.com apple.com.evil.example 1-courier.push.apple.com.evil.example \
  www.apple.com; do
  for source in resolved cache cache; do
    expect_one_entry q_addrs "$name"
    [[ -n $LOGGED_OUT ]] || fail "$name: no address (the fixture answers it)"
    assert_eq "$source [] answered $(wc -l <<<"$LOGGED_OUT") 0" \
      "$(jqe '"\(.source) \(.rows) \(.outcome) \(.addresses | length) \(.admitted)"')" "$name ($source)"
  done
done

note "catalog names: every routable address admitted"
for source in resolved cache; do
  expect_one_entry q_addrs 1-courier.push.apple.com
  assert_eq "$source answered 4 4" \
    "$(jqe '"\(.source) \(.outcome) \(.addresses | length) \(.admitted)"')" "1-courier.push.apple.com"
  expect_one_entry q_addrs time.apple.com
  assert_eq "$source answered 2 2" \
    "$(jqe '"\(.source) \(.outcome) \(.addresses | length) \(.admitted)"')" "time.apple.com"
done
stop_unbound
note "module-log-all passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
