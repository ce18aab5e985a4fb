#!/usr/bin/env bash
# verify.sh -- `orchardctl verify` against real servers in a private network
# namespace: NSD with the fixture zones, a reference Unbound (127.0.0.2), a
# site Unbound (127.0.0.1) that blocks, sinkholes, refuses and redirects some
# catalog names, TCP listeners on fixture addresses that accept some ports
# (the rest are refused), and a resolver that never answers (127.0.0.3).
#
#   * the whole catalog against the reference alone: every name ok, exit 0
#   * against the site with --reference --connect: blocked, sinkholed,
#     servfail (a REFUSED reaches libunbound as a failed server), differs
#     (a redirect to 192.0.2.80), open and refused ports, UDP not checked,
#     exit 1; the table has the same verdicts
#   * a silent resolver: timeout within the --timeout bound, exit 1
#   * usage errors exit 2
set -euo pipefail
. "$(dirname "$0")/lib.sh"

require_unbound
require_cmd nsd dig ip jq ncat ss
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
require_orchardctl
start_nsd

# --- servers ---------------------------------------------------------------------------
start_bg() {  # start_bg LOG CMD...: a background process stopped at exit
  "${@:2}" >>"$1" 2>&1 </dev/null &
  local pid=$!
  on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
}
REF=127.0.0.2
mkdir -p "$SCRATCH/ref"
SCRATCH=$SCRATCH/ref RES_ADDR=$REF write_unbound_conf "$SCRATCH/ref/unbound.conf"
start_bg "$SCRATCH/ref/unbound.log" "$UNBOUND" -d -c "$SCRATCH/ref/unbound.conf"
wait_until 10 _unbound_answers "$REF" 53 || fail "the reference Unbound did not start"

UB_EXTRA='    local-zone: "xp.apple.com." always_nxdomain
    local-zone: "gdmf.apple.com." redirect
    local-data: "gdmf.apple.com. A 0.0.0.0"
    local-zone: "ppq.apple.com." always_refuse
    local-zone: "albert.apple.com." redirect
    local-data: "albert.apple.com. A 192.0.2.80"' write_unbound_conf "$SCRATCH/site.conf"
start_unbound "$SCRATCH/site.conf"

# albert.apple.com (tcp 443) -> 192.0.2.80, listening on 443;
# captive.apple.com (tcp 443, 80) -> 203.0.113.11 (listening on 443 only) and
# 203.0.113.12 (not on this host: unreachable).
add_fixture_addr 192.0.2.80/32
add_fixture_addr 203.0.113.11/32
start_bg "$SCRATCH/l1.log" ncat -l -k 192.0.2.80 443
start_bg "$SCRATCH/l2.log" ncat -l -k 203.0.113.11 443
wait_until 5 bash -c '[[ $(ss -ltnH "( sport = :443 )" | wc -l) -eq 2 ]]' || fail "listeners did not start"
# A resolver that reads queries and never answers.
start_bg "$SCRATCH/silent.log" ncat -u -l -k 127.0.0.3 53

# --- the whole catalog through the reference: all ok -------------------------------------
"$CTL" verify --resolver "$REF" --format json >"$SCRATCH/ref.json" || fail "verify of the reference failed"
assert_eq 0 "$(jq '[.names[] | select(.status != "ok")] | length' "$SCRATCH/ref.json")" "names not ok"
assert_eq 54 "$(jq '.names | length' "$SCRATCH/ref.json")" "names checked (hosts + wildcard samples)"
assert_eq "203.0.113.100 203.0.113.101 203.0.113.102 203.0.113.103" "$(jq -r '.names[] | select(.name == "1-courier.push.apple.com") | .site.a.addresses | sort | join(" ")' "$SCRATCH/ref.json")" "wildcard sample"
assert_eq "e4.cdn.example" "$(jq -r '.names[] | select(.name == "mesu.apple.com") | .site.a.canonical' "$SCRATCH/ref.json")" "end of the CNAME chain"

