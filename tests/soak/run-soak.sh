#!/usr/bin/env bash
# tests/soak/run-soak.sh -- a bounded soak of the resolver with the Orchard
# module: a fixed-rate mixed load while the firewall and the configuration
# are reloaded and the control socket is queried, with the figures that show
# nothing is lost uncounted and memory stays flat. As root, after the build
# (module/.libs/orchard.so, orchardctl) and contrib/build-unbound.sh.
#
#   tests/soak/run-soak.sh [--minutes N] [--short] [--out DIR]
#
#   --minutes N  length of the load (default 10; any length, see below)
#   --short      1 minute with every interval scaled down (a smoke run)
#   --out DIR    data and runs (default /tmp/orchard-soak)
#   environment: ORCHARD_BUILDDIR (the build tree), UNBOUND_SRC, QPS (2000),
#     PRIME_QPS (1700, --short 1000), THREADS (2), WARMUP (60 s), FW_EVERY (60 s),
#     RELOAD_EVERY (120 s), CTL_EVERY (1 s), SAMPLE_EVERY (10 s),
#     RSS_SLACK_KB (8192), FD_SLACK (4), MAX_LOST_PCT (0.5), SHADOW_MAX
#     (65536, --short 16384), CTL_CMDS (the control rotation, "|" between
#     commands; default "status|stats|recent --limit 20|sets --json"),
#     BENCH_NICE (0: the processes keep the caller's niceness; run it under
#     `nice`), KEEP_LOG=1 keeps the whole outcome log and the query files
#     (else only the log's last 1000 lines)
#
# What one run does (doc/robustness.md, "Soak", explains the figures):
#   * tests/bench/make-zones.sh: Apple-shaped zones, CNAME chains, FRESH (300,000)
#     never-seen names; re-runs itself in a private network namespace where
#     NSD serves them and the ruleset of `orchardctl gen nftables` is loaded;
#   * Unbound (THREADS threads) with Orchard: sets nftables, outcome log
#     file, control socket;
#   * for N minutes dnsperf at QPS queries/s of a mix: catalog cache hits,
#     unique Apple cache misses, never-seen f<N>.mzstatic.com, non-catalog
#     names (hits and misses), NXDOMAIN (catalog and not); during the
#     warm-up a second dnsperf (PRIME_QPS) of never-seen names fills the
#     shadow table and the address provenance table (100,000 addresses) to
#     their bounds, so every bounded structure is full before the memory
#     baseline;
#   * every FW_EVERY s `nft -f` of the ruleset (the sets come back empty and
#     the module refills them), every CTL_EVERY s a control query (status,
#     stats, recent, sets in turn), every RELOAD_EVERY s `orchardctl reload`;
#   * every SAMPLE_EVERY s a line of samples.tsv: Unbound's RSS, fds,
#     threads, shadow table, kernel set sizes, counters;
#   * after the load: Unbound's shutdown, the report (report.txt) and its
#     checks. Exit status 0 when every check passes, 1 otherwise.
set -euo pipefail
SOAK_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../bench/bench-lib.sh
. "$SOAK_DIR/../bench/bench-lib.sh"
# shellcheck source=soak-lib.sh
. "$SOAK_DIR/soak-lib.sh"

MINUTES="" SHORT=0 OUT=${ORCHARD_SOAK_DIR:-/tmp/orchard-soak}
while (($#)); do
  case $1 in
    --minutes) MINUTES=$2; shift ;;
    --short) SHORT=1 ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (--help)" ;;
  esac
  shift
done
if ((SHORT)); then
  MINUTES=${MINUTES:-1} WARMUP=${WARMUP:-15} FW_EVERY=${FW_EVERY:-10}
  RELOAD_EVERY=${RELOAD_EVERY:-20} SAMPLE_EVERY=${SAMPLE_EVERY:-2} SHADOW_MAX=${SHADOW_MAX:-16384}
fi
MINUTES=${MINUTES:-10} WARMUP=${WARMUP:-60} FW_EVERY=${FW_EVERY:-60}
RELOAD_EVERY=${RELOAD_EVERY:-120} SAMPLE_EVERY=${SAMPLE_EVERY:-10} CTL_EVERY=${CTL_EVERY:-1}
QPS=${QPS:-2000} PRIME_QPS=${PRIME_QPS:-$( ((SHORT)) && echo 1000 || echo 1700)} THREADS=${THREADS:-2}
RSS_SLACK_KB=${RSS_SLACK_KB:-8192} FD_SLACK=${FD_SLACK:-4} MAX_LOST_PCT=${MAX_LOST_PCT:-0.5}
BENCH_NICE=${BENCH_NICE:-0} FRESH=${FRESH:-300000} SHADOW_MAX=${SHADOW_MAX:-65536}
[[ $MINUTES =~ ^[1-9][0-9]*$ ]] || die "--minutes: expected a whole number of minutes, got '$MINUTES'"
((WARMUP < MINUTES * 60)) || die "WARMUP ($WARMUP s) must be shorter than the run ($MINUTES min)"
export WARMUP FW_EVERY RELOAD_EVERY SAMPLE_EVERY CTL_EVERY QPS PRIME_QPS THREADS RSS_SLACK_KB \
  FD_SLACK MAX_LOST_PCT BENCH_NICE FRESH SHADOW_MAX
BUILD=$(find_build)
export BUILD

