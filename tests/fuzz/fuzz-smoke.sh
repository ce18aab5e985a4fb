#!/usr/bin/env bash
# fuzz-smoke.sh -- `make check`'s short fuzz run: every libFuzzer target
# for ORCHARD_FUZZ_SECONDS (default 5) over its seed corpus, two at a time,
# through run-fuzzers.sh. In a g++ build it keeps its own clang build under
# tests/fuzz/clang-build (configured once, rebuilt incrementally); in a build
# configured with --enable-fuzzing it uses that build. Skips (77) when clang
# cannot build fuzzers, or when ORCHARD_FUZZ_SECONDS=0.
set -uo pipefail
src=${abs_top_srcdir:?run through make check}
bld=${abs_top_builddir:?run through make check}
seconds=${ORCHARD_FUZZ_SECONDS:-5}
[ "$seconds" = 0 ] && { echo "SKIP: ORCHARD_FUZZ_SECONDS=0"; exit 77; }
if [ "${ORCHARD_FUZZ_SELF:-no}" = yes ]; then
  export ORCHARD_FUZZ_BUILD=$bld
else
  export ORCHARD_FUZZ_BUILD=$bld/tests/fuzz/clang-build
fi
export ORCHARD_FUZZ_WORK=$bld/tests/fuzz/work
export ORCHARD_FUZZ_JOBS=${ORCHARD_FUZZ_JOBS:-2}
exec bash "$src/tests/fuzz/run-fuzzers.sh" "$seconds"