# --- the blocking site resolver, with the reference and --connect --------------------------
names=(albert.apple.com captive.apple.com xp.apple.com gdmf.apple.com ppq.apple.com
       time.apple.com mesu.apple.com '*.push.apple.com')
set +e
"$CTL" verify --resolver "$RES_ADDR@$RES_PORT" --reference "$REF@53" --connect --timeout 2 \
  --parallel 4 --format json "${names[@]}" >"$SCRATCH/site.json"
rc=$?
set -e
assert_eq 1 "$rc" "exit status when checks fail"
st() { jq -r --arg n "$1" '.names[] | select(.name == $n) | .status' "$SCRATCH/site.json"; }
port() { jq -r --arg n "$1" --argjson p "$2" '.names[] | select(.name == $n) | .ports[] | select(.port == $p) | .result' "$SCRATCH/site.json"; }
assert_eq blocked "$(st xp.apple.com)" "xp.apple.com"
assert_eq sinkholed "$(st gdmf.apple.com)" "gdmf.apple.com"
assert_eq servfail "$(st ppq.apple.com)" "ppq.apple.com (REFUSED by the site)"
assert_eq differs "$(st albert.apple.com)" "albert.apple.com (redirected)"
assert_eq ok "$(st captive.apple.com)" "captive.apple.com"
assert_eq ok "$(st 1-courier.push.apple.com)" "a *.push.apple.com sample"
assert_eq open "$(port albert.apple.com 443)" "albert.apple.com tcp/443"
assert_eq open "$(port captive.apple.com 443)" "captive.apple.com tcp/443"
assert_eq refused "$(port captive.apple.com 80)" "captive.apple.com tcp/80"
assert_eq "not checked" "$(port time.apple.com 123)" "time.apple.com udp/123"
assert_eq unreachable "$(port mesu.apple.com 443)" "mesu.apple.com tcp/443 (no route)"
assert_eq skipped "$(port xp.apple.com 443)" "xp.apple.com tcp/443 (no address)"
assert_eq 11 "$(jq '.names | length' "$SCRATCH/site.json")" "names (the wildcard has 4 samples)"

# the table says the same
set +e
table=$("$CTL" verify --resolver "$RES_ADDR" --reference "$REF" --connect --timeout 2 \
  xp.apple.com captive.apple.com 2>"$SCRATCH/stderr")
set -e
assert_contains "$table" "REFERENCE" "table header"
assert_contains "$(grep '^xp.apple.com ' <<<"$table")" "blocked" "table row xp"
assert_contains "$(grep '^captive.apple.com ' <<<"$table")" "tcp/80 refused" "table row captive"
assert_contains "$table" "FAILED" "table summary"
assert_eq "" "$(cat "$SCRATCH/stderr")" "stderr (no progress bar off a terminal)"

# --- a resolver that never answers: timeout, bounded ---------------------------------------
t0=$(date +%s%N)
set +e
"$CTL" verify --resolver 127.0.0.3 --timeout 1 --format json xp.apple.com gs.apple.com >"$SCRATCH/silent.json"
rc=$?
set -e
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
assert_eq 1 "$rc" "exit status with a silent resolver"
assert_eq "timeout timeout" "$(jq -r '[.names[].status] | join(" ")' "$SCRATCH/silent.json")" "statuses"
(( ms < 4000 )) || fail "timeouts took $ms ms with --timeout 1"

# --- usage errors ---------------------------------------------------------------------------
set +e
"$CTL" verify >/dev/null 2>&1; rc1=$?
"$CTL" verify --resolver 127.0.0.1@0 >/dev/null 2>&1; rc2=$?
"$CTL" verify --resolver 127.0.0.1 no.such.name >/dev/null 2>&1; rc3=$?
set -e
assert_eq "2 2 2" "$rc1 $rc2 $rc3" "usage errors"
stop_unbound
note "verify passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
