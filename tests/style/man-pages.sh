#!/usr/bin/env bash
# man-pages.sh -- the man pages stay true to the programs: every command and
# gen kind `orchardctl --help` lists has an entry in orchardctl(8), every
# keyword orchard.conf's parser accepts one in orchard.conf(5), every record
# kind of the catalog parser one in orchard-catalog(5); and groff reads each
# page without a warning. The lists come from the programs themselves (their
# help, and the "expected ..." of their errors), never from a copy here.
set -euo pipefail
S=${abs_top_srcdir:-.}
B=${abs_top_builddir:-.}
CTL=$B/orchardctl
MAN=$S/doc/man
[[ -x $CTL ]] || { echo "SKIP: no $CTL"; exit 77; }
command -v groff >/dev/null || { echo "SKIP: groff not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0

# has PAGE WORD WHAT: PAGE has an entry (a bold heading) for WORD.
has() {
  local roff=${2//-/\\\\-}
  if ! grep -Eq "^\.(B|BR|BI|TP|TQ)[[:space:]]+\"?${roff}([[:space:]\"]|$)" "$MAN/$1"; then
    echo "$1: no entry for $3 '$2'"
    bad=1
  fi
}
# words_of TEXT: the words of "expected a, b, c or d, found 'x'".
words_of() { sed -E 's/.*expected (.*), found.*/\1/; s/ or /, /; s/, /\n/g' <<<"$1"; }

commands=$("$CTL" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 && /^  [a-z]/ {print $1}')
kinds=$("$CTL" gen --help | sed -n '/Kinds:/,/^$/p' | awk '/^  [a-z]/ {print $1}')
printf 'bogus-keyword 1\n' >"$tmp/bad.conf"
keywords=$(words_of "$("$CTL" gen nftables --config "$tmp/bad.conf" 2>&1 || true)")
printf 'bogus-kind x\n' >"$tmp/bad.site"
records=$(words_of "$("$CTL" catalog --site "$tmp/bad.site" 2>&1 || true)")

for w in $commands $kinds; do has orchardctl.8 "$w" "command or gen kind"; done
for w in $keywords; do has orchard.conf.5 "$w" keyword; done
for w in $records; do has orchard-catalog.5 "$w" "record kind"; done
for page in "$MAN"/*.[0-9]; do
  if out=$(groff -man -ww -z "$page" 2>&1) && [[ -z $out ]]; then :; else
    echo "${page##*/}: groff warnings:"$'\n'"$out"
    bad=1
  fi
done
n=$(wc -w <<<"$commands $kinds $keywords $records")
(( bad == 0 )) && echo "man pages: $n commands, kinds, keywords and records all documented"
exit $bad
