#!/usr/bin/env bash
# orchardctl.sh -- black-box tests of orchardctl's offline commands
# (catalog, match): output, formats, exit statuses, option errors, and where
# orchardctl finds its catalog when none is named.
set -euo pipefail
B=${abs_top_builddir:-.}
S=${abs_top_srcdir:-.}
CTL="$B/orchardctl"
export ORCHARD_CATALOG="$S/policy/catalog/apple.catalog"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
check() {  # check DESCRIPTION COMMAND... : the command must succeed
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}
status() { set +e; "$@" >/dev/null 2>&1; echo $?; set -e; }

# catalog: TSV has a header and one line per row, 50 rows in the article
"$CTL" catalog --format tsv >"$T/tsv"
check "tsv header" grep -qx $'section\thost\tports\tprotocol\tos\tproxy\tdescription' "$T/tsv"
check "tsv has 50 rows" test "$(($(wc -l <"$T/tsv") - 1))" -eq 50
check "tsv row time.apple.com" grep -q $'^device-setup\ttime.apple.com\t123\tudp\tiOS, tvOS, macOS\tno\t' "$T/tsv"
check "tsv blank proxy is unspecified" grep -q $'\tdeviceenrollment.apple.com\t443\ttcp\t.*\tunspecified\t' "$T/tsv"
check "gs.apple.com listed twice" test "$(cut -f2 "$T/tsv" | grep -cx gs.apple.com)" -eq 2
"$CTL" catalog --format json >"$T/json"
check "json parses, 7 sections" test "$(jq '.sections | length' "$T/json")" -eq 7
check "json rules" test "$(jq -r '.rules[].id' "$T/json" | tr '\n' ' ')" = "firewall proxy apns-pac device-initiated "
"$CTL" catalog --section notarization >"$T/table"
check "table section title" grep -q '^App notarization \[notarization\]' "$T/table"
check "table block row" grep -q '17.250.64.0/18' "$T/table"
check "lang ja" sh -c "'$CTL' catalog --section app-store --lang ja | grep -q 'エンタープライズ App の検証'"

# match: rows, how, union of ports, rules, exit status
"$CTL" match gs.apple.com 1-courier.push.apple.com 17.248.130.5 >"$T/m"
check "match gs two rows" test "$(grep -c 'exact .*gs.apple.com' "$T/m")" -eq 2
check "match gs union" grep -q 'allow: tcp 80,443' "$T/m"
check "match wildcard" grep -q 'wildcard .*\*.push.apple.com' "$T/m"
check "match apns rule" grep -q 'rule apns-pac' "$T/m"
check "match block" grep -q 'block .*17.248.128.0/18' "$T/m"
check "match firewall rule for address" grep -q 'rule firewall' "$T/m"
check "exit 0 when all match" test "$(status "$CTL" match gs.apple.com)" -eq 0
check "exit 1 on look-alike" test "$(status "$CTL" match evilapple.com)" -eq 1
check "exit 1 on apex of wildcard" test "$(status "$CTL" match push.apple.com)" -eq 1
check "json match" test "$("$CTL" match --format json GS.Apple.COM. | jq -r '.[0].allow | map(.port) | join(",")')" = "80,443"

