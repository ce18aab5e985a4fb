#!/usr/bin/env bash
# clang-format.sh -- fails when a C++ file in the tree is not formatted as
# .clang-format says. Fix with: clang-format -i $(git ls-files '*.cc' '*.hh')
set -euo pipefail
S=${abs_top_srcdir:-.}
cd "$S"
command -v clang-format >/dev/null || { echo "SKIP: clang-format not installed"; exit 77; }
files=$(find policy module tools tests -name '*.cc' -o -name '*.hh' | sort)
bad=0
for f in $files; do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f"; bad=1
  fi
done
[ $bad -eq 0 ] && echo "all $(echo "$files" | wc -w) files formatted"
exit $bad
