#!/usr/bin/env bash
# tests/bench/make-zones.sh DIR -- the benchmark's authoritative data and
# query files (deterministic; ~5 s). Called by run-bench.sh; usable alone.
#
# Every address is a documentation address (RFC 5737, RFC 3849):
# 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32.
#
# Zones (served by NSD on $NSD_ADDR:53), shaped like Apple's DNS:
#   apple.com, cdn-apple.com, mzstatic.com   Apple names of the catalog, three ways:
#       chain   NAME (300 s) CNAME NAME.akadns.example. (120 s) CNAME eN.cdn.example.
#       cdn     NAME (300 s) CNAME eN.cdn.example.
#       direct  NAME A/AAAA (300 s): 2-4 A in 203.0.113.0/24, 1-2 AAAA in 2001:db8:a::/48
#     wildcards *.push.apple.com (60 s, 4 A 203.0.113.200-203, no AAAA: APNs),
#               *.itunes.apple.com (CNAME chain), *.apps.apple.com (direct)
#     never seen: f<N>.mzstatic.com (300 s) AAAA 2001:db8:f::<N> -- $FRESH names, each
#               with its own address (matched by the catalog's *.mzstatic.com)
#   akadns.example   the GSLB layer (CNAMEs only)
#   cdn.example      edges e1..e16 (30 s): 2-4 A in 198.51.100.0/24, 0-2 AAAA in 2001:db8:cd::/48
#   example.org      a control zone that no set may take (wildcard, 192.0.2.0/24)
#
# Query files (dnsperf format), in DIR/queries:
#   hit.txt                 the Apple names x {A, AAAA}, replayed (cache hits)
#   miss-apple-{warm,meas,lat}.txt  <unique label>.push.apple.com A (cache misses)
#   new-{warm,meas,lat}.txt         f<N>.mzstatic.com AAAA, disjoint slices
#   new-insert.txt          "name address" lines for bench-insert-latency
set -euo pipefail
D=${1:?usage: make-zones.sh DIR}
NSD_ADDR=${NSD_ADDR:-127.0.0.53}
FRESH=${FRESH:-260000}        # never-seen names (and addresses)
MISS_LINES=${MISS_LINES:-400000}
# slices of the never-seen names: warm-up, latency probe, insertion probe, measurement
NEW_WARM=10000 NEW_LAT=10000 NEW_INSERT=6000

rm -rf "$D/zones" "$D/queries" "$D/nsd-state"
mkdir -p "$D/zones" "$D/queries" "$D/nsd-state"
Q=$D/queries

# name kind edge: chain/cdn names resolve through edge eN; direct and wild have none
cat > "$D/hostnames.tsv" <<'EOF'
albert.apple.com	direct	-
appldnld.apple.com	chain	10
captive.apple.com	direct	-
crl.apple.com	cdn	4
deviceenrollment.apple.com	direct	-
deviceservices-external.apple.com	direct	-
gdmf.apple.com	chain	1
gg.apple.com	chain	6
gnf-mdn.apple.com	chain	7
gnf-mr.apple.com	chain	7
gs.apple.com	cdn	5
identity.apple.com	cdn	11
ig.apple.com	chain	6
iprofiles.apple.com	direct	-
itunes.apple.com	chain	13
lcdn-registration.apple.com	direct	-
mdmenrollment.apple.com	direct	-
mesu.apple.com	chain	2
ocsp.apple.com	chain	3
oscdn.apple.com	cdn	9
osrecovery.apple.com	chain	10
ppq.apple.com	direct	-
skl.apple.com	direct	-
swcdn.apple.com	cdn	9
swdist.apple.com	chain	8
swdownload.apple.com	chain	8
swpost.apple.com	direct	-
swscan.apple.com	chain	8
time-ios.apple.com	direct	-
time-macos.apple.com	direct	-
time.apple.com	direct	-
xp.apple.com	chain	5
updates-http.cdn-apple.com	cdn	2
updates.cdn-apple.com	chain	2
ns.itunes.apple.com	wild	-
vpp.itunes.apple.com	wild	-
init.itunes.apple.com	wild	-
buy.itunes.apple.com	wild	-
play.itunes.apple.com	wild	-
bag.itunes.apple.com	wild	-
1-courier.push.apple.com	wild	-
2-courier.push.apple.com	wild	-
3-courier.push.apple.com	wild	-
4-courier.push.apple.com	wild	-
5-courier.push.apple.com	wild	-
api.push.apple.com	wild	-
is1-ssl.mzstatic.com	chain	15
is2-ssl.mzstatic.com	chain	15
is3-ssl.mzstatic.com	chain	16
is4-ssl.mzstatic.com	chain	16
is5-ssl.mzstatic.com	chain	15
s.mzstatic.com	cdn	16
apps.mzstatic.com	direct	-
www.apps.apple.com	wild	-
books.apps.apple.com	wild	-
EOF

