#!/usr/bin/env bash
# generators.sh -- orchardctl gen's resolver, proxy and filter generators:
# what names each output covers (catalog hosts, wildcards without their apex,
# recorded CNAME targets), option errors, and every output loaded by the
# real program: unbound-checkconf, named-checkconf/named-checkzone,
# dnsmasq --test, squid -k parse, node evaluating the PAC file, and nft
# loading the nftables ruleset in a private netns (safe by default: no drop
# policy without --policy drop). A check whose program is not installed is
# reported as skipped, not passed.
set -euo pipefail
B=${abs_top_builddir:-.}
S=${abs_top_srcdir:-.}
CTL="$B/orchardctl"
export ORCHARD_CATALOG="$S/policy/catalog/apple.catalog"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export ORCHARD_CNAMES="$T/none.tsv"   # missing: no targets unless a test says so
fails=0 skips=0
check() {  # check DESCRIPTION COMMAND... : the command must succeed
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}
have() {   # have CMD WHAT: false (and a skip line) when CMD is missing
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "skip $2 ($1 not installed)"; skips=$((skips + 1)); return 1
}
status() { set +e; "$@" >/dev/null 2>&1; echo $?; set -e; }
has_line() { grep -qxF -- "$2" "$1"; }

# --- a state file like the engine writes ----------------------------------------
printf '# name\tpattern\tfirst\tlast\tcount\n' >"$T/cnames.tsv"
printf '%s\t%s\t1700000000\t1700000100\t3\n' \
  xp.apple.com.akadns.example xp.apple.com \
  e8.cdn.example xp.apple.com \
  e4.cdn.example mesu.apple.com \
  1-courier.push.apple.com '*.push.apple.com' >>"$T/cnames.tsv"

# --- help and errors -------------------------------------------------------------
help=$("$CTL" gen --help)
for k in unbound-forward rpz-passthru unbound-exceptions dnsmasq bind squid pac; do
  check "gen --help lists $k" grep -q "^  $k " <<<"$help"
  check "gen $k --help has examples" bash -c "'$CTL' gen $k --help | grep -q '^Examples:'"
done
check "--help lists verify" bash -c "'$CTL' --help | grep -q '^  verify '"
check "unbound-forward needs --upstream" test "$(status "$CTL" gen unbound-forward)" -eq 2
err=$("$CTL" gen unbound-forward --upstream 192.0.2.1@99999 2>&1 || true)
check "bad --upstream: one line with --help" test "$(wc -l <<<"$err")" -eq 1 -a -n "$(grep -- --help <<<"$err")"
check "bad --cname-scope exit 2" test "$(status "$CTL" gen rpz-passthru --cname-scope some)" -eq 2
printf 'xp.apple.com.akadns.example\txp.apple.com\tsoon\n' >"$T/bad.tsv"
set +e; err=$("$CTL" gen rpz-passthru --cnames "$T/bad.tsv" 2>&1); rc=$?; set -e
check "bad state file exit 3" test "$rc" -eq 3
check "bad state file names file:line" grep -q "^orchardctl: $T/bad.tsv:1: " <<<"$err"
check "dnsmasq with nothing to write exit 2" test "$(status "$CTL" gen dnsmasq --no-nftset)" -eq 2
check "bind with nothing to write exit 2" test "$(status "$CTL" gen bind)" -eq 2

