#!/usr/bin/env bash
# test.sh -- set up (contrib/setup.sh), then run Orchard's whole test suite:
# unit tests (Boost.Test), CLI and style checks, and the integration tests
# with real Unbound, NSD and kernel sets inside private network namespaces;
# then the unit and module tests again in an AddressSanitizer+UBSan build
# (contrib/sanitizers.sh, its results prefixed "asan:").
#
#   contrib/test.sh [--builddir DIR]
#
# ORCHARD_SANITIZERS=0 skips the sanitizer part; ORCHARD_TSAN=1 adds the unit
# tests under ThreadSanitizer ("tsan:"). Ends with one line
# "N passed, N failed, N skipped": Boost.Test cases are counted one by one,
# every other test script counts as one. Exit status is non-zero when
# anything failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$top/build
[ "${1:-}" = --builddir ] && builddir=$(realpath -m "$2")
"$top/contrib/setup.sh" --builddir "$builddir" || { echo "0 passed, 1 failed"; exit 1; }
pass=0; fail=0; skip=0

# count TREE LABEL: prints the harness's result lines of the tests run in
# TREE (prefixed "LABEL: " when LABEL is given) and adds them to the totals.
# A Boost.Test program counts case by case, from its XML report
# (tests/run-boost.sh); one without a report (it crashed) counts as failed.
attr() { grep -o "$1=\"[0-9]*\"" "$2" | grep -o '[0-9]*' | head -1; }
count() {
  local tree=$1 prefix=${2:+$2: } trs name report
  grep -hE '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):' "$tree/check.log" 2>/dev/null | sed "s/^/$prefix/"
  while IFS= read -r trs; do
    name=$(basename "$trs" .trs)
    report=$tree/tests/reports/$name.xml
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
  done < <(find "$tree/tests" -name '*.trs' 2>/dev/null | sort)
}
# failed_logs TREE: the tail of every failed test's log.
failed_logs() {
  local f
  find "$1/tests" -name '*.log' -exec grep -lE '^(FAIL|ERROR)' {} + 2>/dev/null |
    sort | while IFS= read -r f; do
      echo "---- $f"; tail -40 "$f"
    done
}
# run TREE LABEL CMD...: runs CMD (which leaves TREE/check.log), counts its
# tests; a failing CMD with no failed test counts as one failure.
run() {
  local tree=$1 label=$2 rc before=$fail; shift 2
  "$@"
  rc=$?
  count "$tree" "$label"
  if [ $rc -ne 0 ] && [ $fail -eq "$before" ]; then
    tail -30 "$tree/check.log" 2>/dev/null || tail -30 "$tree/make.out" 2>/dev/null
    fail=$((fail + 1))
  fi
  [ $fail -gt "$before" ] && failed_logs "$tree"
}

main_check() {
  cd "$builddir" || return 1
  rm -rf tests/reports
  # Integration tests mostly wait on servers: run one more than the cores.
  make -j"$(( $(nproc) + 1 ))" check >check.log 2>&1
}
run "$builddir" "" main_check
if [ "${ORCHARD_SANITIZERS:-1}" != 0 ]; then
  start=$(date +%s)
  run "$top/build-asan" asan "$top/contrib/sanitizers.sh" --builddir "$top/build-asan"
  echo "asan: $(( $(date +%s) - start )) s (build and tests)"
fi
if [ "${ORCHARD_TSAN:-0}" = 1 ]; then  # ~3 more minutes: not by default
  run "$top/build-tsan" tsan "$top/contrib/sanitizers.sh" --thread --builddir "$top/build-tsan"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
