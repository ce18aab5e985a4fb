#!/usr/bin/env bash
# run-demo.sh -- Orchard's main job, offline on this machine: inside a private
# network namespace, NSD serves zones shaped like Apple's (contrib/demo/zones),
# the firewall ruleset from `orchardctl gen nftables` is loaded, the project's
# Unbound runs with the Orchard module, a burst of queries goes through it,
# and the outcome log, the firewall set and the live counters are printed for
# a person to read.
#
#   contrib/demo/run-demo.sh [--keep] [BUILDDIR]   (as root; contrib/demo.sh sets up first)
#
# The demo's files (orchard.conf, unbound.conf, the outcome log, the CNAME
# state, the nftables ruleset) live in a scratch folder that is removed at
# the end; --keep (or ORCHARD_KEEP=1) keeps it, and the last line says where.
# Output is wrapped to the terminal's width ($COLUMNS, default 80).
set -euo pipefail
if [[ ${1:-} == --keep ]]; then
  export ORCHARD_KEEP=1
  shift
fi
export abs_top_builddir=${1:-${abs_top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)/build}}
. "$(dirname "$0")/../../tests/integration/lib.sh"
. "$ORCHARD_SRCDIR/tests/integration/module-lib.sh"
require_unbound
require_module
orchard_enter_netns "$0" "$@"
CTL=$ORCHARD_BUILDDIR/orchardctl
export ORCHARD_CATALOG
width=${COLUMNS:-80}

# fit [INDENT]: wraps stdin's lines at spaces to the terminal's width; a
# continuation starts INDENT columns further in than its line.
fit() {
  awk -v w="$width" -v extra="${1:-4}" '
    { match($0, /^ */); lead = RLENGTH + extra; line = $0
      while (length(line) > w) {
        cut = w; while (cut > lead && substr(line, cut, 1) != " ") cut--
        if (cut <= lead) cut = w
        print substr(line, 1, cut)
        rest = substr(line, cut + 1); sub(/^ +/, "", rest)
        line = sprintf("%*s%s", lead, "", rest)
      }
      print line }'
}

note "authoritative server: NSD on $NSD_ADDR, zones from contrib/demo/zones/"
start_nsd
note "firewall: orchardctl gen nftables (sets orchard4, orchard6, static blocks)"
"$CTL" gen nftables --catalog "$ORCHARD_CATALOG" --hook output --policy accept >"$SCRATCH/orchard.nft"
nft -f "$SCRATCH/orchard.nft"
export ORCHARD_CONTROL=$SCRATCH/control.sock
write_orchard_conf "$SCRATCH/orchard.conf" "cname-file $SCRATCH/cnames.tsv" "sets nftables" \
  "control-socket $ORCHARD_CONTROL"
# The site blocks two Apple hosts the way blocklists do: one NXDOMAIN, one
# redirected to a sinkhole address. Orchard reports both as blocked.
UB_EXTRA='local-zone: "xp.apple.com." always_nxdomain
local-zone: "swscan.apple.com." redirect
local-data: "swscan.apple.com. 300 IN A 0.0.0.0"' start_orchard_unbound "$SCRATCH/orchard.conf"
note "resolver: Unbound $("$UNBOUND" -V | head -1 | cut -d' ' -f2) on $RES_ADDR with ${ORCHARD_SO#"$ORCHARD_BUILDDIR"/}"

names=(mesu.apple.com gs.apple.com time.apple.com 1-courier.push.apple.com
  Init-P01st.Push.Apple.COM is1-ssl.mzstatic.com vpp.itunes.apple.com ocsp.digicert.com
  xp.apple.com swscan.apple.com push.apple.com evilapple.com apple.com.evil.example
  nosuch.apple.com www.example.org)
note "queries: ${#names[@]} names (A), then the same again (cache hits), then AAAA"
for n in "${names[@]}"; do q_rcode "$n" A >/dev/null; done
for n in "${names[@]}"; do q_rcode "$n" A >/dev/null; done
for n in mesu.apple.com gs.apple.com 1-courier.push.apple.com; do q_rcode "$n" AAAA >/dev/null; done
wait_until 5 test "$(olog_lines)" -ge 20 || true
sleep 0.3

echo
echo "Outcome log ($OLOG), one JSON object per line; the first line in full:" | fit
head -1 "$OLOG" | jq .
echo
echo "Every logged query, as a table (look-alikes and other names are not logged):"
jq -r '[.time[11:23], .qname, .qtype, .source, .outcome, .admitted] | @tsv' "$OLOG" |
  column -t -s $'\t' -N TIME,QNAME,TYPE,SOURCE,OUTCOME,ADMITTED | fit
echo
echo "Where each name led, from its first answer: catalog rows, then the chain"
echo "of CNAME targets and the addresses at its end:"
jq -rs 'reduce .[] as $l ({seen: {}, first: []};
           ($l.qname + " " + $l.qtype) as $k
           | if .seen[$k] then . else .seen[$k] = true | .first += [$l] end)
         | .first[] | "  \(.qname) \(.qtype)",
           "    rows   \([.rows[] | .section + ":" + .pattern] | join(" "))",
           "    chain  \((.cnames + [[.addresses[] | .address] | join(", ")
                              | if . == "" then "(no addresses)" else . end]) | join(" > "))"' \
  "$OLOG" | fit 7
echo
echo "Blocked catalog names:"
jq -r 'select(.outcome == "blocked") | "  \(.qname): \(.reason)"' "$OLOG" | sort -u
echo
echo "What the catalog says about one of them (orchardctl match):"
"$CTL" match xp.apple.com | sed 's/^/  /' | fit
elements=$(nft list set inet orchard orchard4 | tr ',{}' '\n\n\n' | grep ' timeout ' |
  sed 's/^[[:space:]]*/  /')
echo "The firewall set the answers filled: $(grep -c . <<<"$elements") elements in orchard4, from"
echo "the kernel (address . protocol . port; time.apple.com opens udp 123 only):"
{ grep ' udp ' <<<"$elements"; grep ' tcp ' <<<"$elements" | head -8; echo "  ..."; }
echo
echo "Live, from the resolver (orchardctl status; orchardctl why 203.0.113.100):"
"$CTL" status | sed 's/^/  /' | fit
"$CTL" why 203.0.113.100 | sed 's/^/  /' | fit
echo
stop_unbound
echo "CNAME targets recorded for split-DNS and blocklist exceptions"
echo "($SCRATCH/cnames.tsv):" | fit
grep -v '^#' "$SCRATCH/cnames.tsv" | cut -f1,2 | tr '\t' ' ' | sed 's/^/  /' | fit
echo
if [[ ${ORCHARD_KEEP:-0} == 1 ]]; then
  echo "The demo's files (configs, logs, ruleset) are kept in $SCRATCH" | fit
else
  echo "The demo's files are removed now; contrib/demo.sh --keep keeps them." | fit
fi