# --- rpz-passthru: rules, scopes, CNAME targets, loaded by named-checkzone --------
"$CTL" gen rpz-passthru --serial 42 --cnames "$T/cnames.tsv" >"$T/p.rpz"
rules() { awk '$2 == "CNAME" && $3 == "rpz-passthru." { print $1 }' "$1"; }
rules "$T/p.rpz" >"$T/rules"
check "rpz: exact host" has_line "$T/rules" xp.apple.com
check "rpz: wildcard" has_line "$T/rules" '*.push.apple.com'
check "rpz: wildcard apex not exempted" bash -c "! grep -qx 'push.apple.com' '$T/rules'"
check "rpz: exact and wildcard itunes" bash -c "grep -qx 'itunes.apple.com' '$T/rules' && grep -qx '\*.itunes.apple.com' '$T/rules'"
check "rpz: CNAME targets" bash -c "grep -qx 'xp.apple.com.akadns.example' '$T/rules' && grep -qx 'e4.cdn.example' '$T/rules'"
check "rpz: target under a wildcard not repeated" bash -c "! grep -qx '1-courier.push.apple.com' '$T/rules'"
check "rpz: no address blocks" bash -c "! grep -q '/' '$T/rules'"
check "rpz: sorted, no duplicates" test "$(sort -u "$T/rules" | wc -l)" -eq "$(wc -l <"$T/rules")"
check "rpz: header counts targets" grep -q '4 targets read from' "$T/p.rpz"
check "rpz: serial" grep -q 'SOA localhost. hostmaster.localhost. 42 ' "$T/p.rpz"
"$CTL" gen rpz-passthru --serial 1 >"$T/p0.rpz"
# 45 names: 43 one rule each, itunes.apple.com two (host and wildcard); the
# hosts under *.itunes.apple.com need none of their own
check "rpz: missing state file = catalog only" test "$(rules "$T/p0.rpz" | wc -l)" -eq 44
if have named-checkzone "rpz loads in named-checkzone"; then
  check "rpz: named-checkzone" named-checkzone -q orchard-passthru.rpz "$T/p.rpz"
fi

# --- unbound-exceptions and unbound-forward: unbound-checkconf ----------------------
"$CTL" gen unbound-exceptions --cnames "$T/cnames.tsv" >"$T/exc.conf"
check "exceptions: always_transparent per name" grep -q '^    local-zone: "xp.apple.com." always_transparent' "$T/exc.conf"
check "exceptions: nested names kept" grep -q '"vpp.itunes.apple.com." always_transparent' "$T/exc.conf"
check "exceptions: exact CNAME targets" grep -q '"e8.cdn.example." always_transparent' "$T/exc.conf"
"$CTL" gen unbound-forward --upstream 192.0.2.53@5353 --upstream 2001:db8::53 \
  --cnames "$T/cnames.tsv" >"$T/fwd.conf"
zones=$(awk '/^forward-zone:/ { getline; gsub(/[" ]|name:/, ""); print }' "$T/fwd.conf")
check "forward: target parent zones" bash -c "grep -qx 'cdn.example.' <<<'$zones' && grep -qx 'apple.com.akadns.example.' <<<'$zones'"
check "forward: wildcard parent" grep -qx 'push.apple.com.' <<<"$zones"
check "forward: no zone inside another" bash -c "! grep -qx 'vpp.itunes.apple.com.' <<<'$zones'"
check "forward: both upstreams" test "$(grep -c 'forward-addr: 2001:db8::53@53' "$T/fwd.conf")" -eq "$(wc -l <<<"$zones")"
checkconf=${ORCHARD_UNBOUND_SRC:+$ORCHARD_UNBOUND_SRC/unbound-checkconf}
[[ -x ${checkconf:-} ]] || checkconf=$(command -v unbound-checkconf || true)
if [[ -n $checkconf ]]; then
  for f in exc fwd; do
    printf 'server:\n    directory: "%s"\n    chroot: ""\n    username: ""\n    local-zone: "apple.com." always_nxdomain\ninclude: "%s"\n' \
      "$T" "$T/$f.conf" >"$T/unbound-$f.conf"
    out=$("$checkconf" "$T/unbound-$f.conf" 2>&1) && rc=0 || rc=$?
    check "unbound-checkconf accepts $f.conf" test "$rc" -eq 0
    check "unbound-checkconf: no warning for $f.conf" bash -c "! grep -q warning <<<\"\$1\"" _ "$out"
  done
