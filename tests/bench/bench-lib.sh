# shellcheck shell=bash
# tests/bench/bench-lib.sh -- pieces of run-bench.sh (sourced, not executed):
# paths, the resolver configurations, the firewall sets, measurements.
# Modelled on the anchor harness the project started from; self-contained.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ORCHARD_SRCDIR=${ORCHARD_SRCDIR:-$(cd "$BENCH_DIR/../.." && pwd)}
UNBOUND_SRC=${UNBOUND_SRC:-$ORCHARD_SRCDIR/.unbound/src}
UNBOUND=$UNBOUND_SRC/unbound
UBCTL=$UNBOUND_SRC/unbound-control
CATALOG=${ORCHARD_CATALOG:-$ORCHARD_SRCDIR/policy/catalog/apple.catalog}
NSD_ADDR=127.0.0.53           # authoritative (NSD), port 53
RES_ADDR=127.0.0.1            # resolver under test
RES_PORT=5300
APPLE_ZONES="apple.com mzstatic.com cdn-apple.com"
STUB_ZONES="$APPLE_ZONES akadns.example cdn.example example.org"

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# The options both benchmark scripts take. common_opt ARGS...: sets CONFIGS,
# WORKLOADS or OUT from "$1" "$2", or prints the calling script's header
# (--help) and exits; false for any other option.
common_opt() {
  case $1 in
    --configs|--workloads|--out) (($# >= 2)) || die "$1 needs a value" ;;
  esac
  case $1 in
    --configs) CONFIGS=$2 ;;
    --workloads) WORKLOADS=$2 ;;
    --out) OUT=$2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) return 1 ;;
  esac
}

# Orchard's sets as its cells load them: `orchardctl gen nftables` without its
# filter chain (see reset_sets), `gen ipset` with room for every never-seen
# address, as ub-ipset's. write_set_confs DIR
write_set_confs() {
  "$BUILD/orchardctl" gen nftables --catalog "$CATALOG" |
    awk '/^\tchain / {skip = 1} skip && /^\t}/ {skip = 0; next} !skip' > "$1/orchard.nft"
  "$BUILD/orchardctl" gen ipset --catalog "$CATALOG" |
    sed '/^create / s/ maxelem [0-9]*/ maxelem 1048576/' > "$1/orchard.ipset"
}

# The build tree: $ORCHARD_BUILDDIR, else build/ (contrib/setup.sh), else the source tree.
find_build() {
  local d
  for d in ${ORCHARD_BUILDDIR:-} "$ORCHARD_SRCDIR/build" "$ORCHARD_SRCDIR"; do
    [[ -f $d/module/.libs/orchard.so && -x $d/orchardctl ]] && { echo "$d"; return; }
  done
  die "no built module: configure --with-unbound-source=... && make, then set ORCHARD_BUILDDIR"
}

check_tools() {
  local t
  for t in nsd nsd-checkzone dnsperf dnsmasq dig nft ipset unshare taskset ss "$UNBOUND" "$UBCTL"; do
    command -v "$t" >/dev/null || die "missing tool: $t (contrib/debian-packages.txt)"
  done
}

# CPU pinning (1 thread): the resolver alone on CPU1; dnsperf and NSD on CPU0.
# With 2 resolver threads on a 2-core machine nothing can be isolated.
# Every process of the benchmark also runs at nice $BENCH_NICE (default -10):
# on a machine shared with builds, the measured processes then get the CPU
# they ask for, and the ratios compare resolvers, not the neighbours' load.
set_pinning() {   # set_pinning THREADS
  local n=(nice -n "${BENCH_NICE:--10}")
  if [[ $1 == 1 && $(nproc) -ge 2 ]]; then RES_PIN=("${n[@]}" taskset -c 1); GEN_PIN=("${n[@]}" taskset -c 0)
  else RES_PIN=("${n[@]}"); GEN_PIN=("${n[@]}"); fi
}

