#!/usr/bin/env bash
# tests/bench/run-bench.sh -- Orchard beside plain Unbound, Unbound's ipset
# module and dnsmasq (plain and with nftset), in one run, in one table.
# A benchmark: it prints figures and asserts nothing. As root (or anyone
# allowed `unshare -n`), after the build (module/.libs/orchard.so) and
# contrib/build-unbound.sh (.unbound/src).
#
#   tests/bench/run-bench.sh [--quick] [--threads 1|2] [--configs "..."]
#                            [--workloads "..."] [--pairs N] [--out DIR]
#
#   --quick      shorter measurements (~2.5 min instead of ~5.5)
#   --threads N  only N Unbound threads (default: 1, then 2)
#   --pairs N    the configurations (default "ub-plain orchard") N times,
#                labelled @1..@N, every other time in reverse order (ABBA:
#                a drift within a round favours neither side); the table
#                then ends with each configuration's median ratio to the
#                ub-plain row of its own round. How the targets are read
#                (doc/performance.md): --quick --pairs 6 takes ~5 min
#   --out DIR    where data and results go (default /tmp/orchard-bench-tree)
#   environment: ORCHARD_BUILDDIR (the build tree), UNBOUND_SRC, DUR, WARM,
#                LAT_DUR, LAT_QPS, INSERT_N, INSERT_QPS; PERF=1 records a
#                profile of the resolver during each measurement (perf
#                record -e cpu-clock into the cell's perf.data; PERF_CALLGRAPH=dwarf
#                adds call graphs); figures taken with PERF=1 are not comparable
#
# What one run does (doc/performance.md explains the method and the figures):
#   * generates its zones (make-zones.sh: Apple-shaped names, and 260,000
#     never-seen names with one distinct IPv6 address each), documentation
#     addresses only;
#   * re-runs itself in a private network namespace (unshare -n): loopback
#     only, firewall sets private to the run; NSD serves the zones;
#   * for each thread count, configuration and workload ("cell"): fresh sets,
#     a fresh resolver, warm-up, a saturating dnsperf run (QPS, resolver CPU
#     per query from /proc), a fixed-rate probe (p50/p99), the set sizes,
#     for never-seen names on nftables configurations the insertion latency
#     (bench-insert-latency), then the resolver's shutdown (log counters);
#   * prints one table, ratios against plain Unbound of the same run.
#
# Configurations
#   ub-plain     Unbound, module-config "iterator"                 (the reference)
#   ub-ipset     Unbound, "ipset iterator", ipset sets apple4/apple6
#   orchard      Unbound + Orchard: sets nftables, outcome log file on
#   orchard-ipset  Unbound + Orchard: sets ipset (hash:ip,port, sized as
#                ub-ipset's), outcome log file on
#   orchard-log  Unbound + Orchard: outcome log file only (sets none)
#   orchard-sets Unbound + Orchard: nftables sets only (log none)
#   orchard-bare Unbound + Orchard: neither (matching and classification)
#                the last two, not run by default, split orchard's cost
#   dm-plain     dnsmasq forwarding to NSD (1 thread only: dnsmasq has one)
#   dm-nftset    dnsmasq --nftset (nft table inet fw)
#   A name may carry a label: "orchard@old" with ORCHARD_SO_old=PATH loads
#   another build of the module (before/after in one run); "ub-plain@2" is
#   just a second row (drift). Ratios are against the first ub-plain row.
# Workloads
#   hit          55 Apple names x {A, AAAA} replayed: cache hits after the warm-up
#   miss-apple   <unique>.push.apple.com A: every query a cache miss, 4 addresses
#                that are already in the sets after the first answer
#   new          f<N>.mzstatic.com AAAA: cache misses whose address was never
#                seen: every answer writes to the kernel
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"

QUICK=0 THREADS_LIST="1 2" CONFIGS="" WORKLOADS="hit miss-apple new" PAIRS=0
OUT=${ORCHARD_BENCH_DIR:-/tmp/orchard-bench-tree}
while (($#)); do
  if common_opt "$@"; then shift 2; continue; fi
  case $1 in
    --quick) QUICK=1 ;;
    --threads) (($# >= 2)) || die "--threads needs a value"; THREADS_LIST=$2; shift ;;
    --pairs) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--pairs wants a positive number"; PAIRS=$2; shift ;;
    *) die "unknown argument $1 (--help)" ;;
  esac
  shift
