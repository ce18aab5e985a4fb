#!/usr/bin/env bash
# resolution-forward.sh -- the generated split-DNS forward zones bypass an
# internal view. A real Unbound (the site resolver) and a reference Unbound
# run in a private network namespace beside NSD and the fixture zones.
#
# The site's internal view answers wrongly for the catalog's zone and for
# the CDN zone its CNAME chains end in (local-zone redirect to 192.0.2.66 /
# 192.0.2.67). `gen unbound-forward --upstream` pointing at the reference,
# included after the view, makes every catalog name and its CNAME chain
# resolve exactly as the reference resolves it, while names outside the
# catalog keep the internal answer. Without the generated local zones
# (--no-local-zones) the forward zones alone do not help: local zones answer
# before forward zones are consulted.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

require_unbound
require_cmd nsd dig ip jq
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
require_orchardctl
start_nsd

# --- the reference resolver: plain Unbound on 127.0.0.2 --------------------------------
REF=127.0.0.2
mkdir -p "$SCRATCH/ref"
SCRATCH=$SCRATCH/ref RES_ADDR=$REF write_unbound_conf "$SCRATCH/ref/unbound.conf"
"$UNBOUND_CHECKCONF" "$SCRATCH/ref/unbound.conf" >/dev/null
"$UNBOUND" -d -c "$SCRATCH/ref/unbound.conf" >>"$SCRATCH/ref/unbound.log" 2>&1 </dev/null &
REF_PID=$!
on_exit "kill $REF_PID 2>/dev/null; wait $REF_PID 2>/dev/null"
wait_until 10 _unbound_answers "$REF" 53 || fail "the reference Unbound did not start"

answers() {  # answers NAME: the answer section, sorted (A and AAAA)
  q "$1" A | sort; q "$1" AAAA | sort
}
mapfile -t NAMES < <("$CTL" verify --resolver "$REF" --format json | jq -r '.names[].name')
declare -A BASE
targets="$SCRATCH/cnames.tsv"
for n in "${NAMES[@]}"; do
  BASE[$n]=$(Q_SERVER=$REF answers "$n")
  Q_SERVER=$REF q "$n" A | awk '$2 == "CNAME" { sub(/\.$/, "", $3); print $3 "\tx\t1\t1\t1" }'
done >"$targets"
note "${#NAMES[@]} names through the reference; $(wc -l <"$targets") CNAME targets"
# snapshot: every name's A and AAAA answers from one dig run, sorted; the
# common case (nothing differs) then costs one process, not one per name.
snapshot() {
  local n args=()
  for n in "${NAMES[@]}"; do args+=("$n" A "$n" AAAA); done
  _dig +noall +answer +nottlid +noclass "${args[@]}" | awk 'NF { $1 = $1; print }' | sort
}
# differing: the names whose answers differ from the baseline now.
differing() {
  local n bad=()
  [[ "$(snapshot)" == "$BASE_ALL" ]] && return 0
  for n in "${NAMES[@]}"; do [[ "$(answers "$n")" == "${BASE[$n]}" ]] || bad+=("$n"); done
  echo "${bad[*]}"
}
BASE_ALL=$(Q_SERVER=$REF snapshot)

# --- the site resolver's internal view ---------------------------------------------------
VIEW='    local-zone: "apple.com." redirect
    local-data: "apple.com. A 192.0.2.66"
    local-zone: "cdn.example." redirect
    local-data: "cdn.example. A 192.0.2.67"'
UB_EXTRA=$VIEW write_unbound_conf "$SCRATCH/view.conf"
start_unbound "$SCRATCH/view.conf"
assert_eq "192.0.2.66" "$(q_addrs xp.apple.com)" "xp.apple.com in the internal view"
assert_eq "192.0.2.67" "$(q_addrs e4.cdn.example)" "CDN edge in the internal view"
wrong=$(differing)
note "the internal view answers wrongly for $(wc -w <<<"$wrong") of ${#NAMES[@]} names"
stop_unbound

# --- forward zones without their local zones: not enough --------------------------------
"$CTL" gen unbound-forward --upstream "$REF@53" --cnames "$targets" --no-local-zones >"$SCRATCH/fwd-only.conf"
UB_EXTRA="$VIEW
include: \"$SCRATCH/fwd-only.conf\"" write_unbound_conf "$SCRATCH/fwd-only-site.conf"
start_unbound "$SCRATCH/fwd-only-site.conf"
assert_eq "192.0.2.66" "$(q_addrs xp.apple.com)" "forward zone alone vs a local-zone above it"
stop_unbound

# --- the generated file, included after the view ----------------------------------------
"$CTL" gen unbound-forward --upstream "$REF@53" --cnames "$targets" >"$SCRATCH/fwd.conf"
assert_contains "$(cat "$SCRATCH/fwd.conf")" 'name: "cdn.example."' "CNAME target zone forwarded"
UB_EXTRA="$VIEW
include: \"$SCRATCH/fwd.conf\"" write_unbound_conf "$SCRATCH/site.conf"
start_unbound "$SCRATCH/site.conf"
assert_eq "" "$(differing)" "names differing from the reference with the forward zones"
assert_eq "${BASE[mesu.apple.com]}" "$(answers mesu.apple.com)" "mesu.apple.com chain"
assert_eq "192.0.2.66" "$(q_addrs www.apple.com)" "a non-catalog name keeps the internal answer"
# A forward zone is a subtree: *.push.apple.com forwards push.apple.com, so
# the wildcard's apex (not a catalog name) comes from the reference too.
assert_eq "203.0.113.99" "$(q_addrs push.apple.com)" "the wildcard's apex, forwarded"
"$CTL" verify --resolver "$RES_ADDR@$RES_PORT" --reference "$REF" --format json >"$SCRATCH/v.json" ||
  fail "verify with the forward zones: $(jq -c '[.names[] | select(.failed) | .name]' "$SCRATCH/v.json")"
assert_eq 0 "$(jq '[.names[] | select(.status != "ok")] | length' "$SCRATCH/v.json")" "verify: all ok"
stop_unbound
note "resolution-forward passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