# errors: one line, pointing to --help; bad files name file and line
set +e
err=$("$CTL" catalog --frobnicate 2>&1); rc=$?
set -e
check "unknown option exit 2" test "$rc" -eq 2
check "unknown option one line with --help" test "$(printf '%s\n' "$err" | wc -l)" -eq 1 -a -n "$(printf '%s' "$err" | grep -- "--help")"
check "unknown command" test "$(status "$CTL" frobnicate)" -eq 2
check "--version" sh -c "'$CTL' --version | grep -q '^orchardctl '"
check "--help lists commands" sh -c "'$CTL' --help | grep -q '^  match '"
check "match --help teaches" sh -c "'$CTL' match --help | grep -q 'Examples:'"
printf 'section s title=S\nhost s a.example proto=tcp ports=99999 os=ios\n' >"$T/bad.catalog"
set +e
err=$("$CTL" catalog --catalog "$T/bad.catalog" 2>&1); rc=$?
set -e
check "bad catalog exit 3" test "$rc" -eq 3
check "bad catalog names file:line" test "$err" = "orchardctl: $T/bad.catalog:2: expected a port from 1 to 65535, found '99999'"
printf 'section local title=Local\nhost local mdm.example.com proto=tcp ports=443 os=ios\nremove software-update xp.apple.com\n' >"$T/site.catalog"
check "site file adds a row" sh -c "'$CTL' match --site '$T/site.catalog' mdm.example.com | grep -q 'local'"
check "site file removes a row" test "$(status "$CTL" match --site "$T/site.catalog" xp.apple.com)" -eq 1


# catalog lookup: --catalog, $ORCHARD_CATALOG, the installed catalog, then the
# build tree's source catalog for the build tree's binary only
help=$("$CTL" match --help | tr -s ' \n' '  ')
installed=$(sed -n 's/.*else \([^ ]*\) if it exists.*/\1/p' <<<"$help")
tree_catalog="$(cd "$S" && pwd -P)/policy/catalog/apple.catalog"
check "--help names the installed catalog" test -n "$installed"
check "--help names the build tree's catalog" grep -q 'policy/catalog/apple.catalog' <<<"$help"
check "--catalog before \$ORCHARD_CATALOG" \
  test "$(ORCHARD_CATALOG="$T/none" status "$CTL" match --catalog "$ORCHARD_CATALOG" gs.apple.com)" -eq 0
set +e
err=$(ORCHARD_CATALOG="$T/none" "$CTL" match gs.apple.com 2>&1); rc=$?
set -e
check "missing \$ORCHARD_CATALOG exit 3" test "$rc" -eq 3
check "missing \$ORCHARD_CATALOG named" \
  test "$err" = "orchardctl: $T/none: cannot read: No such file or directory (named by \$ORCHARD_CATALOG)"
set +e
err=$(ORCHARD_SITE="$T/nosite" "$CTL" match gs.apple.com 2>&1); rc=$?
set -e
check "missing \$ORCHARD_SITE exit 3" test "$rc" -eq 3
check "missing \$ORCHARD_SITE named" \
  test "$err" = "orchardctl: $T/nosite: cannot read: No such file or directory (named by \$ORCHARD_SITE)"
if [[ -e $installed ]]; then
  echo "skip lookup without \$ORCHARD_CATALOG ($installed is installed)"
else
  check "build tree binary reads the tree's catalog" \
    test "$(env -u ORCHARD_CATALOG "$CTL" match gdmf.apple.com | grep -c 'exact .*gdmf.apple.com')" -eq 1
  mkdir "$T/bin"
  bin=$B/orchardctl
  head -c4 "$bin" | grep -q ELF || bin=$B/.libs/orchardctl   # a libtool wrapper script
  cp "$bin" "$T/bin/orchardctl"
  set +e
  err=$(env -u ORCHARD_CATALOG "$T/bin/orchardctl" match gdmf.apple.com 2>&1); rc=$?
  set -e
  check "copy outside the build tree: exit 3" test "$rc" -eq 3
  check "copy outside the build tree: one line" test "$(wc -l <<<"$err")" -eq 1
  for place in '$ORCHARD_CATALOG is not set' "$installed does not exist" \
    "not the one built in" "reads $tree_catalog)" '--catalog FILE' 'ORCHARD_CATALOG=FILE'; do
    check "copy outside the build tree: error names '$place'" grep -qF -- "$place" <<<"$err"
  done
  check "copy with \$ORCHARD_CATALOG works" test "$(status "$T/bin/orchardctl" match gs.apple.com)" -eq 0
fi

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
