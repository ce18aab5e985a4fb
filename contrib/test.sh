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
rm -rf tests/reports
# Integration tests mostly wait on servers: run one more than the cores.
make -j"$(( $(nproc) + 1 ))" check >check.log 2>&1
make_rc=$?
grep -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):' check.log
pass=0; fail=0; skip=0
# A Boost.Test program counts case by case, from its XML report
# (tests/run-boost.sh); one without a report (it crashed) counts as failed.
attr() { grep -o "$1=\"[0-9]*\"" "$2" | grep -o '[0-9]*' | head -1; }
while IFS= read -r trs; do
  name=$(basename "$trs" .trs)
  report=tests/reports/$name.xml
  if [ -s "$report" ]; then
    pass=$((pass + $(attr test_cases_passed "$report")))
    fail=$((fail + $(attr test_cases_failed "$report") + $(attr test_cases_aborted "$report")))
    skip=$((skip + $(attr test_cases_skipped "$report")))
    continue
  fi
  case $(sed -n 's/^:test-result: //p' "$trs" | head -1) in
    PASS|XFAIL) pass=$((pass + 1)) ;;
    SKIP) skip=$((skip + 1)) ;;
    *) fail=$((fail + 1)) ;;
  esac
done < <(find "$builddir/tests" "$builddir/module" -name '*.trs' 2>/dev/null | sort)
if [ $make_rc -ne 0 ] && [ $fail -eq 0 ]; then
  tail -30 check.log; fail=1
fi
[ $fail -gt 0 ] && for f in $(grep -lE '^(FAIL|ERROR)' $(find tests -name '*.log') 2>/dev/null); do
  echo "---- $f"; tail -40 "$f"; done
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
