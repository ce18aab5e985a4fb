#!/usr/bin/env bash
# summarize-check.sh -- tests/bench/summarize.sh on a small fixed table
# (fixtures/pairs.tsv: three ABBA rounds of ub-plain and orchard), run with
# every awk this machine has (Debian's default is mawk, which has no gawk
# extensions): the paired medians must be the medians of the rounds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
want='1  hit        orchard             0.95   1.10  0.90/1.10 0.95/1.15 0.95/1.04'
tried=0
for awk in mawk gawk original-awk busybox; do
  path=$(command -v "$awk") || continue
  mkdir -p "$tmp/$awk"
  if [ "$awk" = busybox ]; then
    printf '#!/bin/sh\nexec %s awk "$@"\n' "$path" >"$tmp/$awk/awk"
    chmod +x "$tmp/$awk/awk"
  else
    ln -s "$path" "$tmp/$awk/awk"
  fi
  out=$(PATH="$tmp/$awk:$PATH" bash "$here/summarize.sh" "$here/fixtures/pairs.tsv" 2>&1) || {
    echo "FAIL ($awk): summarize.sh exited non-zero:"; echo "$out"; exit 1
  }
  got=$(printf '%s\n' "$out" | grep '^1  hit        orchard ' || true)
  if [ "$got" != "$want" ]; then
    echo "FAIL ($awk): paired median row"; echo " want: $want"; echo " got:  $got"; exit 1
  fi
  rows=$(printf '%s\n' "$out" | grep -c '^1  \(ub-plain\|orchard\)@[0-9]' || true)
  [ "$rows" = 6 ] || { echo "FAIL ($awk): $rows table rows, want 6"; exit 1; }
  echo "ok ($awk)"
  tried=$((tried + 1))
done
[ "$tried" -gt 0 ] || { echo "FAIL: no awk found"; exit 1; }
