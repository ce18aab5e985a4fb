#!/usr/bin/env bash
# tests/bench/run-instructions.sh -- user-space instructions per answer,
# Orchard beside plain Unbound, counted by callgrind: the figure that does not
# move with the machine's load. A benchmark: it prints figures and asserts
# nothing. As root, after the build and contrib/build-unbound.sh; ~2.5 min.
#
#   tests/bench/run-instructions.sh [--configs "..."] [--workloads "..."]
#                                   [--queries N] [--rate QPS] [--out DIR]
#
#   --configs    default "ub-plain ub-ipset orchard orchard-ipset orchard-log"
#                (the names of run-bench.sh; "orchard@old" with
#                ORCHARD_SO_old=PATH counts another build of the module)
#   --workloads  default "hit miss-apple new" (run-bench.sh's)
#   --queries N  answers counted per cell (default 3000)
#   --rate QPS   their rate (default 1000 a second). Orchard classifies a
#                cache answer once a second and replays it after that: at
#                1,000 a second the 110 hit names make 11% first answers;
#                --rate 5000 (hits only; misses cannot keep up under
#                callgrind) comes nearer a busy resolver's mix
#
# Each cell: the zones and sets of run-bench.sh, one Unbound thread under
# `valgrind --tool=callgrind` with counting off, a warm-up, then counting on
# for N answers at a fixed rate, off again. Printed per cell: instructions
# per answer (Ir/q: every thread of the resolver, the kernel excluded) and
# the ratio to ub-plain; Orchard's part of them, inclusive: the answer
# callbacks (resolver threads), the log writer and the set watcher (its own
# threads). Where the time goes in the kernel (netlink, sockets) only
# run-bench.sh's CPU figures show; these say what Orchard's code costs, and
# a change to it shows here even when the machine is noisy (doc/performance.md).
# The cell's cg.out opens in callgrind_annotate or kcachegrind.
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"

