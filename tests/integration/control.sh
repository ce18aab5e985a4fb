#!/usr/bin/env bash
# control.sh -- the control channel, driven by orchardctl against a real
# Unbound with the Orchard module (real sockets, real queries, in a private
# network namespace): each command's output after a scripted sequence of
# queries; reload with a broken site file keeps serving the old policy;
# concurrent clients during a query burst; malformed, partial, oversized and
# silent requests get an error and change nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"

require_unbound
require_module
require_cmd nsd socat
orchard_enter_netns "$0" "$@"

CTL="$ORCHARD_BUILDDIR/orchardctl"
export ORCHARD_CONTROL=$SCRATCH/control.sock
start_nsd
cat > "$SCRATCH/site.catalog" <<'SITE'
section site title="Site additions"
host site www.example.org proto=tcp ports=443 os=ios
SITE
write_orchard_conf "$SCRATCH/orchard.conf" "site $SCRATCH/site.catalog" \
  "control-socket $ORCHARD_CONTROL" "cname-file $SCRATCH/cnames.tsv"
UB_EXTRA='local-zone: "xp.apple.com." always_nxdomain' start_orchard_unbound "$SCRATCH/orchard.conf"

# The scripted sequence: a chain (miss then hit), a wildcard, a blocked name.
q_rcode mesu.apple.com >/dev/null
q_rcode mesu.apple.com >/dev/null
q_rcode 1-courier.push.apple.com >/dev/null
q_rcode xp.apple.com >/dev/null
logged_by q_rcode www.example.org

note "status"
out=$("$CTL" status)
assert_contains "$out" "catalog      $ORCHARD_CATALOG + site $SCRATCH/site.catalog (51 rows)" "status: rows"
assert_contains "$out" "log          file $OLOG" "status: log"
assert_eq 51 "$("$CTL" status --json | jq .rows)" "status --json"

note "stats"
out=$("$CTL" stats)
assert_contains "$out" "row software-update mesu.apple.com answered=2 " "stats: mesu twice"
assert_contains "$out" "row software-update xp.apple.com answered=0 nodata=0 nxdomain=0 servfail=0 refused=0 blocked=1" "stats: xp blocked"
assert_contains "$out" "section device-management answered=1 " "stats: section sum"
prom=$("$CTL" stats --prometheus)
assert_contains "$prom" 'orchard_queries_total{outcome="blocked"} 1' "prometheus: blocked"
assert_contains "$prom" '# TYPE orchard_row_queries_total counter' "prometheus: TYPE"
"$CTL" stats --prometheus --textfile "$SCRATCH/orchard.prom"
assert_contains "$(cat "$SCRATCH/orchard.prom")" 'orchard_queries_total{outcome="answered"}' "textfile"

note "recent"
out=$("$CTL" recent)
assert_contains "$out" " mesu.apple.com A resolved answered -> mesu.apple.com.akadns.example e4.cdn.example" "recent: chain"
assert_contains "$out" " mesu.apple.com A cache answered" "recent: cache hit"
out=$("$CTL" recent --blocked)
assert_eq 1 "$(grep -c . <<<"$out")" "recent --blocked: one line"
assert_contains "$out" "xp.apple.com A local blocked (local data: nxdomain)" "recent --blocked"
assert_eq 2 "$("$CTL" recent --name MESU.apple.com. --json | jq length)" "recent --name --json"
assert_eq 1 "$("$CTL" recent --limit 1 | grep -c .)" "recent --limit"

note "explain"
out=$("$CTL" explain mesu.apple.com)
assert_contains "$out" "row   software-update mesu.apple.com (exact) tcp 80,443" "explain: row"
assert_contains "$out" "2 answered" "explain: counters"
assert_contains "$out" "cname mesu.apple.com.akadns.example" "explain: cname"
assert_contains "$("$CTL" explain evilapple.com)" "no catalog row matches" "explain: look-alike"

note "why"
addr=$(q_addrs 1-courier.push.apple.com | head -1)
out=$("$CTL" why "$addr")
assert_contains "$out" "name   1-courier.push.apple.com" "why: name"
assert_contains "$out" "rows   device-management *.push.apple.com" "why: row"
assert_contains "$("$CTL" why 192.0.2.77)" "never seen" "why: never seen"

note "reload: a broken site file keeps the old policy"
printf 'host site broken\n' > "$SCRATCH/site.catalog"
set +e; err=$("$CTL" reload 2>&1); rc=$?; set -e
assert_eq 3 "$rc" "reload with a broken file fails"
assert_contains "$err" "$SCRATCH/site.catalog:1: expected" "reload error names file:line"
assert_contains "$err" "(the old policy stays)" "reload keeps the old policy"
expect_one_entry q_rcode www.example.org
assert_eq "site" "$(jqe '.rows[0].section')" "old policy still serves the site row"
printf 'section site title=Site\n' > "$SCRATCH/site.catalog"
assert_contains "$("$CTL" reload)" "reloaded: 50 rows" "reload with a good file"
logged_by q_rcode www.example.org
assert_eq 0 "$LOGGED_N" "the removed site row is no longer logged"

note "reopen-log"
mv "$OLOG" "$OLOG.1"
"$CTL" reopen-log >/dev/null
wait_until 5 test -f "$OLOG" || { q_rcode mesu.apple.com >/dev/null; wait_until 5 test -f "$OLOG"; } ||
  fail "the log was not reopened"

note "malformed requests change nothing"
raw() { printf '%b' "$1" | socat -t 6 - "UNIX-CONNECT:$ORCHARD_CONTROL" | sed -n 2p; }
assert_eq "error unknown command 'frobnicate' (try 'help')" "$(raw 'frobnicate\n')" "unknown"
assert_eq "error malformed request" "$(raw 'sta\001tus\n')" "control byte"
assert_eq "error empty request" "$(raw '   \n')" "empty"
assert_eq "error request too long" "$(head -c 5000 /dev/zero | tr '\0' a | socat -t 6 - "UNIX-CONNECT:$ORCHARD_CONTROL" | sed -n 2p)" "oversized"
assert_eq "error partial request" "$(printf 'status' | socat -t 6 - "UNIX-CONNECT:$ORCHARD_CONTROL" | sed -n 2p)" "partial"
silent=$( (sleep 7) | socat -t 8 - "UNIX-CONNECT:$ORCHARD_CONTROL" | sed -n 2p)
assert_eq "error timeout" "$silent" "silent client"
assert_contains "$("$CTL" status)" "(50 rows)" "status still fine after malformed requests"

note "concurrent clients during a query burst"
for i in $(seq 200); do echo "b$i.push.apple.com A"; done > "$SCRATCH/burst.txt"
( for _ in 1 2 3; do dig +short +tries=1 +time=2 @"$RES_ADDR" -f "$SCRATCH/burst.txt" >/dev/null; done ) &
burst=$!
pids=()
for i in $(seq 20); do ("$CTL" stats >/dev/null && "$CTL" recent --limit 5 >/dev/null) & pids+=($!); done
for p in "${pids[@]}"; do wait "$p" || fail "a concurrent control client failed"; done
wait "$burst"
assert_eq NOERROR "$(q_rcode gs.apple.com)" "DNS answers after the burst"
stop_unbound
note "control: all checks passed"