NSD_PID="" RES_PID=""
cleanup() {   # only what this script started
  if [[ -n $RES_PID ]]; then kill "$RES_PID" 2>/dev/null || true; fi
  if [[ -n $NSD_PID ]]; then kill "$NSD_PID" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}

wait_dns() {   # wait_dns PORT ADDR: bounded (10 s)
  local _
  for _ in $(seq 100); do
    if [[ -n $(ss -Hlun "sport = :$1" 2>/dev/null) ]] &&
       dig +time=1 +tries=1 -p "$1" @"$2" ready.example.org A >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "server $2:$1 did not come up" >&2; return 1
}

start_nsd() {   # start_nsd DATA LOGDIR
  "${GEN_PIN[@]}" nsd -d -c "$1/nsd.conf" >"$2/nsd.log" 2>&1 &
  NSD_PID=$!
  wait_dns 53 "$NSD_ADDR"
}

# --- firewall sets ------------------------------------------------------------
# ub-ipset: ipset apple4/apple6 (hash:ip, timeout 300, room for every never-seen
# address); dm-nftset: nft table inet fw, sets apple4/apple6 (address, timeout);
# orchard: the ruleset `orchardctl gen nftables` makes (table inet orchard,
# orchard4/orchard6: address . protocol . port); orchard-ipset: the sets
# `orchardctl gen ipset` makes (orchard4/orchard6 hash:ip,port, timeout 300,
# maxelem 1048576 as ub-ipset's); orchard-sets: orchard's. Recreated before
# every cell.
# A configuration may carry a label, e.g. "orchard@old" (ORCHARD_SO_old=PATH
# loads another build of the module; or just a second row to see drift). A
# label's trailing number is a pair's (run-bench.sh --pairs): "orchard@old3"
# loads ORCHARD_SO_old3, else ORCHARD_SO_old.
base_config() { echo "${1%@*}"; }
module_for() {   # module_for CONFIG -> the orchard.so it loads
  local label=${1#*@} v stem
  if [[ $1 == *@* ]]; then
    stem=${label%"${label##*[!0-9]}"}
    for v in "ORCHARD_SO_$label" "ORCHARD_SO_$stem"; do
      [[ $v != ORCHARD_SO_ && -n ${!v:-} ]] && { echo "${!v}"; return; }
    done
  fi
  echo "${ORCHARD_SO:-$BUILD/module/.libs/orchard.so}"
}

reset_sets() {   # reset_sets CONFIG
  # Nothing survives from the previous cell: no table, no chain. The sets carry
  # no filter chain, so no configuration pays for connection tracking (a ct
  # expression anywhere would make the kernel track every loopback packet).
  nft flush ruleset
  ipset destroy 2>/dev/null || true   # every set of this private namespace
  case $(base_config "$1") in
    ub-ipset)
      ipset create apple4 hash:ip family inet  timeout 300 maxelem 1048576
      ipset create apple6 hash:ip family inet6 timeout 300 maxelem 1048576 ;;
    dm-nftset)
      nft -f - <<'EOF'
table inet fw {
  set apple4 { type ipv4_addr; flags timeout; timeout 5m; }
  set apple6 { type ipv6_addr; flags timeout; timeout 5m; }
}
EOF
      ;;
    orchard|orchard-sets) nft -f "$RUN/conf/orchard.nft" ;;
    orchard-ipset) ipset restore -exist < "$RUN/conf/orchard.ipset" ;;
  esac
}
# set_sizes CONFIG -> "v4 v6" elements in the dynamic sets ("- -" without sets)
nft_count() { nft list set "$@" 2>/dev/null | grep -o ' expires ' | wc -l; }
ipset_count() { ipset list -t "$1" | awk '/^Number of entries/ {print $4}'; }
set_sizes() {
  case $(base_config "$1") in
    ub-ipset)  echo "$(ipset_count apple4) $(ipset_count apple6)" ;;
    dm-nftset) echo "$(nft_count inet fw apple4) $(nft_count inet fw apple6)" ;;
    orchard|orchard-sets)
      echo "$(nft_count inet orchard orchard4) $(nft_count inet orchard orchard6)" ;;
    orchard-ipset) echo "$(ipset_count orchard4) $(ipset_count orchard6)" ;;
    *) echo "- -" ;;
  esac
}

