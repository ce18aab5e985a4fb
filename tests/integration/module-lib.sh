# tests/integration/module-lib.sh -- helpers for the module-*.sh tests: the
# Orchard module loaded into the project's Unbound, its configuration file,
# and assertions on its outcome log (JSON lines, read with jq).
#
# Sourced after lib.sh (not a test itself). Functions:
#   require_module           skip (77) unless orchard.so is built and jq exists;
#                            a sanitizer build of orchard.so makes $UNBOUND run
#                            through unbound-preload.sh (the runtimes preloaded)
#   write_orchard_conf FILE [LINE...]  an orchard.conf: the shipped catalog,
#                            log file $OLOG, then the given lines (they
#                            override: log-queries all, site PATH ...)
#   start_orchard_unbound CONF  ORCHARD_CONF=CONF, then start_unbound on a
#                            config written from UB_* (UB_DYNLIB = the module)
#   olog_lines               lines in the outcome log so far
#   logged_by CMD...         runs CMD (a query; its stdout goes to LOGGED_OUT),
#                            then a marker query, waits for the marker's line,
#                            and sets LOGGED (the JSON lines CMD caused, marker
#                            excluded) and LOGGED_N (how many)
#   expect_one_entry CMD...  logged_by, and fails unless exactly one line came;
#                            the line is in ENTRY
#   jqe FILTER               jq -r FILTER on ENTRY
#
# The log writer is asynchronous and, with one resolver thread, writes lines
# in answer order: once the marker's line is there, every line caused before
# it is there too. So "nothing was logged" is checked without sleeping.
ORCHARD_SO=${ORCHARD_SO:-$ORCHARD_BUILDDIR/module/.libs/orchard.so}
ORCHARD_CATALOG=${ORCHARD_CATALOG:-$ORCHARD_SRCDIR/policy/catalog/apple.catalog}
MARKER_NAME=${MARKER_NAME:-captive.apple.com}
MARKER_TYPE=TXT
OLOG=""

require_module() {
  [[ -f $ORCHARD_SO ]] ||
    skip "no $ORCHARD_SO (configure --with-unbound-source=DIR, then make)"
  require_cmd jq dig
  # A sanitizer build of the module (configure --enable-sanitizers, g++):
  # Unbound is not built with it, and the module does not name its runtimes
  # (libtool drops -fsanitize when linking it), so every "$UNBOUND" then runs
  # through unbound-preload.sh with g++'s libasan (first) and libubsan
  # preloaded (contrib/sanitizers.sh). ThreadSanitizer cannot be added so.
  local syms lib libs=()
  syms=$(nm -D --undefined-only "$ORCHARD_SO" 2>/dev/null || true)
  [[ $syms != *__tsan_* ]] || skip "$ORCHARD_SO is built with ThreadSanitizer"
  for lib in asan ubsan; do
    [[ $syms == *__${lib}_* ]] || continue
    libs+=("$(${CXX:-g++} -print-file-name="lib$lib.so")")
    [[ -f ${libs[-1]} ]] || skip "no lib$lib.so for $ORCHARD_SO (${CXX:-g++} -print-file-name)"
  done
  if (( ${#libs[@]} )) && [[ $UNBOUND != */unbound-preload.sh ]]; then
    export ORCHARD_UNBOUND_PRELOAD="${libs[*]}" ORCHARD_UNBOUND_REAL=$UNBOUND
    UNBOUND=$ORCHARD_SRCDIR/tests/integration/unbound-preload.sh
  fi
}

write_orchard_conf() {
  local f=$1; shift
  OLOG=${OLOG:-$SCRATCH/outcomes.jsonl}
  {
    printf '# orchard.conf for %s (module-lib.sh)\n' "$ORCHARD_TEST"
    printf 'catalog %s\n' "$ORCHARD_CATALOG"
    printf 'log file %s\n' "$OLOG"
    local l
    for l in "$@"; do printf '%s\n' "$l"; done
  } > "$f"
}

start_orchard_unbound() {
  export ORCHARD_CONF=$1
  UB_DYNLIB=$ORCHARD_SO write_unbound_conf "$SCRATCH/unbound.conf"
  start_unbound "$SCRATCH/unbound.conf"
}

olog_lines() {
  if [[ -f $OLOG ]]; then wc -l < "$OLOG"; else echo 0; fi
}

_marker_logged_after() {   # _marker_logged_after N: marker line past line N?
  tail -n +"$(( $1 + 1 ))" "$OLOG" 2>/dev/null |
    jq -e --arg n "$MARKER_NAME" --arg t "$MARKER_TYPE" \
      'select(.qname == $n and .qtype == $t)' >/dev/null 2>&1
}

logged_by() {
  local mark
  mark=$(olog_lines)
  LOGGED_OUT=$("$@") || fail "query failed: $*"
  q_rcode "$MARKER_NAME" "$MARKER_TYPE" >/dev/null
  wait_until 5 _marker_logged_after "$mark" ||
    fail "the marker query ($MARKER_NAME $MARKER_TYPE) was not logged within 5 s"
  LOGGED=$(tail -n +"$(( mark + 1 ))" "$OLOG" |
    jq -c --arg n "$MARKER_NAME" --arg t "$MARKER_TYPE" \
      'select((.qname == $n and .qtype == $t) | not)')
  LOGGED_N=$(grep -c . <<<"$LOGGED" || true)
}

expect_one_entry() {
  logged_by "$@"
  (( LOGGED_N == 1 )) || fail "$*: expected 1 log line, got $LOGGED_N:"$'\n'"$LOGGED"
  ENTRY=$LOGGED
}

jqe() { jq -rc "$1" <<<"$ENTRY"; }
