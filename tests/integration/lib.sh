# shellcheck shell=bash
# tests/integration/lib.sh -- helpers for Orchard's integration tests and demo.
#
# Sourced (bash), never executed; safe under `set -euo pipefail`. A test is an
# executable bash script run by Automake's parallel harness (from the build
# directory, `srcdir` possibly set). Exit status: 0 pass, 77 skip (a reason is
# printed), anything else fail. A typical test:
#
#   #!/usr/bin/env bash
#   set -euo pipefail
#   . "$(dirname "$0")/lib.sh"
#   require_unbound
#   orchard_enter_netns "$0" "$@"      # re-runs this script in a private netns
#   start_nsd
#   UB_EXTRA='local-zone: "xp.apple.com." always_nxdomain' \
#     write_unbound_conf "$SCRATCH/unbound.conf"
#   start_unbound "$SCRATCH/unbound.conf"
#   assert_eq NXDOMAIN "$(q_rcode xp.apple.com)" "xp.apple.com is blocked"
#
# Paths (set on sourcing; override by exporting them first)
#   ORCHARD_SRCDIR       source tree root (derived from this file's location)
#   ORCHARD_BUILDDIR     build tree root: $abs_top_builddir, else ORCHARD_SRCDIR
#   ORCHARD_UNBOUND_DIR  contrib/build-unbound.sh output, default $ORCHARD_SRCDIR/.unbound
#   UNBOUND_SRC          $ORCHARD_UNBOUND_DIR/src (configured Unbound tree)
#   UNBOUND UNBOUND_CONTROL UNBOUND_CHECKCONF   binaries in UNBOUND_SRC
#   ORCHARD_ZONES        fixture zone files, default contrib/demo/zones/*.zone
#   ORCHARD_FIXTURE_ZONES  the zone names found there (space separated)
#   NSD_ADDR=127.0.0.53 (port 53)   RES_ADDR=127.0.0.1  RES_PORT=53
#   DEAD_ADDR=127.0.0.54 a server that is down: inside the netns a routing rule
#                        makes it unreachable, so sending to it fails at once
#                        and Unbound answers SERVFAIL within ~0.2 s, e.g.
#                        UB_EXTRA=$'stub-zone:\n name: "swscan.apple.com."\n stub-addr: 127.0.0.54@53'
#                        (a merely closed port would not do: Unbound ignores
#                        ICMP port-unreachable, retries with backoff, and past
#                        discard-timeout, 1900 ms in Debian's build, drops the
#                        query without any answer)
#   ORCHARD_KEEP=1       keep the scratch directory (its path is printed)
#
# Set by orchard_enter_netns / orchard_init
#   SCRATCH              per-test scratch directory (mktemp under ${TMPDIR:-/tmp})
#   NSD_PID UNBOUND_PID  processes started by start_nsd / start_unbound
#   UB_CONF UB_LOG       config and log file of the running Unbound
#   NSD_LOG              NSD's log file
#
# Functions
#   orchard_enter_netns "$0" "$@"  re-exec the script under `unshare -n` (as root;
#                         else `unshare -rn` in a user namespace) unless already
#                         inside; inside: lo up, DEAD_ADDR unreachable,
#                         scratch dir, cleanup trap.
#                         Skips (77) if no namespace can be made.
#   orchard_init         scratch dir + cleanup trap, for tests without a netns
#   orchard_in_netns     true inside the namespace made by orchard_enter_netns
#   add_fixture_addr A/P add a documentation-range address to lo (netns only)
#   require_cmd CMD...   skip (77) naming the missing commands
#   require_unbound      skip (77) unless the dynlib-enabled Unbound is built
#   start_nsd            serve ORCHARD_ZONES on 127.0.0.53:53; waits until every
#                        zone answers
#   write_nsd_conf FILE DIR   the NSD config start_nsd uses (state in DIR)
#   write_unbound_conf FILE   base resolver config, options as env variables:
#       UB_THREADS   num-threads (default 1)
#       UB_MODULES   module-config (default "iterator", "dynlib iterator" if UB_DYNLIB)
#       UB_DYNLIB    path of a dynlib .so: adds `dynlib: dynlib-file: PATH`
#       UB_VERBOSITY verbosity (default 1)
#       UB_EXTRA     config text appended at the end after a fresh `server:`
#                    line: server options (local-zone:, local-data: ...) work
#                    as is, and clauses (stub-zone:, forward-zone: ...) may follow
#     e.g. UB_THREADS=2 UB_DYNLIB=$so write_unbound_conf "$SCRATCH/ub.conf"
#     The base: interface RES_ADDR@RES_PORT, clients from 127/8 and the
#     documentation ranges allowed, one stub-zone per fixture zone
#     (stub-addr NSD_ADDR), no validator, qname-minimisation off, logfile and
#     pidfile in SCRATCH, remote control on the unix socket SCRATCH/unbound.ctl.
#     Later lines win for single-valued options, so UB_EXTRA can override
#     any of them. For SERVFAIL, point a stub-zone at DEAD_ADDR (see above).
#   start_unbound CONF   checkconf, run `$UNBOUND -d -c CONF` in the background,
#                        wait until it answers; fails with the log tail if it dies
#   stop_unbound         SIGTERM, wait (bounded); fails if Unbound crashed or
#                        exited non-zero
#   ubctl ARGS...        unbound-control for the running Unbound
#   q NAME [TYPE]        answer section as "name TYPE rdata" lines (no TTL,
#                        no class, single spaces; TYPE defaults to A)
#   q_short NAME [TYPE]  rdata only (CNAME targets, then addresses)
#   q_addrs NAME [TYPE]  the answer's A/AAAA addresses, sorted, one a line
#   q_rcode NAME [TYPE]  NOERROR, NXDOMAIN, SERVFAIL, REFUSED ... or TIMEOUT
#   q_ttl NAME [TYPE]    TTL of the last answer record
#     All take extra dig arguments after TYPE (e.g. CH, +tcp). Env options:
#     Q_SERVER (default RES_ADDR), Q_PORT (RES_PORT), Q_TIMEOUT seconds
#     (default 3, one try). All but q_rcode fail (with a message) when no
#     response came.
#   wait_until SECS CMD...   poll CMD every 0.1 s; false after SECS (integer)
#   on_exit CMD...       run CMD at exit, before the processes are stopped
#   note MSG             progress line ("# MSG") on stdout
#   fail MSG             "FAIL: MSG" on stderr, exit 1
#   skip MSG             "SKIP: MSG" on stdout, exit 77
#   assert_eq EXPECTED ACTUAL [WHAT]
#   assert_contains HAYSTACK NEEDLE [WHAT]
#   assert_not_contains HAYSTACK NEEDLE [WHAT]
#   assert_rcode RCODE NAME [TYPE]
#
# On failure (any exit but 0 and 77) the cleanup prints the tails of the NSD
# and Unbound logs, so the harness's .log file shows what the servers said.
# Every wait is bounded (10 s). `fail` inside $(...) only ends the subshell:
# call assertions at the top level of the test.

