#!/usr/bin/env bash
# test.sh -- set up (contrib/setup.sh), then run Orchard's whole test suite:
# unit tests (Boost.Test), CLI and style checks, and the integration tests
# with real Unbound, NSD and kernel sets inside private network namespaces.
#
#   contrib/test.sh [--builddir DIR]
#
# Ends with one line "N passed, N failed, N skipped": Boost.Test cases are
# counted one by one, every other test script counts as one. Exit status is
# non-zero when anything failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$top/build
[ "${1:-}" = --builddir ] && builddir=$(realpath -m "$2")
"$top/contrib/setup.sh" --builddir "$builddir" || { echo "0 passed, 1 failed"; exit 1; }
cd "$builddir"
rm -f tests/unit/report.xml
# Integration tests mostly wait on servers: run one more than the cores.
make -j"$(( $(nproc) + 1 ))" check >check.log 2>&1
make_rc=$?
grep -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):' check.log
# Unit test cases, from Boost.Test's XML report.
attr() { grep -o "$1=\"[0-9]*\"" tests/unit/report.xml 2>/dev/null | grep -o '[0-9]*' | head -1; }
unit_pass=$(attr test_cases_passed); unit_fail=$(attr test_cases_failed)
unit_abort=$(attr test_cases_aborted); unit_skip=$(attr test_cases_skipped)
unit_pass=${unit_pass:-0}; unit_fail=$(( ${unit_fail:-0} + ${unit_abort:-0} )); unit_skip=${unit_skip:-0}
# Every other test: its .trs result (the unit runner is counted above).
pass=$unit_pass; fail=$unit_fail; skip=$unit_skip
while IFS= read -r trs; do
  case $trs in */tests/unit/unit-tests.trs) continue ;; esac
  case $(sed -n 's/^:test-result: //p' "$trs" | head -1) in
    PASS|XFAIL) pass=$((pass + 1)) ;;
    SKIP) skip=$((skip + 1)) ;;
    *) fail=$((fail + 1)) ;;
  esac
done < <(find "$builddir/tests" -name '*.trs' | sort)
# A unit runner that crashed before writing its report is a failure too.
if [ ! -s tests/unit/report.xml ]; then fail=$((fail + 1)); fi
if [ $make_rc -ne 0 ] && [ $fail -eq 0 ]; then
  tail -30 check.log; fail=1
fi
[ $fail -gt 0 ] && for f in $(grep -lE '^(FAIL|ERROR)' $(find tests -name '*.log') 2>/dev/null); do
  echo "---- $f"; tail -40 "$f"; done
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
