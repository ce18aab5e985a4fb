# shellcheck shell=bash
# tests/integration/sets_e2e_lib.sh -- shared steps of the end-to-end set
# tests (sets-e2e-*.sh): the real Unbound with the Orchard module, NSD with
# the fixture zones, and real kernel sets, all in the test's private network
# namespace. Sourced after lib.sh and module-lib.sh.
#
#   require_e2e BACKEND          skip (77) unless root, the module, orchardctl,
#                                socat and the backend's tool (nft|ipset) exist
#   e2e_conf FILE BACKEND [LINE...]  orchard.conf: shipped catalog, outcome
#                                log, `sets BACKEND`, control socket CTL_SOCK
#   load_nft_ruleset [GEN-ARGS...]  `orchardctl gen nftables` (output hook,
#                                accept unless GEN-ARGS say otherwise) into
#                                $SCRATCH/o.nft, then nft -f it
#   load_ipset_sets              `orchardctl gen ipset` into $SCRATCH/o.ipset,
#                                then ipset restore
#   nft_keys SET                 "addr proto port" lines of an nft set, sorted
#   nft_elements SET             "addr proto port timeout expires" lines
#   ipset_keys SET               "addr,proto:port" lines of an ipset, sorted
#   ipset_elements SET           "addr,proto:port timeout N" lines
#   ctl CMD...                   one control request (socat); sets CTL_STATUS
#                                (the answer's first line) and CTL_OUT (data)
#   ctl_ok CMD...                ctl, and fail unless the answer is ok
#   push_keys ADDRS PORTS        the expected "addr proto port" lines (tcp)
#   assert_line TEXT REGEX WHAT  some line of TEXT matches the extended REGEX
#
# Queries go through lib.sh's q/q_addrs; the module pushes before it answers,
# so a set is checked right after the answer, without waiting.
ORCHARDCTL=${ORCHARDCTL:-$ORCHARD_BUILDDIR/orchardctl}
CTL_SOCK=""
# what *.push.apple.com answers in the fixture zones, and its catalog ports
# shellcheck disable=SC2034  # used by the scripts that source this file
PUSH_ADDRS="203.0.113.100 203.0.113.101 203.0.113.102 203.0.113.103" PUSH_PORTS="443 80 5223 2197"

require_e2e() {
  [[ $(id -u) == 0 ]] || skip "needs root for real kernel sets in a namespace"
  require_unbound
  require_module
  [[ -x $ORCHARDCTL ]] || skip "orchardctl not built"
  require_cmd nsd socat "$( [[ $1 == ipset ]] && echo ipset || echo nft)"
}

e2e_conf() {
  local f=$1 backend=$2; shift 2
  CTL_SOCK=$SCRATCH/orchard.sock
  write_orchard_conf "$f" "log-queries catalog" "sets $backend" \
    "control-socket $CTL_SOCK" "$@"
}

load_nft_ruleset() {
  "$ORCHARDCTL" gen nftables --catalog "$ORCHARD_CATALOG" --hook output --policy accept "$@" \
    >"$SCRATCH/o.nft" || fail "orchardctl gen nftables $*"
  nft -f "$SCRATCH/o.nft" || fail "the generated nftables ruleset does not load"
}

load_ipset_sets() {
  "$ORCHARDCTL" gen ipset --catalog "$ORCHARD_CATALOG" >"$SCRATCH/o.ipset" ||
    fail "orchardctl gen ipset"
  ipset restore -exist <"$SCRATCH/o.ipset" || fail "the generated ipset file does not load"
}

nft_elements() {
  nft -j list set inet orchard "$1" |
    jq -r '.nftables[1].set.elem // [] | .[] | .elem |
           "\(.val.concat[0]) \(.val.concat[1]) \(.val.concat[2]) \(.timeout) \(.expires)"' |
    sort -V
}
nft_keys() { nft_elements "$1" | cut -d' ' -f1-3; }

ipset_elements() { ipset save "$1" | sed -n "s/^add $1 //p" | sort -V; }
ipset_keys() { ipset_elements "$1" | cut -d' ' -f1; }

push_keys() {
  local a p
  for a in $1; do for p in $2; do echo "$a tcp $p"; done; done | sort -V
}

ctl() {
  local out
  out=$(printf '%s\n' "$*" | socat -t 5 - "UNIX-CONNECT:$CTL_SOCK" 2>&1) || true
  # drop the greeting, keep the status line and the data
  out=${out#orchard-control 1$'\n'}
  CTL_STATUS=${out%%$'\n'*}
  if [[ $out == *$'\n'* ]]; then CTL_OUT=${out#*$'\n'}; else CTL_OUT=""; fi
}

ctl_ok() {
  ctl "$@"
  [[ $CTL_STATUS == ok ]] || fail "control '$*': expected ok, got [$CTL_STATUS] $CTL_OUT"
}

assert_line() {
  grep -Eq -- "$2" <<<"$1" || fail "${3:-output}: no line matches [$2]; it was:"$'\n'"$1"
}