# --- paths -------------------------------------------------------------------
ORCHARD_SRCDIR=${ORCHARD_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
ORCHARD_BUILDDIR=${ORCHARD_BUILDDIR:-${abs_top_builddir:-$ORCHARD_SRCDIR}}
ORCHARD_UNBOUND_DIR=${ORCHARD_UNBOUND_DIR:-$ORCHARD_SRCDIR/.unbound}
UNBOUND_SRC=${UNBOUND_SRC:-$ORCHARD_UNBOUND_DIR/src}
UNBOUND=${UNBOUND:-$UNBOUND_SRC/unbound}
UNBOUND_CONTROL=${UNBOUND_CONTROL:-$UNBOUND_SRC/unbound-control}
UNBOUND_CHECKCONF=${UNBOUND_CHECKCONF:-$UNBOUND_SRC/unbound-checkconf}
ORCHARD_ZONES=${ORCHARD_ZONES:-$ORCHARD_SRCDIR/contrib/demo/zones}
ORCHARD_FIXTURE_ZONES=""
for _orchard_f in "$ORCHARD_ZONES"/*.zone; do
  if [[ -f $_orchard_f ]]; then
    _orchard_f=${_orchard_f##*/}
    ORCHARD_FIXTURE_ZONES+="${ORCHARD_FIXTURE_ZONES:+ }${_orchard_f%.zone}"
  fi
