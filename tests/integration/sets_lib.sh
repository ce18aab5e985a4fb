# tests/integration/sets_lib.sh -- shared steps of the firewall set tests
# (sets-*.sh). Sourced after lib.sh, inside the namespace. Runs
# feeder-driver (policy/sets/feeder.hh without a resolver) as a coprocess.
#
#   sets_conf BACKEND FILE      orchard.conf with `sets BACKEND`
#   driver_start CONF           start feeder-driver on CONF
#   drv CMD...                  send one command (no answer expected)
#   drv_ask CMD                 send a command; its one-line answer in ANSWER
#   stat_of NAME                one counter from `stats`, in STAT
# (coprocess pipes are closed in subshells: never call these inside $(...))

ORCHARDCTL=${ORCHARDCTL:-$ORCHARD_BUILDDIR/orchardctl}
FEEDER_DRIVER=${FEEDER_DRIVER:-$ORCHARD_BUILDDIR/tests/integration/feeder-driver}
CATALOG=${ORCHARD_CATALOG:-$ORCHARD_SRCDIR/policy/catalog/apple.catalog}

require_sets_tools() {
  [[ $(id -u) == 0 ]] || skip "needs root for real kernel sets in a namespace"
  [[ -x $FEEDER_DRIVER ]] || skip "feeder-driver not built (make check builds it)"
  [[ -x $ORCHARDCTL ]] || skip "orchardctl not built"
}

sets_conf() {
  cat >"$2" <<CONF
catalog $CATALOG
log none
sets $1
CONF
}

driver_start() {
  coproc DRV { exec "$FEEDER_DRIVER" "$1" 2>>"$SCRATCH/driver.err"; }
  DRV_PID=$DRV_PID
  on_exit "kill $DRV_PID 2>/dev/null || true"
}

drv() { printf '%s\n' "$*" >&"${DRV[1]}"; }

drv_ask() {
  drv "$@"
  IFS= read -r -t 10 ANSWER <&"${DRV[0]}" || fail "feeder-driver did not answer '$*' (dead?)"
}

stat_of() {
  drv_ask stats
  STAT=$(tr ' ' '\n' <<<"$ANSWER" | sed -n "s/^$1=//p")
}

# ms since the epoch
now_ms() { date +%s%3N; }