# --- resolvers ----------------------------------------------------------------
write_orchard_conf() {   # write_orchard_conf CONFIG FILE LOGFILE
  {
    printf 'catalog %s\nlog-queries catalog\ncontrol-socket none\n' "$CATALOG"
    case $(base_config "$1") in
      orchard-sets|orchard-bare) echo "log none" ;;
      *) echo "log file $3" ;;
    esac
    case $(base_config "$1") in
      orchard|orchard-sets) echo "sets nftables" ;;
      orchard-ipset) echo "sets ipset" ;;
      orchard-log|orchard-bare) echo "sets none" ;;
    esac
  } > "$2"
}

write_unbound_conf() {   # write_unbound_conf CONFIG THREADS FILE CELLDIR
  local cfg mods=iterator z
  cfg=$(base_config "$1")
  case $cfg in ub-ipset) mods="ipset iterator" ;; orchard*) mods="dynlib iterator" ;; esac
  {
    cat <<EOF
server:
    interface: $RES_ADDR@$RES_PORT
    num-threads: $2
    do-daemonize: no
    chroot: ""
    username: ""
    directory: "$4"
    pidfile: ""
    use-syslog: no
    logfile: "$4/resolver.log"
    verbosity: 0
    access-control: 127.0.0.0/8 allow
    do-ip6: no
    do-not-query-localhost: no
    qname-minimisation: no
    module-config: "$mods"
EOF
    if [[ $cfg == ub-ipset ]]; then
      for z in $APPLE_ZONES; do echo "    local-zone: \"$z.\" ipset"; done
      printf 'ipset:\n    name-v4: "apple4"\n    name-v6: "apple6"\n'
    fi
    [[ $cfg == orchard* ]] && printf 'dynlib:\n    dynlib-file: "%s"\n' "$(module_for "$1")"
    printf 'remote-control:\n    control-enable: yes\n    control-interface: "%s"\n    control-use-cert: no\n' \
      "$4/ub.ctl"
    for z in $STUB_ZONES; do printf 'stub-zone:\n    name: "%s."\n    stub-addr: %s\n' "$z" "$NSD_ADDR"; done
  } > "$3"
  "$UNBOUND_SRC/unbound-checkconf" "$3" >/dev/null
}

dnsmasq_args() {   # dnsmasq_args CONFIG CELLDIR (one per line)
  local doms
  doms=/$(tr ' ' '/' <<<"$APPLE_ZONES")/
  printf '%s\n' --keep-in-foreground --conf-file=/dev/null --pid-file= --user=root \
    --listen-address=$RES_ADDR --port=$RES_PORT --bind-interfaces \
    --no-resolv --no-hosts --server=$NSD_ADDR --cache-size=10000 --dns-forward-max=1000 \
    --log-facility="$2/resolver.log"
  [[ $(base_config "$1") == dm-nftset ]] && echo "--nftset=${doms}4#inet#fw#apple4,6#inet#fw#apple6"
  return 0
}