if [[ -z ${SOAK_IN_NETNS:-} ]]; then
  [[ $(id -u) == 0 ]] || die "needs root (unshare -n, nftables)"
  for t in nsd nsd-checkzone dnsperf dig nft jq unshare ss "$UNBOUND" "$UBCTL"; do
    command -v "$t" >/dev/null || die "missing tool: $t (contrib/debian-packages.txt)"
  done
  mkdir -p "$OUT"
  log "generating zones in $OUT/data"
  FRESH=$FRESH "$BENCH_DIR/make-zones.sh" "$OUT/data" >&2
  export SOAK_IN_NETNS=1
  args=(--minutes "$MINUTES" --out "$OUT")
  ((SHORT)) && args+=(--short)
  exec unshare --net -- "$0" "${args[@]}"
fi

# --- inside the namespace -----------------------------------------------------
ip link set lo up
D=$OUT/data
RUN=$OUT/runs/$(date +%Y%m%d-%H%M%S)
mkdir -p "$RUN"
CTL_SOCK=$RUN/control.sock
LOOP_PIDS=()
soak_cleanup() {
  local p
  for p in "${LOOP_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  cleanup
}
trap soak_cleanup EXIT
"$BUILD/orchardctl" gen nftables --catalog "$CATALOG" --hook output --policy accept > "$RUN/orchard.nft"
nft -f "$RUN/orchard.nft"
set_pinning "$THREADS"
start_nsd "$D" "$RUN"
END_S=$((MINUTES * 60))
prime_n=$((PRIME_QPS * WARMUP))
((prime_n < FRESH)) || die "PRIME_QPS x WARMUP ($prime_n) must be below FRESH ($FRESH)"
# the file loops after 30 minutes: longer runs repeat its names (see doc)
make_mix "$RUN/mix.txt" $((QPS * 60 * (MINUTES < 30 ? MINUTES : 30))) "$prime_n" "$FRESH" "$D/queries/hit.txt"
make_prime "$RUN/prime.txt" "$prime_n"
start_resolver orchard "$THREADS" "$RUN"
for _ in $(seq 100); do ctl status > /dev/null 2>&1 && break; sleep 0.1; done
ctl status > "$RUN/status-start.txt" || die "no answer on the control socket $CTL_SOCK"
{
  echo "# soak ${RUN##*/}: $MINUTES min, $QPS qps (+$PRIME_QPS qps never-seen for the first $WARMUP s)," \
    "$THREADS threads; warm-up $WARMUP s, firewall reload every $FW_EVERY s, control query every" \
    "$CTL_EVERY s, config reload every $RELOAD_EVERY s, sample every $SAMPLE_EVERY s"
  echo "# host: $(nproc) cpus, kernel $(uname -r), nice $(nice), load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# unbound $("$UNBOUND" -V | awk 'NR==1 {print $2}'), nsd $(nsd -v 2>&1 | awk 'NR==1 {print $3}')," \
    "orchard build $BUILD ($(git -C "$ORCHARD_SRCDIR" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  tr ' ' '\t' <<<"$SAMPLE_COLS"
} > "$RUN/samples.tsv"
printf 't_s\tcommand\tstatus\tms\n' > "$RUN/ctl.tsv"
printf 't_s\tevent\tstatus\n' > "$RUN/events.tsv"
printf 't_s\tset\tkernel\tshadow\tdifferences\n' > "$RUN/sets.tsv"

T0NS=$(date +%s%N)
sample idle
log "soak: $MINUTES min at $QPS qps; run directory $RUN"
"${GEN_PIN[@]}" timeout $((END_S + 60)) dnsperf -s "$RES_ADDR" -p "$RES_PORT" -d "$RUN/mix.txt" \
  -l "$END_S" -Q "$QPS" -c 8 -t 5 -q 500 > "$RUN/dnsperf.txt" 2>&1 &
perf_pid=$!
"${GEN_PIN[@]}" timeout $((WARMUP + 60)) dnsperf -s "$RES_ADDR" -p "$RES_PORT" -d "$RUN/prime.txt" \
  -n 1 -l "$WARMUP" -Q "$PRIME_QPS" -c 4 -t 5 -q 500 > "$RUN/dnsperf-prime.txt" 2>&1 &
prime_pid=$!
control_loop & LOOP_PIDS+=($!)
chores_loop & LOOP_PIDS+=($!)
sampler_loop & LOOP_PIDS+=($!)
wait "$prime_pid" || log "priming dnsperf exited with status $?"
wait "$perf_pid" || log "dnsperf exited with status $?"
for p in "${LOOP_PIDS[@]}"; do wait "$p" || true; done
LOOP_PIDS=()
sleep 2   # in-flight answers and log lines settle
ctl sets --json | set_counts after >> "$RUN/sets.tsv" || true
sample after
ctl stats --json > "$RUN/stats-end.json" 2>&1 || true
ctl stats > "$RUN/ctl-stats-end.txt" 2>&1 || true
ctl status > "$RUN/status-end.txt" 2>&1 || true
"$UBCTL" -c "$RUN/unbound.conf" stats_noreset > "$RUN/unbound-stats.txt" 2>&1 || true
cp /proc/net/snmp "$RUN/snmp-end.txt"   # this namespace's UDP counters
stop_resolver
report | tee "$RUN/report.txt"
if [[ ${KEEP_LOG:-0} != 1 ]]; then   # ~45 MB a minute at 2000 qps: keep its tail only
  tail -n 1000 "$RUN/outcomes.jsonl" > "$RUN/outcomes-tail.jsonl"
  rm -f "$RUN/outcomes.jsonl" "$RUN/mix.txt" "$RUN/prime.txt"
fi
log "run directory: $RUN"
grep -q '^RESULT: PASS' "$RUN/report.txt"