done
# --pairs N: "A B" -> "A@1 B@1 B@2 A@2 A@3 B@3 ..." (a label's own text stays:
# "orchard@old" -> "orchard@old1"); each round has its own reference
abba() {
  local -a list out round
  local i k c
  read -ra list <<<"$1"
  for ((i = 1; i <= $2; i++)); do
    round=()
    for c in "${list[@]}"; do if [[ $c == *@* ]]; then round+=("$c$i"); else round+=("$c@$i"); fi; done
    if ((i % 2)); then out+=("${round[@]}"); else
      for ((k = ${#round[@]} - 1; k >= 0; k--)); do out+=("${round[k]}"); done
    fi
  done
  echo "${out[*]}"
}
if ((PAIRS)); then
  [[ " ${CONFIGS:-ub-plain} " == *" ub-plain "* ]] || die "--pairs needs ub-plain among the configurations"
  CONFIGS=$(abba "${CONFIGS:-ub-plain orchard}" "$PAIRS")
fi
if ((QUICK)); then
  DUR=${DUR:-2} WARM=${WARM:-0.5} LAT_DUR=${LAT_DUR:-1} INSERT_N=${INSERT_N:-1500}
else
  DUR=${DUR:-5} WARM=${WARM:-1} LAT_DUR=${LAT_DUR:-3} INSERT_N=${INSERT_N:-4000}
fi
LAT_QPS=${LAT_QPS:-2000} INSERT_QPS=${INSERT_QPS:-1000}
BUILD=$(find_build)
export BUILD

if [[ -z ${BENCH_IN_NETNS:-} ]]; then
  [[ $(id -u) == 0 ]] || die "needs root (unshare -n, nftables, ipset)"
  check_tools
  [[ -x $BUILD/tests/bench/bench-insert-latency ]] || die "make tests/bench/bench-insert-latency first"
  mkdir -p "$OUT"
  log "generating zones in $OUT/data"
  "$BENCH_DIR/make-zones.sh" "$OUT/data" >&2
  export BENCH_IN_NETNS=1
  args=(--threads "$THREADS_LIST" --workloads "$WORKLOADS" --out "$OUT")
  ((QUICK)) && args+=(--quick)
  [[ -n $CONFIGS ]] && args+=(--configs "$CONFIGS")
  exec unshare --net -- "$0" "${args[@]}"
fi

# --- inside the namespace -----------------------------------------------------
ip link set lo up
D=$OUT/data
RUN=$OUT/runs/$(date +%Y%m%d-%H%M%S)
mkdir -p "$RUN/conf" "$RUN/cells"
HZ=$(getconf CLK_TCK)
trap cleanup EXIT
write_set_confs "$RUN/conf"
set_pinning "${THREADS_LIST%% *}"
start_nsd "$D" "$RUN"
TSV=$RUN/results.tsv
{
  echo "# run=${RUN##*/} quick=$QUICK dur=$DUR warm=$WARM lat_qps=$LAT_QPS lat_dur=$LAT_DUR insert=$INSERT_N@$INSERT_QPS"
  echo "# host: $(nproc) cpus, kernel $(uname -r), load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# unbound $("$UNBOUND" -V | awk 'NR==1 {print $2}'), dnsmasq $(dnsmasq --version | awk 'NR==1 {print $3}'), nsd $(nsd -v 2>&1 | awk 'NR==1 {print $3}'), orchard build $BUILD"
  printf 'threads\tconfig\tworkload\tqps\tsent\tcompleted\tlost\tnoerror_pct\thit_pct\tres_us_per_q\tcpu0_pct\tcpu1_pct\tlat_n\tp50_ms\tp99_ms\tset_v4\tset_v6\tlog_lines\tlog_pushed\tlog_dropped\tins_n\tins_send_p50_us\tins_send_p99_us\tins_answer_p50_us\tins_answer_p99_us\tins_before_answer\tstatus\n'
} > "$TSV"

run_cell() {   # run_cell THREADS CONFIG WORKLOAD
  local t=$1 cfg=$2 wl=$3 cell warm meas lat
  cell=$RUN/cells/t$t-${cfg//@/+}-$wl   # no "@" in paths: Unbound reads it as addr@port
  mkdir -p "$cell"
  reset_sets "$cfg"
  start_resolver "$cfg" "$t" "$cell"
  case $wl in
    hit) warm=(-d "$D/queries/hit.txt"); meas=(-d "$D/queries/hit.txt")
         lat=(-d "$D/queries/hit-lat.txt") ;;
    *)   warm=(-d "$D/queries/$wl-warm.txt" -n 1); meas=(-d "$D/queries/$wl-meas.txt" -n 1)
         lat=(-d "$D/queries/$wl-lat.txt" -n 1) ;;
  esac
  dnsperf_run "$cell/warm.txt" "${warm[@]}" -l "$WARM" -q 100
  unbound_hits "$cell" >/dev/null || true  # resets Unbound's counters
  local c0 c1 s0 s1 sent comp lost qps noerr hit rus cpu0 cpu1 ln p50 p99 v4 v6
  local perf_pid=""
  if [[ -n ${PERF:-} ]]; then   # profile the resolver during the measurement
    perf record -q -e cpu-clock ${PERF_CALLGRAPH:+--call-graph "$PERF_CALLGRAPH"} -p "$RES_PID" \
      -o "$cell/perf.data" -- sleep "$DUR" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  c0=$(cpu_ticks "$RES_PID"); s0=$(sys_ticks)
  dnsperf_run "$cell/meas.txt" "${meas[@]}" -l "$DUR" -q 100
  c1=$(cpu_ticks "$RES_PID"); s1=$(sys_ticks)
  [[ -n $perf_pid ]] && wait "$perf_pid" 2>/dev/null || true
  hit=$(unbound_hits "$cell" || echo -)
  read -r sent comp lost qps noerr < <(parse_perf "$cell/meas.txt")
  read -r rus cpu0 cpu1 < <(awk -v c0="$c0" -v c1="$c1" -v hz="$HZ" -v n="$comp" -v s0="$s0" -v s1="$s1" 'BEGIN {
      split(s0, a, " "); split(s1, b, " ")
      printf "%.2f %.0f %.0f\n", (n ? (c1 - c0) / hz * 1e6 / n : 0),
             100 * (b[1] - a[1]) / (b[2] - a[2] + 1e-9), 100 * (b[3] - a[3]) / (b[4] - a[4] + 1e-9) }')
  dnsperf_run "$cell/lat.txt" "${lat[@]}" -l "$LAT_DUR" -Q "$LAT_QPS" -q 500 -v
  read -r ln p50 p99 < <(lat_pct "$cell/lat.txt")
  read -r v4 v6 < <(set_sizes "$cfg")
  local ins="- - - - - -"
  if [[ $wl == new && ($(base_config "$cfg") == orchard || $(base_config "$cfg") == orchard-sets ||
        $cfg == dm-nftset) ]]; then
    "${GEN_PIN[@]}" "$BUILD/tests/bench/bench-insert-latency" "$RES_ADDR" "$RES_PORT" \
      "$D/queries/new-insert.txt" "$INSERT_N" "$INSERT_QPS" > "$cell/insert.txt" 2>&1 || true
    ins=$(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                 printf "%s %s %s %s %s %s", v["in_set"], v["insert_after_send_p50_us"],
                   v["insert_after_send_p99_us"], v["insert_after_answer_p50_us"],
                   v["insert_after_answer_p99_us"], v["in_set_before_answer"] }' "$cell/insert.txt")
  fi
  stop_resolver
  local status=$RES_STATUS
  local logs
  logs=$(orchard_log "$cell")
  [[ $cfg == orchard* ]] || logs="- - -"
  printf '%s\t' "$t" "$cfg" "$wl" "$qps" "$sent" "$comp" "$lost" "$noerr" "$hit" "$rus" "$cpu0" "$cpu1" \
    "$ln" "$p50" "$p99" "$v4" "$v6" $logs $ins >> "$TSV"
  printf '%s\n' "$status" >> "$TSV"
  log "t$t $cfg/$wl: $qps qps, $rus us/q, p50 $p50 p99 $p99 ms, sets $v4/$v6, log $logs, $status"
}

for t in $THREADS_LIST; do
  set_pinning "$t"
  cfgs=$CONFIGS
  if [[ -z $cfgs ]]; then
    cfgs="ub-plain ub-ipset orchard orchard-ipset orchard-log"
    [[ $t == 1 ]] && cfgs+=" dm-plain dm-nftset"
  fi
  for cfg in $cfgs; do
    [[ $t != 1 && $cfg == dm-* ]] && continue
    for wl in $WORKLOADS; do run_cell "$t" "$cfg" "$wl"; done
  done
done
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$TSV"
"$BENCH_DIR/summarize.sh" "$TSV" | tee "$RUN/summary.txt"
log "results: $RUN"