else
  echo "skip unbound-checkconf (no Unbound built, none installed)"; skips=$((skips + 1))
fi

# --- bind: named-checkconf with the forward zones and the passthru zone -------------
"$CTL" gen bind --upstream 192.0.2.53@5353 --rpz-file "$T/p.rpz" --cnames "$T/cnames.tsv" >"$T/bind.conf"
check "bind: forward zone" grep -q '^zone "xp.apple.com" { type forward; forward only; forwarders { 192.0.2.53 port 5353; }; };' "$T/bind.conf"
check "bind: rpz zone statement" grep -q '^zone "orchard-passthru.rpz" { type primary; file ' "$T/bind.conf"
if have named-checkconf "bind config loads in named-checkconf"; then
  printf 'options {\n  directory "%s";\n  recursion yes;\n  response-policy { zone "orchard-passthru.rpz"; };\n};\ninclude "%s";\n' \
    "$T" "$T/bind.conf" >"$T/named.conf"
  check "bind: named-checkconf -z" named-checkconf -z "$T/named.conf"
fi

# --- dnsmasq ---------------------------------------------------------------------
"$CTL" gen dnsmasq --upstream 192.0.2.53@5353 --cnames "$T/cnames.tsv" >"$T/dnsmasq.conf"
check "dnsmasq: server for host" has_line "$T/dnsmasq.conf" "server=/xp.apple.com/192.0.2.53#5353"
check "dnsmasq: server below wildcard only" has_line "$T/dnsmasq.conf" "server=/*.push.apple.com/192.0.2.53#5353"
check "dnsmasq: server for target zone" has_line "$T/dnsmasq.conf" "server=/cdn.example/192.0.2.53#5353"
check "dnsmasq: nftset both families" has_line "$T/dnsmasq.conf" "nftset=/*.push.apple.com/4#inet#orchard#apple4,6#inet#orchard#apple6"
check "dnsmasq: no nftset for CNAME targets" bash -c "! grep -q '^nftset=/cdn.example/' '$T/dnsmasq.conf'"
if have dnsmasq "dnsmasq config loads in dnsmasq --test"; then
  check "dnsmasq --test" dnsmasq --test --conf-file="$T/dnsmasq.conf"
fi