start_resolver() {   # start_resolver CONFIG THREADS CELLDIR; sets RES_PID
  local cfg=$1 cell=$3 args
  case $(base_config "$cfg") in
    ub-*|orchard*)
      write_unbound_conf "$cfg" "$2" "$cell/unbound.conf" "$cell"
      if [[ $cfg == orchard* ]]; then
        write_orchard_conf "$cfg" "$cell/orchard.conf" "$cell/outcomes.jsonl"
        ORCHARD_CONF=$cell/orchard.conf "${RES_PIN[@]}" "$UNBOUND" -d -c "$cell/unbound.conf" \
          >>"$cell/resolver.out" 2>&1 &
      else
        "${RES_PIN[@]}" "$UNBOUND" -d -c "$cell/unbound.conf" >>"$cell/resolver.out" 2>&1 &
      fi
      RES_PID=$! ;;
    dm-*)
      mapfile -t args < <(dnsmasq_args "$cfg" "$cell")
      "${RES_PIN[@]}" dnsmasq "${args[@]}" >>"$cell/resolver.out" 2>&1 &
      RES_PID=$! ;;
    *) die "unknown configuration $cfg" ;;
  esac
  wait_dns "$RES_PORT" "$RES_ADDR"
}

# shellcheck disable=SC2034  # RES_STATUS is read by run-bench.sh
stop_resolver() {   # SIGTERM, bounded wait; RES_STATUS=crashed if it died first
  local _
  RES_STATUS=ok
  kill -0 "$RES_PID" 2>/dev/null || RES_STATUS=crashed
  kill "$RES_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$RES_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$RES_PID" 2>/dev/null || true
  wait "$RES_PID" 2>/dev/null || true
  RES_PID=""
}

# --- measurements -------------------------------------------------------------
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# busy and total ticks of CPU0 and CPU1: "b0 t0 b1 t1"
sys_ticks() {
  awk '/^cpu[01] / {b=$2+$3+$4+$7+$8+$9; t=b+$5+$6; printf "%d %d ", b, t} END {print ""}' /proc/stat
}

dnsperf_run() {   # dnsperf_run OUT ARGS... (hard wall-clock cap)
  local out=$1; shift
  timeout 60 "${GEN_PIN[@]}" dnsperf -s "$RES_ADDR" -p "$RES_PORT" -c 16 -t 2 "$@" > "$out" 2>&1 || true
}
# parse_perf FILE -> "sent completed lost qps noerror_pct"
parse_perf() {
  awk '/Queries sent:/ {s=$3} /Queries completed:/ {c=$3} /Queries lost:/ {l=$3}
       /Queries per second:/ {q=$4}
       /Response codes:/ {for (i=3;i<=NF;i++) if ($i ~ /^NOERROR/) ne=$(i+1)}
       END {printf "%d %d %d %.0f %.1f\n", s, c, l, q, (c ? 100*ne/c : 0)}' "$1"
}
# lat_pct FILE (dnsperf -v) -> "n p50_ms p99_ms"
lat_pct() {
  awk '/^> / {print $NF}' "$1" | sort -g | awk '
    function pct(p,  i) { i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; return a[i] * 1000 }
    {a[NR] = $1}
    END { if (NR == 0) { print "0 - -"; exit }
          printf "%d %.3f %.3f\n", NR, pct(0.50), pct(0.99) }'
}
# unbound_hits CELLDIR -> cache hit % of the window since the last call ("-" for dnsmasq)
unbound_hits() {
  [[ -f $1/unbound.conf ]] || { echo -; return; }
  "$UBCTL" -c "$1/unbound.conf" stats 2>/dev/null |
    awk -F= '/^total.num.queries=/{q=$2} /^total.num.cachehits=/{h=$2}
             END {if (q > 0) printf "%.1f\n", 100 * h / q; else print "-"}'
}
# orchard_log CELLDIR -> "lines pushed dropped" (the outcome log file, and the
# module's shutdown line "orchard: outcome log: P pushed, D dropped, ...")
orchard_log() {
  local lines=- pushed=- dropped=-
  [[ -f $1/outcomes.jsonl ]] && lines=$(wc -l < "$1/outcomes.jsonl")
  if [[ -f $1/resolver.log ]]; then
    read -r pushed dropped < <(sed -n 's/.*orchard: outcome log: \([0-9]*\) pushed, \([0-9]*\) dropped.*/\1 \2/p' \
      "$1/resolver.log" | tail -1; echo)
  fi
  echo "$lines ${pushed:--} ${dropped:--}"
}