awk -F'\t' -v Z="$D/zones" '
function soa(zone,   f) {
  f = Z "/" zone ".zone"
  printf "$ORIGIN %s.\n$TTL 300\n", zone > f
  printf "@ 3600 IN SOA ns1.%s. hostmaster.%s. 1 3600 600 86400 30\n", zone, zone > f
  printf "@ 3600 IN NS ns1.%s.\nns1 3600 IN A 192.0.2.53\n", zone > f
  return f
}
function zone_of(n) {
  if (n ~ /\.mzstatic\.com$/) return "mzstatic.com"
  if (n ~ /\.cdn-apple\.com$/) return "cdn-apple.com"
  return "apple.com"
}
BEGIN {
  split("apple.com mzstatic.com cdn-apple.com akadns.example cdn.example example.org", zs, " ")
  for (i in zs) zf[zs[i]] = soa(zs[i])
  for (e = 1; e <= 16; e++) {   # edge eN: 2 + N%3 A, N%3 AAAA, TTL 30
    for (j = 1; j <= 2 + e % 3; j++) printf "e%d 30 IN A 198.51.100.%d\n", e, e * 8 + j > zf["cdn.example"]
    for (j = 1; j <= e % 3; j++)     printf "e%d 30 IN AAAA 2001:db8:cd:%d::%d\n", e, e, j > zf["cdn.example"]
  }
  for (j = 200; j <= 203; j++) printf "*.push.apple.com. 60 IN A 203.0.113.%d\n", j > zf["apple.com"]
  printf "*.itunes.apple.com. 300 IN CNAME itunes.apple.com.akadns.example.\n" > zf["apple.com"]
  printf "*.apps.apple.com. 300 IN A 203.0.113.210\n*.apps.apple.com. 300 IN AAAA 2001:db8:a:210::1\n" > zf["apple.com"]
  printf "*.example.org. 300 IN A 192.0.2.1\n*.example.org. 300 IN AAAA 2001:db8:e::1\n" > zf["example.org"]
  printf "ready.example.org. 300 IN A 192.0.2.80\n" > zf["example.org"]
  nd = 0
}
$2 == "chain" {
  printf "%s. 300 IN CNAME %s.akadns.example.\n", $1, $1 > zf[zone_of($1)]
  printf "%s.akadns.example. 120 IN CNAME e%d.cdn.example.\n", $1, $3 > zf["akadns.example"]
}
$2 == "cdn" { printf "%s. 300 IN CNAME e%d.cdn.example.\n", $1, $3 > zf[zone_of($1)] }
$2 == "direct" {
  nd++
  for (j = 1; j <= 2 + nd % 3; j++) printf "%s. 300 IN A 203.0.113.%d\n", $1, nd * 4 + j > zf[zone_of($1)]
  for (j = 1; j <= 1 + nd % 2; j++) printf "%s. 300 IN AAAA 2001:db8:a:%d::%d\n", $1, nd, j > zf[zone_of($1)]
}' "$D/hostnames.tsv"
# (the itunes.apple.com chain row also gives *.itunes.apple.com its target)

# The never-seen names: f<N>.mzstatic.com AAAA 2001:db8:f::<hi>:<lo>
awk -v n="$FRESH" -v Z="$D/zones/mzstatic.com.zone" -v I="$Q/new-insert.txt" \
    -v W="$NEW_WARM" -v L="$NEW_LAT" -v S="$NEW_INSERT" -v Q="$Q" 'BEGIN {
  for (i = 0; i < n; i++) {
    a = sprintf("2001:db8:f::%x:%x", int(i / 65536) + 1, i % 65536)
    printf "f%d 300 IN AAAA %s\n", i, a >> Z
    if (i < W) f = Q "/new-warm.txt"
    else if (i < W + L) f = Q "/new-lat.txt"
    else if (i < W + L + S) { printf "f%d.mzstatic.com %s\n", i, a > I; continue }
    else f = Q "/new-meas.txt"
    printf "f%d.mzstatic.com AAAA\n", i > f
  }}'

for f in "$D"/zones/*.zone; do nsd-checkzone "$(basename "$f" .zone)" "$f" >/dev/null; done

{
  cat <<EOF
server:
    ip-address: $NSD_ADDR
    port: 53
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "$D/zones"
    database: ""
    zonelistfile: "$D/nsd-state/zone.list"
    xfrdfile: "$D/nsd-state/xfrd.state"
    xfrdir: "$D/nsd-state"
    pidfile: "$D/nsd-state/nsd.pid"
    logfile: "$D/nsd-state/nsd.log"
    verbosity: 0
    minimal-responses: yes
    refuse-any: yes
    # Debian's NSD limits responses to 200 qps per /24 by default
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
EOF
  for f in "$D"/zones/*.zone; do
    z=$(basename "$f" .zone)
    printf 'zone:\n    name: "%s"\n    zonefile: "%s.zone"\n' "$z" "$z"
  done
} > "$D/nsd.conf"
nsd-checkconf "$D/nsd.conf"

cut -f1 "$D/hostnames.tsv" | awk '{print $1" A"; print $1" AAAA"}' > "$Q/hit.txt"
cp "$Q/hit.txt" "$Q/hit-lat.txt"
gen() {   # gen FILE PREFIX LINES: unique labels under push.apple.com
  awk -v p="$2" -v n="$3" 'BEGIN { srand(20240501)
    for (i = 0; i < n; i++) printf "%s%x%04x.push.apple.com A\n", p, i, int(rand() * 65536) }' > "$1"
}
gen "$Q/miss-apple-warm.txt" wa 50000
gen "$Q/miss-apple-meas.txt" ma "$MISS_LINES"
gen "$Q/miss-apple-lat.txt"  la 20000
echo "make-zones: $(wc -l < "$D/hostnames.tsv") Apple names, $FRESH never-seen names," \
     "$(wc -l < "$Q/new-meas.txt") of them for the measurement"
