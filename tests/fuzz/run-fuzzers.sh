#!/usr/bin/env bash
# run-fuzzers.sh -- build Orchard's libFuzzer targets (clang, ASan+UBSan)
# and run each for a bounded time over its seed corpus.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 20; TARGETs default to all (fuzz-catalog,
# fuzz-site, ...). Prints one line per target (executions, coverage edges,
# features, corpus size, crashes) and exits 1 if any target crashed, leaked,
# timed out or failed to start; 77 when clang cannot build fuzzers here.
# Environment:
#   ORCHARD_FUZZ_BUILD  the clang build (default: <source>/build-fuzz); made
#                       on first use (CXX=clang++ --enable-fuzzing), reused.
#   ORCHARD_FUZZ_WORK   new corpus entries, logs and crash inputs (default:
#                       $ORCHARD_FUZZ_BUILD/tests/fuzz/work). The seed corpus
#                       in the source tree is only read.
#   ORCHARD_FUZZ_JOBS   targets run at once (default: number of CPUs).
# A failing input is saved as WORK/<target>-crash-<sha1> (or -leak-, -timeout-,
# -oom-); replay it with  $ORCHARD_FUZZ_BUILD/tests/fuzz/<target> FILE
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-20}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] &&
  targets=(fuzz-answer-records fuzz-catalog fuzz-control fuzz-cname-state fuzz-dns-answer fuzz-engine-config fuzz-site)
build=$(realpath -m "${ORCHARD_FUZZ_BUILD:-$top/build-fuzz}")
work=$(realpath -m "${ORCHARD_FUZZ_WORK:-$build/tests/fuzz/work}")
jobs=${ORCHARD_FUZZ_JOBS:-$(nproc)}
say() { printf 'run-fuzzers: %s\n' "$*"; }

# 1. Can this machine build a libFuzzer binary at all?
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '%s\n' '#include <cstddef>' '#include <cstdint>' \
  'extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }' >"$probe/p.cc"
if ! command -v clang++ >/dev/null ||
  ! clang++ -fsanitize=fuzzer,address,undefined "$probe/p.cc" -o "$probe/p" 2>"$probe/err"; then
  say "SKIP: clang++ cannot build libFuzzer targets (install clang libclang-rt-14-dev)"
  head -3 "$probe/err" 2>/dev/null
  exit 77
fi

# 2. Configure (once) and build the targets.
if [ ! -f "$build/Makefile" ]; then
  [ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null 2>&1) ||
    { say "autoreconf failed"; exit 1; }
  say "configuring $build (CXX=clang++ --enable-fuzzing)"
  mkdir -p "$build"
  (cd "$build" && "$top/configure" -q CXX=clang++ CXXFLAGS="-g -O1" --enable-fuzzing \
    >"$build/configure.out" 2>&1) || { tail -20 "$build/configure.out"; exit 1; }
fi
say "building fuzz targets in $build"
unset MAKEFLAGS MFLAGS MAKELEVEL  # when run by make check: not its sub-make
make -C "$build" -s -j"$(nproc)" fuzz-targets >"$build/fuzz-make.out" 2>&1 ||
  { tail -30 "$build/fuzz-make.out"; exit 1; }

# 3. Run them, $jobs at a time.
mkdir -p "$work"
export ORCHARD_CATALOG=$top/policy/catalog/apple.catalog
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
run_one() {
  local t=$1 seeds=$top/tests/fuzz/corpus/${1#fuzz-}
  mkdir -p "$work/corpus-$t"
  "$build/tests/fuzz/$t" "$work/corpus-$t" "$seeds" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/$t-" >"$work/$t.log" 2>&1
  echo $? >"$work/$t.rc"
}
say "running ${#targets[@]} targets, ${seconds}s each, $jobs at a time"
running=0
for t in "${targets[@]}"; do
  [ -x "$build/tests/fuzz/$t" ] || { say "no such target: $t"; exit 1; }
  rm -f "$work/$t.rc" "$work/$t-"*
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

# 4. Report.
failed=0
printf '%-22s %10s %7s %7s %7s %s\n' target execs cov ft corpus result
for t in "${targets[@]}"; do
  log=$work/$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  rc=$(cat "$work/$t.rc" 2>/dev/null || echo 1)
  result=ok
  if [ "$rc" != 0 ]; then
    result="FAILED (exit $rc): $(ls "$work/$t-"* 2>/dev/null | head -1)"
    failed=1
  fi
  printf '%-22s %10s %7s %7s %7s %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
  [ "$rc" != 0 ] && grep -E -A25 '^==[0-9]+==ERROR|runtime error|fuzz invariant|deadly signal' "$log" | head -40
done
exit $failed
