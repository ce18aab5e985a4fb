#!/usr/bin/env bash
# sanitizers.sh -- build Orchard with AddressSanitizer and UndefinedBehavior-
# Sanitizer in a tree of its own and run the unit tests and the module tests
# (MODULE_TESTS in Makefile.am: real Unbound loading the ASan-built module)
# under them. Any sanitizer report fails the test it came from
# (contrib/sanitizer-wrap.sh). contrib/test.sh runs it after the main suite.
#
#   contrib/sanitizers.sh [--builddir DIR] [--thread]
#
# --builddir  the sanitizer build (default ./build-asan; ./build-tsan with
#             --thread); configured once, then rebuilt incrementally.
# --thread    ThreadSanitizer instead, unit tests only (the engine's
#             concurrent paths: outcome log queue, shadow table, control server).
# Only what the tests need is built (libpolicy, unit tests, the module,
# orchardctl), at -O0: it compiles faster, and g++ 12 at -O1 reports a stack
# overflow in tests/module/test-reply-view that -O0 does not (tests/fuzz/RESULTS.md).
# Results are the harness's usual .log/.trs files and tests/reports/*.xml in
# the build tree; exit status non-zero if any failed.
# Expects contrib/setup.sh to have run (packages, Unbound in .unbound/).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
mode=address,undefined
builddir=
while [ $# -gt 0 ]; do
  case $1 in
    --builddir) builddir=$(realpath -m "$2"); shift 2 ;;
    --thread) mode=thread; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "sanitizers.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$builddir" ] || builddir=$top/build-$([ $mode = thread ] && echo tsan || echo asan)
say() { printf '== sanitizers (%s): %s\n' "$mode" "$*"; }

args="--enable-werror --enable-sanitizers=$mode --with-unbound-source=$top/.unbound/src CXXFLAGS=-g -O0"
# An in-place ./configure blocks out-of-tree builds (as in contrib/setup.sh).
[ -f "$top/config.status" ] &&
  { echo "sanitizers.sh: $top was configured in place; run 'make distclean' there first" >&2; exit 1; }
mkdir -p "$builddir" && cd "$builddir" || exit 1
rm -f check.log
if [ ! -f Makefile ] || [ "$(cat .orchard-configure-args 2>/dev/null)" != "$args" ]; then
  say "configure in $builddir"
  "$top/configure" -q --enable-werror --enable-sanitizers=$mode \
    --with-unbound-source="$top/.unbound/src" CXXFLAGS="-g -O0" >configure.out 2>&1 ||
    { tail -20 configure.out; exit 1; }
  echo "$args" >.orchard-configure-args
fi
programs=(libpolicy.la tests/unit/unit-tests)
tests='tests/unit/unit-tests'
if [ $mode != thread ]; then
  programs+=(orchardctl module/orchard.la tests/module/test-reply-view)
  # shellcheck disable=SC2016  # $(MODULE_TESTS) is make's, expanded by make
  tests='tests/unit/unit-tests $(MODULE_TESTS)'
fi
say "make ${programs[*]}"
make -s -j"$(nproc)" "${programs[@]}" >make.out 2>&1 || { tail -30 make.out; exit 1; }

say "running the tests"
rm -rf tests/reports
find tests -name '*.trs' -delete 2>/dev/null
wrap="bash $top/contrib/sanitizer-wrap.sh"
# check-TESTS: only the tests, without building every check program.
make -j"$(( $(nproc) + 1 ))" check-TESTS TESTS="$tests" \
  SH_LOG_COMPILER="$wrap bash" LOG_COMPILER="$wrap bash $top/tests/run-boost.sh" \
  >check.log 2>&1
