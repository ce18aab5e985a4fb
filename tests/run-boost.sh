#!/usr/bin/env bash
# run-boost.sh -- runs one Boost.Test program for `make check` with its own XML
# report, tests/reports/NAME.xml in the build tree, so contrib/test.sh can count
# every test case of every Boost.Test runner (one shared report file would be
# overwritten by whichever runner finished last).
set -eu
reports=${abs_top_builddir:-.}/tests/reports
mkdir -p "$reports"
export BOOST_TEST_REPORT_FORMAT=XML BOOST_TEST_REPORT_LEVEL=short
export BOOST_TEST_REPORT_SINK="$reports/$(basename "$1").xml"
rm -f "$BOOST_TEST_REPORT_SINK"
exec "$@"
