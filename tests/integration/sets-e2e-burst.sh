#!/usr/bin/env bash
# sets-e2e-burst.sh -- Unbound with num-threads: 2 and the Orchard module
# under a saturating burst (dnsperf, 16 clients) of cache misses: unique
# labels under the catalog wildcards *.push, *.apps and *.itunes.apple.com
# mixed with unique non-catalog names (example.org wildcard) and
# look-alikes. Afterwards the sets hold exactly the expected elements (the
# fixture's addresses for those wildcards x their rows' ports): nothing from
# non-catalog names, no invented or corrupted addresses; the kernel and the
# shadow table agree, no write failed, both threads answered, and Unbound
# stops cleanly. (Unbound's own ipset module fails this with two threads.)
# BACKEND=ipset runs the same checks against ipset (sets-e2e-ipset.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/module-lib.sh"
. "$(dirname "$0")/sets_e2e_lib.sh"
BACKEND=${BACKEND:-nftables}
require_e2e "$BACKEND"
require_cmd dnsperf shuf
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
start_nsd
if [[ $BACKEND == ipset ]]; then load_ipset_sets; else load_nft_ruleset; fi
e2e_conf "$SCRATCH/orchard.conf" "$BACKEND"
UB_THREADS=2 start_orchard_unbound "$SCRATCH/orchard.conf"

run=r$RANDOM
{
  for i in $(seq 4000); do echo "b$i-$run.push.apple.com A"; done
  for i in $(seq 2000); do echo "b$i-$run.apps.apple.com A"; done
  for i in $(seq 1000); do echo "c$i-$run.apps.apple.com AAAA"; done
  for i in $(seq 2000); do echo "b$i-$run.itunes.apple.com A"; done
  for i in $(seq 4000); do echo "b$i-$run.example.org A"; done
  for i in $(seq 1000); do echo "c$i-$run.example.org AAAA"; done
  for i in $(seq 500); do echo "b$i-$run.evilapple.com A"; echo "b$i-$run.push.apple.com.evil.example A"; done
} | shuf >"$SCRATCH/burst.queries"
n=$(wc -l <"$SCRATCH/burst.queries")

t0=$(date +%s%N)
dnsperf -s "$RES_ADDR" -p "$RES_PORT" -d "$SCRATCH/burst.queries" -n 1 -c 16 -q 400 -t 5 \
  >"$SCRATCH/dnsperf.txt" 2>&1 || fail "dnsperf failed: $(cat "$SCRATCH/dnsperf.txt")"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
completed=$(sed -nE 's/^ *Queries completed: *([0-9]+).*/\1/p' "$SCRATCH/dnsperf.txt")
note "$completed of $n queries answered in $ms ms"
(( completed * 100 >= n * 99 )) || fail "only $completed of $n queries answered"

# what the fixture answers for each wildcard, times its rows' ports
expected4=$( {
  push_keys "$PUSH_ADDRS" "$PUSH_PORTS"
  push_keys "203.0.113.110 203.0.113.111" 443        # *.apps.apple.com
  push_keys "198.51.100.91 198.51.100.92" "443 80"   # *.itunes -> e9.cdn.example
} | sort -V)
expected6="2001:db8:a::110 tcp 443"
if [[ $BACKEND == ipset ]]; then
  got4=$(ipset_keys orchard4 | sed -E 's/,(tcp|udp):/ \1 /') got6=$(ipset_keys orchard6 | sed -E 's/,(tcp|udp):/ \1 /')
else
  got4=$(nft_keys orchard4) got6=$(nft_keys orchard6)
fi
assert_eq "$expected4" "$(sort -V <<<"$got4")" "orchard4 after the burst"
assert_eq "$expected6" "$got6" "orchard6 after the burst"

ctl_ok sets --json
assert_eq "orchard4 22 22 0
orchard6 1 1 0" "$(jq -r '.[] | select(.kind == "service") |
  "\(.set) \(.kernel_entries) \(.shadow_elements) \(.differences)"' <<<"$CTL_OUT")" \
  "kernel beside shadow"
ctl_ok stats
assert_contains "$CTL_OUT" "failures=0" "set write failures"
stop_unbound
assert_eq "0 1" "$(jq -r .thread "$OLOG" | sort -u | xargs)" "resolver threads in the outcome log"
bad=$(jq -r 'select(.qname | test("example\\.org|evil")) | .qname' "$OLOG" | head -n 3)
assert_eq "" "$bad" "non-catalog names in the outcome log"
note "sets-e2e-burst ($BACKEND) passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