# --- squid -------------------------------------------------------------------------
bump=()
if command -v squid >/dev/null && squid -v | grep -q -- '--with-openssl'; then bump=(--ssl-bump); fi
"$CTL" gen squid "${bump[@]}" >"$T/squid-orchard.conf"
check "squid: wildcard as .zone" has_line "$T/squid-orchard.conf" "acl orchard_apple dstdomain .push.apple.com"
check "squid: exact host" has_line "$T/squid-orchard.conf" "acl orchard_apple dstdomain xp.apple.com"
check "squid: no host inside a .zone (Squid rejects it)" bash -c "! grep -q 'dstdomain vpp.itunes.apple.com' '$T/squid-orchard.conf'"
check "squid: allow before auth" grep -q '^http_access allow localnet orchard_apple orchard_apple_ports$' "$T/squid-orchard.conf"
check "squid: ports include APNs" grep -q '^acl orchard_apple_ports port .*5223' "$T/squid-orchard.conf"
check "squid: the article's proxy rule" grep -q 'HTTPS' "$T/squid-orchard.conf"
if have squid "squid config loads in squid -k parse"; then
  (( ${#bump[@]} )) || echo "note squid lacks OpenSSL (ssl_bump): checked without --ssl-bump"
  (( ${#bump[@]} )) && check "squid: splice rule" has_line "$T/squid-orchard.conf" "ssl_bump splice orchard_apple_sni"
  printf 'acl localnet src 192.0.2.0/24\nhttp_port 127.0.0.1:3128\ninclude %s\nhttp_access deny all\ncache_log stdio:%s\npid_filename none\n' \
    "$T/squid-orchard.conf" "$T/cache.log" >"$T/squid.conf"
  out=$(squid -k parse -f "$T/squid.conf" 2>&1) && rc=0 || rc=$?
  check "squid -k parse" test "$rc" -eq 0
  check "squid -k parse: no warning" bash -c "! grep -Eq 'WARNING|ERROR|FATAL' <<<\"\$1\"" _ "$out"
fi

# --- nftables: loaded by nft in a private netns; no drop policy unless asked -------
"$CTL" gen nftables >"$T/accept.nft"
"$CTL" gen nftables --policy drop >"$T/drop.nft"
check "nftables: default chain policy accept" grep -q 'hook forward priority filter; policy accept;' "$T/accept.nft"
check "nftables: default has no drop policy" bash -c "! grep -q 'policy drop;' '$T/accept.nft'"
check "nftables: --policy drop says what it drops" grep -q '^	# policy drop: every forwarded packet$' "$T/drop.nft"
check "nftables: bad --policy exit 2" test "$(status "$CTL" gen nftables --policy reject)" -eq 2
nft_policies() {  # nft_policies FILE: the policy of every base chain, as nft loaded it
  unshare -n bash -c 'nft -f "$1" && nft -j list ruleset' _ "$1" |
    jq -r '.nftables[] | select(.chain.hook) | .chain.policy'
}
if [[ $(id -u) != 0 ]] || ! unshare -n true 2>/dev/null; then
  echo "skip nftables loaded by nft (needs root and unshare -n)"; skips=$((skips + 1))
elif have nft "nftables ruleset loads in nft"; then
  check "nftables: default loads, no chain with policy drop" \
    test "$(nft_policies "$T/accept.nft" | sort -u)" = accept
  check "nftables: --policy drop loads with policy drop" \
    test "$(nft_policies "$T/drop.nft" | sort -u)" = drop
fi

# --- pac: evaluated by node with the standard PAC helpers --------------------------
"$CTL" gen pac --otherwise "PROXY proxy.example.org:3128" >"$T/proxy.pac"
check "pac: APNs caveat" grep -q 'connections to APNs are not established' "$T/proxy.pac"
if have node "PAC evaluated with node"; then
  cat >"$T/eval.js" <<'JS'
const fs = require("fs");
const vm = require("vm");
const ctx = {
  dnsDomainIs: (h, d) => h.length >= d.length && h.substring(h.length - d.length) === d,
  shExpMatch: (s, p) => new RegExp("^" + p.replace(/[.+^${}()|[\]\\]/g, "\\$&")
                        .replace(/\*/g, ".*").replace(/\?/g, ".") + "$").test(s),
};
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), ctx);
for (const h of process.argv.slice(3))
  console.log(h + " " + ctx.FindProxyForURL("https://" + h + "/", h));
JS
  node "$T/eval.js" "$T/proxy.pac" xp.apple.com XP.Apple.COM. 1-courier.push.apple.com \
    a.b.push.apple.com itunes.apple.com ns.itunes.apple.com is1-ssl.mzstatic.com \
    crl3.digicert.com push.apple.com www.apple.com evilapple.com apple.com.evil.example \
    mzstatic.com >"$T/pac.out"
  for h in xp.apple.com XP.Apple.COM. 1-courier.push.apple.com a.b.push.apple.com \
           itunes.apple.com ns.itunes.apple.com is1-ssl.mzstatic.com crl3.digicert.com; do
    check "pac: $h DIRECT" has_line "$T/pac.out" "$h DIRECT"
  done
  for h in push.apple.com www.apple.com evilapple.com apple.com.evil.example mzstatic.com; do
    check "pac: $h via proxy" has_line "$T/pac.out" "$h PROXY proxy.example.org:3128"
  done
fi

echo "$fails failure(s), $skips skipped"
[ "$fails" -eq 0 ]