done
unset _orchard_f
NSD_ADDR=${NSD_ADDR:-127.0.0.53}
RES_ADDR=${RES_ADDR:-127.0.0.1}
RES_PORT=${RES_PORT:-53}
DEAD_ADDR=${DEAD_ADDR:-127.0.0.54}
ORCHARD_TEST=${ORCHARD_TEST:-${0##*/}}
ORCHARD_TEST=${ORCHARD_TEST%.sh}

# never inherited: a scratch dir belongs to the process that made it
SCRATCH=""
NSD_PID="" NSD_LOG="" UNBOUND_PID="" UB_CONF="" UB_LOG=""
_orchard_on_exit=()

# --- messages and assertions --------------------------------------------------
note() { printf '# %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }

assert_eq() {       # assert_eq EXPECTED ACTUAL [WHAT]
  [[ $1 == "$2" ]] ||
    fail "${3:-value}: expected [$1], got [$2]"
}
assert_contains() { # assert_contains HAYSTACK NEEDLE [WHAT]
  [[ $1 == *"$2"* ]] ||
    fail "${3:-output} does not contain [$2]; it was:"$'\n'"$1"
}
assert_not_contains() {
  [[ $1 != *"$2"* ]] ||
    fail "${3:-output} contains [$2], which it must not; it was:"$'\n'"$1"
}
assert_rcode() {    # assert_rcode RCODE NAME [TYPE]
  local got
  got=$(q_rcode "$2" "${3:-A}")
  [[ $got == "$1" ]] || fail "$2 ${3:-A}: expected rcode $1, got $got"
}

require_cmd() {
  local c missing=()
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  (( ${#missing[@]} == 0 )) || skip "missing command(s): ${missing[*]}"
}
require_unbound() {
  local b
  for b in "$UNBOUND" "$UNBOUND_CONTROL" "$UNBOUND_CHECKCONF"; do
    [[ -x $b ]] || skip "no $b (run contrib/build-unbound.sh)"
  done
  "$UNBOUND" -V 2>/dev/null | grep -Eq '^Linked modules:.*\bdynlib\b' ||
    skip "$UNBOUND lacks the dynlib module (run contrib/build-unbound.sh)"
}

# require_orchardctl: CTL is the built orchardctl (a test of it fails
# without one), reading the shipped catalog.
require_orchardctl() {
  CTL="$ORCHARD_BUILDDIR/orchardctl"
  [[ -x $CTL ]] || fail "no $CTL (build first)"
  export ORCHARD_CATALOG="$ORCHARD_SRCDIR/policy/catalog/apple.catalog"
}

# wait_until SECS CMD...: true as soon as CMD succeeds, false after SECS.
wait_until() {
  local secs=$1 i; shift
  for (( i = 0; i < secs * 10; i++ )); do
    "$@" && return 0
    sleep 0.1
  done
  "$@"
}

# --- scratch dir, cleanup -----------------------------------------------------
on_exit() { _orchard_on_exit+=("$*"); }

orchard_init() {
  [[ -n $SCRATCH && -d $SCRATCH ]] && return 0
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/orchard-$ORCHARD_TEST.XXXXXX")
  trap _orchard_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# _orchard_stop PID WHAT: SIGTERM, wait up to 5 s, then SIGKILL. Only ever
# signals the pid we started (NSD: its process group, see start_nsd).
_orchard_stop() {
  local pid=$1 target=$1 i
  [[ -n $pid ]] || return 0
  [[ ${3:-} == group ]] && target=-$pid
  kill -TERM -- "$target" 2>/dev/null || return 0
  for (( i = 0; i < 50; i++ )); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    printf '# %s (pid %s) ignored SIGTERM; killing it\n' "$2" "$pid" >&2
    kill -KILL -- "$target" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

_orchard_tail() {   # _orchard_tail FILE WHAT: last lines of a log, to stderr
  [[ -n $1 && -s $1 ]] || return 0
  printf -- '--- last 30 lines of %s (%s)\n' "$2" "$1" >&2
  tail -n 30 "$1" >&2
}

_orchard_cleanup() {
  local rc=$? i
  set +e
  for (( i = ${#_orchard_on_exit[@]} - 1; i >= 0; i-- )); do
    eval "${_orchard_on_exit[i]}"
  done
  if (( rc != 0 && rc != 77 )); then
    _orchard_tail "$UB_LOG" unbound
    _orchard_tail "$NSD_LOG" nsd
  fi
  _orchard_stop "$UNBOUND_PID" unbound
  _orchard_stop "$NSD_PID" nsd group
  if [[ -n $SCRATCH && -d $SCRATCH ]]; then
    if [[ ${ORCHARD_KEEP:-0} == 1 ]]; then
      printf '# kept scratch dir %s\n' "$SCRATCH" >&2
    else
      rm -rf "$SCRATCH"
    fi
  fi
  exit "$rc"
}

# --- network namespace --------------------------------------------------------
orchard_in_netns() {
  [[ -n ${ORCHARD_NETNS_ID:-} && $(readlink /proc/self/ns/net) == "$ORCHARD_NETNS_ID" ]]
}

# orchard_enter_netns "$0" "$@": see the header. The namespace is private to
# the test: NSD on 127.0.0.53:53 and Unbound on 127.0.0.1:53 of one test never
# meet another test's, and nftables/ipset state disappears with it.
orchard_enter_netns() {
  local script=$1; shift
  if ! orchard_in_netns; then
    command -v unshare >/dev/null || skip "unshare (util-linux) is not installed"
    command -v ip >/dev/null || skip "ip (iproute2) is not installed"
    local how=(-n) why
    if (( EUID != 0 )); then how=(-r -n); fi
    if ! why=$(unshare "${how[@]}" true 2>&1); then
      if (( EUID != 0 )); then
        skip "needs root, or user namespaces for 'unshare -rn' ($why)"
      fi
      skip "cannot create a network namespace with 'unshare -n' ($why)"
    fi
    # Record the new namespace's id in the environment, then run the script
    # again in it; orchard_in_netns compares it with /proc/self/ns/net.
    # shellcheck disable=SC2016  # expanded by the inner shell
    exec unshare "${how[@]}" -- "$BASH" -c \
      'ORCHARD_NETNS_ID=$(readlink /proc/self/ns/net) && export ORCHARD_NETNS_ID && exec "$BASH" "$@"' \
      orchard-netns "$script" "$@"
  fi
  ip link set lo up || fail "cannot bring lo up in the network namespace"
  # DEAD_ADDR: a rule ahead of the local table (moved from 0 to 10) makes it
  # unreachable, so sendto() fails at once instead of an ICMP error later.
  { ip rule add pref 10 lookup local && ip rule del pref 0 lookup local &&
    ip rule add pref 5 to "$DEAD_ADDR/32" unreachable; } ||
    fail "cannot make $DEAD_ADDR unreachable with ip rule"
  orchard_init
}

# add_fixture_addr ADDR/PLEN: only documentation addresses, only in our netns.
add_fixture_addr() {
  local a=$1
  orchard_in_netns || fail "add_fixture_addr $a: not inside the test's network namespace"
  case ${a%/*} in
    192.0.2.*|198.51.100.*|203.0.113.*)
      ip addr add "$a" dev lo || fail "ip addr add $a dev lo failed" ;;
    2001:[dD][bB]8:*|2001:0[dD][bB]8:*)
      ip -6 addr add "$a" dev lo nodad || fail "ip -6 addr add $a dev lo failed" ;;
    *) fail "add_fixture_addr $a: not a documentation address (RFC 5737/3849)" ;;
  esac
}

# --- queries ------------------------------------------------------------------
# _dig ARGS...: dig at Q_SERVER:Q_PORT, one try of Q_TIMEOUT seconds
# (-r: ignore ~/.digrc, whose options would change the output format).
_dig() {
  dig -r -p "${Q_PORT:-$RES_PORT}" @"${Q_SERVER:-$RES_ADDR}" +tries=1 +time="${Q_TIMEOUT:-3}" "$@"
}
# _dig_answer NAME TYPE DIGARGS...: like dig, but fails (with a message) when
# no response arrived. Prints dig's output.
_dig_answer() {
  local name=$1 type=${2:-A} out; shift; shift || true
  out=$(_dig "$name" "$type" +noall +comments +answer "$@") || true
  if [[ $out != *"->>HEADER<<-"* ]]; then
    printf 'q: no answer from %s:%s for %s %s within %ss\n' "${Q_SERVER:-$RES_ADDR}" \
      "${Q_PORT:-$RES_PORT}" "$name" "$type" "${Q_TIMEOUT:-3}" >&2
    return 1
  fi
  printf '%s\n' "$out"
}
q() {
  local out
  out=$(_dig_answer "$1" "${2:-A}" "${@:3}" +nottlid +noclass) || return 1
  awk '!/^;/ && NF { $1 = $1; print }' <<<"$out"
}
q_short() {
  local out
  out=$(_dig_answer "$1" "${2:-A}" "${@:3}" +nottlid +noclass) || return 1
  awk '!/^;/ && NF { $1 = $1; $1 = ""; $2 = ""; sub(/^ +/, ""); print }' <<<"$out"
}
q_addrs() {
  local out
  out=$(_dig_answer "$1" "${2:-A}" "${@:3}" +nottlid +noclass) || return 1
  awk '!/^;/ && ($2 == "A" || $2 == "AAAA") { print $3 }' <<<"$out" | sort -V
}
q_rcode() {
  local out
  out=$(_dig "$1" "${2:-A}" "${@:3}" +noall +comments 2>/dev/null) || true
  if [[ $out =~ status:\ ([A-Z]+) ]]; then echo "${BASH_REMATCH[1]}"; else echo TIMEOUT; fi
}
q_ttl() {
  local out
  out=$(_dig_answer "$1" "${2:-A}" "${@:3}" +noclass) || return 1
  awk '!/^;/ && NF { t = $2 } END { print t }' <<<"$out"
}

# --- NSD ----------------------------------------------------------------------
# write_nsd_conf FILE STATEDIR: serve every ORCHARD_ZONES/*.zone on NSD_ADDR:53.
write_nsd_conf() {
  local f=$1 d=$2 z
  mkdir -p "$d"
  {
    cat <<EOF
# NSD for Orchard's fixture zones (generated by tests/integration/lib.sh)
server:
    ip-address: $NSD_ADDR
    port: 53
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    database: ""
    zonelistfile: "$d/zone.list"
    xfrdfile: "$d/xfrd.state"
    xfrdir: "$d"
    pidfile: "$d/nsd.pid"
    logfile: "$d/nsd.log"
    verbosity: 1
    hide-version: yes
    minimal-responses: yes
    refuse-any: yes
    # Debian builds NSD with response rate limiting on (200 qps per /24):
    # loopback tests and benchmarks would get throttled.
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
EOF
    for z in $ORCHARD_FIXTURE_ZONES; do
      printf 'zone:\n    name: "%s"\n    zonefile: "%s"\n' "$z" "$ORCHARD_ZONES/$z.zone"
    done
  } > "$f"
}

_nsd_serves() {     # every fixture zone answers authoritatively
  local z out
  for z in $ORCHARD_FIXTURE_ZONES; do
    out=$(Q_SERVER=$NSD_ADDR Q_PORT=53 Q_TIMEOUT=1 _dig "$z" SOA +norecurse +noall +comments 2>/dev/null) || return 1
    [[ $out == *"status: NOERROR"* && $out =~ flags:[a-z\ ]*\ aa ]] || return 1
  done
}

start_nsd() {
  require_cmd nsd nsd-checkconf dig
  orchard_in_netns || fail "start_nsd: call orchard_enter_netns first (NSD binds 127.0.0.53:53)"
  [[ -n $ORCHARD_FIXTURE_ZONES ]] || fail "no zone files in $ORCHARD_ZONES"
  [[ -z $NSD_PID ]] || fail "start_nsd: NSD is already running (pid $NSD_PID)"
  local d=$SCRATCH/nsd out
  write_nsd_conf "$d/nsd.conf" "$d"
  out=$(nsd-checkconf "$d/nsd.conf" 2>&1) || fail "nsd-checkconf $d/nsd.conf: $out"
  NSD_LOG=$d/nsd.log
  # Its own process group: NSD forks a server and an xfrd child; stopping
  # the group stops all three (and nothing else).
  setsid nsd -d -c "$d/nsd.conf" >>"$NSD_LOG" 2>&1 </dev/null &
  NSD_PID=$!
  local i
  for (( i = 0; i < 100; i++ )); do
    kill -0 "$NSD_PID" 2>/dev/null || { wait "$NSD_PID" || true; NSD_PID=""
      fail "NSD exited during start-up"; }
    _nsd_serves && return 0
    sleep 0.1
  done
  fail "NSD did not serve all fixture zones on $NSD_ADDR:53 within 10 s"
}

# --- Unbound ------------------------------------------------------------------
write_unbound_conf() {
  local f=$1 d=${SCRATCH:?orchard_init or orchard_enter_netns first} z
  local mods=${UB_MODULES:-}
  [[ -n $mods ]] || { [[ -n ${UB_DYNLIB:-} ]] && mods="dynlib iterator" || mods=iterator; }
  {
    cat <<EOF
# Unbound for an Orchard integration test (generated by tests/integration/lib.sh)
server:
    interface: $RES_ADDR@$RES_PORT
    port: $RES_PORT
    # clients: loopback, and documentation addresses added with
    # add_fixture_addr (e.g. q NAME A -b 192.0.2.53)
    access-control: 127.0.0.0/8 allow
    access-control: 192.0.2.0/24 allow
    access-control: 198.51.100.0/24 allow
    access-control: 203.0.113.0/24 allow
    access-control: 2001:db8::/32 allow
    num-threads: ${UB_THREADS:-1}
    module-config: "$mods"
    do-daemonize: no
    chroot: ""
    username: ""
    directory: "$d"
    pidfile: "$d/unbound.pid"
    use-syslog: no
    logfile: "$d/unbound.log"
    log-time-ascii: yes
    verbosity: ${UB_VERBOSITY:-1}
    do-ip6: no
    # the fixture servers live on loopback addresses
    do-not-query-localhost: no
    qname-minimisation: no
    harden-glue: yes
    harden-below-nxdomain: yes
    harden-referral-path: no
    harden-dnssec-stripped: no
    # no validator: no trust anchors, no val-* options
EOF
    if [[ -n ${UB_DYNLIB:-} ]]; then
      printf 'dynlib:\n    dynlib-file: "%s"\n' "$UB_DYNLIB"
    fi
    cat <<EOF
remote-control:
    control-enable: yes
    control-interface: "$d/unbound.ctl"
    control-use-cert: no
EOF
    for z in $ORCHARD_FIXTURE_ZONES; do
      printf 'stub-zone:\n    name: "%s."\n    stub-addr: %s@53\n' "$z" "$NSD_ADDR"
    done
    if [[ -n ${UB_EXTRA:-} ]]; then
      printf '# --- UB_EXTRA\nserver:\n%s\n' "$UB_EXTRA"
    fi
  } > "$f"
}

_unbound_answers() {   # any answer at all: Unbound answers id.server CH TXT itself
  [[ $(Q_SERVER=$1 Q_PORT=$2 Q_TIMEOUT=1 q_rcode id.server TXT CH) != TIMEOUT ]]
}

start_unbound() {
  local conf=${1:?start_unbound CONF} out addr=$RES_ADDR port=$RES_PORT
  require_unbound
  require_cmd dig
  [[ -z $UNBOUND_PID ]] || fail "start_unbound: Unbound is already running (pid $UNBOUND_PID)"
  out=$("$UNBOUND_CHECKCONF" "$conf" 2>&1) || fail "unbound-checkconf $conf:"$'\n'"$out"
  # where it listens: the first "interface: ADDR@PORT" of the config
  if [[ $(grep -m1 -E '^[[:space:]]*interface:' "$conf") =~ interface:[[:space:]]*\"?([^@\"[:space:]]+)@([0-9]+) ]]; then
    addr=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]}
  fi
  UB_CONF=$conf
  UB_LOG=$(sed -nE 's/^[[:space:]]*logfile:[[:space:]]*"?([^"]*)"?[[:space:]]*$/\1/p' "$conf" | tail -n 1)
  UB_LOG=${UB_LOG:-$SCRATCH/unbound.log}
  "$UNBOUND" -d -c "$conf" >>"$UB_LOG" 2>&1 </dev/null &
  UNBOUND_PID=$!
  local i
  for (( i = 0; i < 100; i++ )); do
    if ! kill -0 "$UNBOUND_PID" 2>/dev/null; then
      local rc=0; wait "$UNBOUND_PID" || rc=$?
      UNBOUND_PID=""
      fail "Unbound exited during start-up (status $rc)"
    fi
    _unbound_answers "$addr" "$port" && return 0
    sleep 0.1
  done
  fail "Unbound did not answer on $addr:$port within 10 s"
}

stop_unbound() {
  [[ -n $UNBOUND_PID ]] || return 0
  local pid=$UNBOUND_PID rc=0 i
  UNBOUND_PID=""
  kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < 100; i++ )); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    fail "Unbound did not stop within 10 s of SIGTERM"
  fi
  wait "$pid" || rc=$?
  if (( rc != 0 )); then
    fail "Unbound exited with status $rc$( ((rc > 128)) && echo " (signal $((rc - 128)))")"
  fi
}

ubctl() {
  [[ -n $UB_CONF ]] || fail "ubctl: no Unbound started"
  "$UNBOUND_CONTROL" -c "$UB_CONF" "$@"
}
