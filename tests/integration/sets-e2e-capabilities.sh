#!/usr/bin/env bash
# sets-e2e-capabilities.sh -- least privilege, as contrib/systemd/
# unbound-orchard.conf sets it up: Unbound with the Orchard module runs as
# a non-root user (nobody) holding only CAP_NET_ADMIN and
# CAP_NET_BIND_SERVICE as ambient capabilities (capsh), inside the test's
# network namespace:
#   * with CAP_NET_ADMIN: the process is not root, its effective set is
#     exactly those two, and a catalog answer reaches the nftables set;
#   * without CAP_NET_ADMIN: DNS keeps answering, nothing reaches the set,
#     the failure is counted (`stats`, `status`) and logged once in
#     Unbound's log, naming the missing capability.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"
. "$(dirname "$0")/sets_e2e_lib.sh"
require_e2e nftables
require_cmd capsh
id nobody >/dev/null 2>&1 || skip "no user 'nobody'"
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
start_nsd
load_nft_ruleset
REAL_UNBOUND=$UNBOUND

# as_nobody CAPS: UNBOUND becomes a wrapper that runs the real Unbound as
# nobody with CAPS (e.g. cap_net_admin,cap_net_bind_service) ambient.
as_nobody() {
  cat >"$SCRATCH/unbound-capsh" <<EOF
#!/bin/bash
exec capsh --caps="$1+eip cap_setpcap,cap_setuid,cap_setgid+ep" --keep=1 --user=nobody \\
  --addamb="$1" -- -c 'exec "\$0" "\$@"' "$REAL_UNBOUND" "\$@"
EOF
  chmod 755 "$SCRATCH/unbound-capsh"
  UNBOUND=$SCRATCH/unbound-capsh
}

# run PHASE CAPS: a fresh Unbound as nobody with CAPS; files it writes
# (log, pid, sockets, outcome log) live in a directory nobody owns.
run() {
  local dir=$SCRATCH/$1
  mkdir -p "$dir" && chown nobody:nogroup "$dir" && chmod 755 "$SCRATCH"
  OLOG=$dir/outcomes.jsonl
  e2e_conf "$dir/orchard.conf" nftables
  sed -i "s|^control-socket .*|control-socket $dir/orchard.sock|" "$dir/orchard.conf"
  CTL_SOCK=$dir/orchard.sock
  as_nobody "$2"
  export ORCHARD_CONF=$dir/orchard.conf
  UB_DYNLIB=$ORCHARD_SO write_unbound_conf "$dir/unbound.conf"
  sed -i -e "s|\"$SCRATCH/unbound|\"$dir/unbound|g" -e "s|directory: \"$SCRATCH\"|directory: \"$dir\"|" \
    "$dir/unbound.conf"
  start_unbound "$dir/unbound.conf"
  assert_eq 65534 "$(awk '/^Uid:/ { print $3 }' "/proc/$UNBOUND_PID/status")" "$1: effective uid"
}

note "non-root with CAP_NET_ADMIN + CAP_NET_BIND_SERVICE: pushes work"
run with-net-admin cap_net_admin,cap_net_bind_service
assert_eq 0000000000001400 "$(awk '/^CapEff:/ { print $2 }' "/proc/$UNBOUND_PID/status")" \
  "effective capabilities (NET_ADMIN 12, NET_BIND_SERVICE 10)"
q_addrs 1-courier.push.apple.com >/dev/null
assert_eq "$(push_keys "$PUSH_ADDRS" "$PUSH_PORTS")" "$(nft_keys orchard4)" "orchard4"
ctl_ok stats
assert_contains "$CTL_OUT" "failures=0" "set failures with CAP_NET_ADMIN"
stop_unbound

note "non-root without CAP_NET_ADMIN: DNS answers, the failure is counted and logged"
nft -f "$SCRATCH/o.nft"   # empty sets again
run without-net-admin cap_net_bind_service
assert_eq 0000000000000400 "$(awk '/^CapEff:/ { print $2 }' "/proc/$UNBOUND_PID/status")" \
  "effective capabilities (NET_BIND_SERVICE only)"
assert_eq "$(tr ' ' '\n' <<<"$PUSH_ADDRS")" "$(q_addrs 2-courier.push.apple.com)" "answer"
assert_eq "203.0.113.13
203.0.113.14" "$(q_addrs time.apple.com)" "answer"
assert_eq "" "$(nft_keys orchard4)" "orchard4 without CAP_NET_ADMIN"
ctl_ok stats
[[ $CTL_OUT =~ failures=([0-9]+) ]] && (( BASH_REMATCH[1] > 0 )) || fail "failure not counted: $CTL_OUT"
ctl_ok status
assert_contains "$CTL_OUT" "CAP_NET_ADMIN" "status names the missing capability"
grep -q "error: orchard: firewall sets: .*Operation not permitted (the resolver needs CAP_NET_ADMIN)" \
  "$UB_LOG" || fail "no CAP_NET_ADMIN error in Unbound's log"
n=$(grep -c "orchard: firewall sets:" "$UB_LOG")
(( n <= 2 )) || fail "the failure was logged $n times (rate limit: once per interval)"
stop_unbound
note "sets-e2e-capabilities passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