CONFIGS="ub-plain ub-ipset orchard orchard-ipset orchard-log" WORKLOADS="hit miss-apple new"
QUERIES=3000 RATE=1000
OUT=${ORCHARD_BENCH_DIR:-/tmp/orchard-bench-tree}
while (($#)); do
  if common_opt "$@"; then shift 2; continue; fi
  [[ ($1 == --queries || $1 == --rate) && $# -ge 2 ]] ||
    die "unknown argument $1, or no value (--help)"
  if [[ $1 == --queries ]]; then QUERIES=$2; else RATE=$2; fi
  shift 2
done
[[ $QUERIES =~ ^[1-9][0-9]*$ ]] || die "--queries wants a positive number, not '$QUERIES'"
[[ $RATE =~ ^[1-9][0-9]*$ ]] || die "--rate wants a positive number, not '$RATE'"
BUILD=$(find_build)
export BUILD

if [[ -z ${BENCH_IN_NETNS:-} ]]; then
  [[ $(id -u) == 0 ]] || die "needs root (unshare -n, nftables, ipset)"
  check_tools
  for t in valgrind callgrind_control callgrind_annotate; do
    command -v "$t" >/dev/null || die "missing tool: $t (contrib/debian-packages.txt: valgrind)"
  done
  mkdir -p "$OUT"
  log "generating zones in $OUT/data"
  "$BENCH_DIR/make-zones.sh" "$OUT/data" >&2
  export BENCH_IN_NETNS=1
  exec unshare --net -- "$0" --configs "$CONFIGS" --workloads "$WORKLOADS" \
    --queries "$QUERIES" --rate "$RATE" --out "$OUT"
fi

# --- inside the namespace -----------------------------------------------------
ip link set lo up
D=$OUT/data
RUN=$OUT/runs/ir-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RUN/conf" "$RUN/cells"
trap cleanup EXIT
write_set_confs "$RUN/conf"
set_pinning 1
start_nsd "$D" "$RUN"

# inclusive FILE PATTERN -> the largest inclusive Ir of functions matching it
# (callgrind_annotate lists a function once per source path it was seen by)
inclusive() {
  callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$1" 2>/dev/null |
    awk -v pat="$2" 'index($0, pat) { n = $1; gsub(",", "", n); if (n + 0 > best) best = n + 0 }
                     END { print best + 0 }'
}
total_ir() {
  callgrind_annotate --auto=no "$1" 2>/dev/null |
    awk '/PROGRAM TOTALS/ { n = $1; gsub(",", "", n); print n; exit }'
}

run_cell() {   # run_cell CONFIG WORKLOAD -> "answers total callbacks writer watcher"
  local cfg=$1 wl=$2 cell warm meas
  cell=$RUN/cells/${cfg//@/+}-$wl
  mkdir -p "$cell"
  reset_sets "$cfg"
  # shellcheck disable=SC2034  # start_resolver (bench-lib.sh) runs the resolver behind RES_PIN
  RES_PIN=(valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$cell/cg.out")
  start_resolver "$cfg" 1 "$cell"
  case $wl in
    hit) warm=(-d "$D/queries/hit.txt" -n 2); meas=(-d "$D/queries/hit.txt") ;;
    *) warm=(-d "$D/queries/$wl-warm.txt" -n 1 -l 2); meas=(-d "$D/queries/$wl-meas.txt" -n 1) ;;
  esac
  dnsperf_run "$cell/warm.txt" "${warm[@]}" -Q 500
  callgrind_control -i on "$RES_PID" >/dev/null 2>&1
  dnsperf_run "$cell/meas.txt" "${meas[@]}" -Q "$RATE" -l $(((QUERIES + RATE - 1) / RATE)) -q 100
  callgrind_control -i off "$RES_PID" >/dev/null 2>&1
  stop_resolver
  local n
  n=$(awk '/Queries completed:/ {print $3}' "$cell/meas.txt")
  echo "${n:-0} $(total_ir "$cell/cg.out") $(($(inclusive "$cell/cg.out" 'module::(anonymous namespace)::onAnswer<(orchard::AnswerSource)0>') +
      $(inclusive "$cell/cg.out" 'module::(anonymous namespace)::onAnswer<(orchard::AnswerSource)1>') +
      $(inclusive "$cell/cg.out" 'module::(anonymous namespace)::onAnswer<(orchard::AnswerSource)2>') +
      $(inclusive "$cell/cg.out" 'module::(anonymous namespace)::onAnswer<(orchard::AnswerSource)3>'))) \
$(inclusive "$cell/cg.out" 'orchard::OutcomeLog::run()') $(inclusive "$cell/cg.out" 'orchard::SetFeeder::watch(')"
}

TSV=$RUN/results.tsv
printf 'config\tworkload\tanswers\tir_per_q\tcallbacks_per_q\twriter_per_q\twatcher_per_q\n' > "$TSV"
for wl in $WORKLOADS; do
  for cfg in $CONFIGS; do
    read -r n total cb wr wa < <(run_cell "$cfg" "$wl")
    awk -v c="$cfg" -v w="$wl" -v n="$n" -v t="$total" -v cb="$cb" -v wr="$wr" -v wa="$wa" 'BEGIN {
      if (n == 0) n = -1
      printf "%s\t%s\t%d\t%.0f\t%.0f\t%.0f\t%.0f\n", c, w, n, t / n, cb / n, wr / n, wa / n }' >> "$TSV"
    log "$cfg/$wl: $(tail -1 "$TSV" | cut -f3-)"
  done
done
{
  echo "# run=${RUN##*/} queries=$QUERIES@$RATE/s, one Unbound thread under callgrind; orchard build $BUILD"
  awk -F'\t' 'NR == 1 { next }
    $1 == "ub-plain" { base[$2] = $4 }
    { row[NR] = $0 }
    END {
      printf "%-16s %-11s %8s %9s %6s %10s %9s %8s\n", "config", "workload", "answers", "Ir/q", "xUB",
             "callbacks", "writer", "watcher"
      for (i = 2; i <= NR; i++) {
        split(row[i], f, "\t")
        x = base[f[2]] ? sprintf("%.3f", f[4] / base[f[2]]) : "-"
        printf "%-16s %-11s %8d %9d %6s %10d %9d %8d\n", f[1], f[2], f[3], f[4], x, f[5], f[6], f[7]
      }
    }' "$TSV"
} | tee "$RUN/summary.txt"
log "results: $RUN"
