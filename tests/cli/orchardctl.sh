#!/usr/bin/env bash
# orchardctl.sh -- black-box tests of orchardctl's offline commands
# (catalog, match): output, formats, exit statuses, option errors.
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

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
