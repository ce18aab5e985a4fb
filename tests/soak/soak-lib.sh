# shellcheck shell=bash
# tests/soak/soak-lib.sh -- pieces of run-soak.sh (sourced after
# tests/bench/bench-lib.sh, not executed): the mixed query file, the
# periodic chores (firewall reload, control queries, configuration reload),
# the sampler and the end-of-run report with its checks.

die() { printf 'run-soak: %s\n' "$*" >&2; exit 2; }

# orchard.conf of the soak: bench-lib.sh's start_resolver calls this one
# (same name, defined later): outcome log file, sets, control socket on.
write_orchard_conf() {   # write_orchard_conf CONFIG FILE LOGFILE
  printf '%s\n' "catalog $CATALOG" "log file $3" "log-queries catalog" \
    "control-socket $CTL_SOCK" "sets nftables" "shadow-max $SHADOW_MAX" > "$2"
}

# The mixed load, one dnsperf line per query, 20 slots repeated:
#   0-8   catalog names x {A, AAAA} (hit.txt): cache hits
#   9-11  <unique>.push.apple.com A: catalog cache misses, known addresses
#   12-14 f<N>.mzstatic.com AAAA: catalog cache misses, never-seen addresses
#         (from index FIRST on, wrapping within the zone's names)
#   15    <unique>.example.org A: non-catalog cache misses
#   16    one of 50 example.org names: non-catalog cache hits
#   17    <unique>.mzstatic.com A: NXDOMAIN for a catalog name
#   18    <unique>.akadns.example A: NXDOMAIN for a non-catalog name
#   19    catalog names (hit.txt) again
# make_mix OUT LINES FIRST FRESH HITFILE
make_mix() {
  awk -v n="$2" -v first="$3" -v fresh="$4" -v hits="$5" 'BEGIN {
    while ((getline l < hits) > 0) h[nh++] = l
    if (nh == 0) { print "make_mix: no lines in " hits > "/dev/stderr"; exit 1 }
    f = first
    for (i = 0; i < n; i++) {
      s = i % 20
      if (s <= 8 || s == 19) print h[k++ % nh]
      else if (s <= 11) printf "s%x.push.apple.com A\n", i
      else if (s <= 14) { printf "f%d.mzstatic.com AAAA\n", f; if (++f >= fresh) f = first }
      else if (s == 15) printf "u%x.example.org A\n", i
      else if (s == 16) printf "www%d.example.org A\n", i % 50
      else if (s == 17) printf "nx%x.mzstatic.com A\n", i
      else printf "nx%x.akadns.example A\n", i
    }}' > "$1"
}
# the priming load: never-seen names f0..f<N-1> (fills the shadow table)
make_prime() { awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "f%d.mzstatic.com AAAA\n", i }' > "$1"; }

# --- control queries ----------------------------------------------------------
ctl() { ORCHARD_CONTROL=$CTL_SOCK "$BUILD/orchardctl" "$@"; }
# ctl_logged ARGS...: one control query, a line in ctl.tsv (elapsed s,
# command, exit status, milliseconds); its output in $RUN/ctl-last.PID.out
# (one file per loop), kept as ctl-fail-MS.out when it failed
ctl_logged() {
  local t0 t1 rc=0 out=$RUN/ctl-last.$BASHPID.out
  t0=$(date +%s%N)
  ctl "$@" > "$out" 2>&1 || rc=$?
  t1=$(date +%s%N)
  printf '%d\t%s\t%d\t%d\n' "$(( (t0 - T0NS) / 1000000000 ))" "$*" "$rc" \
    "$(( (t1 - t0) / 1000000 ))" >> "$RUN/ctl.tsv"
  ((rc == 0)) || cp "$out" "$RUN/ctl-fail-$(( (t0 - T0NS) / 1000000 )).out"
  return "$rc"
}

# every CTL_EVERY s: status, stats, recent, sets (in turn; CTL_CMDS, "|"
# between commands, changes the list) until END_S; each
# `sets --json` adds the per-set counts to sets.tsv (t, set, kernel entries,
# shadow elements, differences): the sampler reads the kernel sizes there
control_loop() {
  local cmds i=0 next=0 t c
  IFS='|' read -ra cmds <<<"${CTL_CMDS:-status|stats|recent --limit 20|sets --json}"
  while (( (t = $(elapsed)) < END_S )); do
    c=${cmds[i % ${#cmds[@]}]}
    # shellcheck disable=SC2086  # the commands split into words on purpose
    if ctl_logged $c && [[ $c == "sets --json" ]]; then
      set_counts "$t" < "$RUN/ctl-last.$BASHPID.out" >> "$RUN/sets.tsv" || true
    fi
    i=$((i + 1))
    sleep_until $((next += CTL_EVERY))
  done
}
set_counts() { jq -r --arg t "$1" '.[] | [$t, .set, .kernel_entries, .shadow_elements, .differences] | @tsv'; }
# the last kernel size of SET in sets.tsv
kernel_size() { awk -F'\t' -v s="$1" '$2 == s {v = $3} END {print (v == "" ? "-" : v)}' "$RUN/sets.tsv"; }
sleep_until() {   # sleep_until T: until T seconds after the start (at once if past)
  local ms=$(( $1 * 1000 - ($(date +%s%N) - T0NS) / 1000000 ))
  ((ms <= 0)) || sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
}

# every FW_EVERY s `nft -f` of the ruleset (the sets come back empty), every
# RELOAD_EVERY s `orchardctl reload`; one line each in events.tsv
chores_loop() {
  local next_fw=$FW_EVERY next_rl=$RELOAD_EVERY now rc
  while (( (now = $(elapsed)) < END_S )); do
    if ((now >= next_fw)); then
      rc=0; nft -f "$RUN/orchard.nft" 2>> "$RUN/nft-errors.txt" || rc=$?
      printf '%d\tfirewall-reload\t%d\n' "$now" "$rc" >> "$RUN/events.tsv"
      next_fw=$((next_fw + FW_EVERY))
    fi
    if ((now >= next_rl)); then
      ctl_logged reload || true
      printf '%d\tconfig-reload\t%s\n' "$now" "$(tail -1 "$RUN/ctl.tsv" | cut -f3)" >> "$RUN/events.tsv"
      next_rl=$((next_rl + RELOAD_EVERY))
    fi
    sleep 1
  done
}

elapsed() { echo $(( ($(date +%s%N) - T0NS) / 1000000000 )); }

# --- samples ------------------------------------------------------------------
# shellcheck disable=SC2034  # read by run-soak.sh (the header of samples.tsv)
SAMPLE_COLS="t_s phase rss_kb fds threads shadow evictions set4 set6 queries pushed written dropped lost set_answers added failures refills refilled load1"
# one line of samples.tsv (columns SAMPLE_COLS); phase "dead" if Unbound is gone
sample() {   # sample PHASE
  local t json f
  t=$(elapsed)
  if ! kill -0 "$RES_PID" 2>/dev/null; then
    printf '%s\tdead\n' "$t" >> "$RUN/samples.tsv"; return
  fi
  f=("$t" "$1" "$(awk '/^VmRSS:/ {print $2}' "/proc/$RES_PID/status")"
     "$(find "/proc/$RES_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)"
     "$(awk '/^Threads:/ {print $2}' "/proc/$RES_PID/status")")
  json=$(ctl stats --json 2>/dev/null) || json='{}'
  # shellcheck disable=SC2207  # one word per number
  f+=($(jq -r '[.sets.shadow_size, .sets.evictions] | map(if . == null then "-" else tostring end) | join(" ")' <<<"$json")
      "$(kernel_size orchard4)" "$(kernel_size orchard6)"
      $(jq -r '[(.queries // {} | add), .log.pushed, .log.written, .log.dropped, .log.lost,
                .sets.answers, .sets.added, .sets.failures, .sets.refills, .sets.refilled]
               | map(if . == null then "-" else tostring end) | join(" ")' <<<"$json")
      "$(cut -d' ' -f1 /proc/loadavg)")
  (IFS=$'\t'; echo "${f[*]}") >> "$RUN/samples.tsv"
}

sampler_loop() {
  local next=0 t
  while (( (t = $(elapsed)) < END_S )); do
    sample "$( ((t < WARMUP)) && echo warmup || echo load)"
    sleep_until $((next += SAMPLE_EVERY))
  done
}

# --- report -------------------------------------------------------------------
CHECKS=0 FAILED=0
check_if() {   # check_if WHAT CMD...: one PASS/FAIL line of the verdict
  local what=$1 v=PASS; shift
  CHECKS=$((CHECKS + 1))
  "$@" || { v=FAIL; FAILED=$((FAILED + 1)); }
  printf '%-4s %s\n' "$v" "$what"
}
is_num() { [[ $1 =~ ^-?[0-9]+$ ]]; }
num_le() { is_num "$1" && is_num "$2" && (($1 <= $2)); }
num_eq() { is_num "$1" && [[ $1 == "$2" ]]; }
pct_le() { awk -v a="$1" -v b="$2" -v m="$3" 'BEGIN {exit !(b > 0 && 100 * a / b <= m)}'; }

# rss_after SAMPLES WARMUP: RSS of the load samples after the warm-up, one a line
rss_after() { awk -F'\t' -v w="$2" '$2 == "load" && $1 >= w && $3 ~ /^[0-9]+$/ {print $3}' "$1"; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR ? v[int((NR + 1) / 2)] : "none")}'; }
# rss_figures SAMPLES WARMUP -> "start end max slope_kb_per_min n": start and
# end are the medians of the first and the last 6 load samples after the
# warm-up (a minute at the default interval: a control `sets` over tens of
# thousands of elements leaves a transient of several MB that one sample may
# catch); the slope is the least-squares fit over all of them
rss_figures() {
  awk -F'\t' -v w="$2" -v s="$(rss_after "$@" | head -n 6 | median)" \
      -v e="$(rss_after "$@" | tail -n 6 | median)" '
    $2 == "load" && $1 >= w && $3 ~ /^[0-9]+$/ {
      n++; x = $1 / 60; y = $3; sx += x; sy += y; sxx += x * x; sxy += x * y; if (y > m) m = y }
    END { if (n < 2) { print "none 0 0 0 " n; exit }
          printf "%s %s %d %.1f %d\n", s, e, m, (n * sxy - sx * sy) / (n * sxx - sx * sx), n }' "$1"
}
col() { awk -F'\t' -v p="$2" -v c="$3" '$2 == p {v = $c} END {print v}' "$1"; }   # col FILE PHASE N: last value

# shutdown_counts LOG -> "pushed dropped lost written queued" from the module's
# last "orchard: outcome log: ..." line ("none 0 0 0 0" without one)
shutdown_counts() {
  sed -n 's/.*orchard: outcome log: \(.*\)/\1/p' "$1" | tail -1 |
    awk '{ for (i = 2; i <= NF; i++) { k = $i; gsub(/[^a-z]/, "", k); v[k] = $(i - 1) } }
         END { printf "%s %s %s %s %s\n", v["pushed"] + 0, v["dropped"] + 0, v["lost"] + 0,
               v["written"] + 0, v["queued"] + 0; if (!NR) exit 1 }' || echo "none 0 0 0 0"
}

# --- the report: figures gathered once (globals), printed, then checked ---------
collect_figures() {
  S=$RUN/samples.tsv
  read -r sent comp lost qps noerr < <(parse_perf "$RUN/dnsperf.txt")
  read -r psent pcomp plost _ _ < <(parse_perf "$RUN/dnsperf-prime.txt")
  read -r rs re rm slope n < <(rss_figures "$S" "$WARMUP")
  read -r p d l w q < <(shutdown_counts "$RUN/resolver.log")
  fd0=$(col "$S" idle 4) fd1=$(col "$S" after 4)
  lines=$(wc -l < "$RUN/outcomes.jsonl")
  # lines that are JSON objects with a qname ("error" if one is not JSON)
  jlines=$(jq -n 'reduce (inputs | select(type == "object" and has("qname"))) as $x (0; . + 1)' \
    "$RUN/outcomes.jsonl" 2>/dev/null || echo error)
  diffs=$(awk -F'\t' '$1 == "after" {printf "%s%s %s", (n++ ? ", " : ""), $2, $5}' "$RUN/sets.tsv")
  read -r rcvbuf ubq ubover ubexc < <(drop_counters)
  cq=$(jq '.queries | add' "$RUN/stats-end.json" 2>/dev/null || echo -)
  cpush=$(jq '.log.pushed' "$RUN/stats-end.json" 2>/dev/null || echo -)
  read -r ctl_n ctl_fail ctl_max < <(awk -F'\t' 'NR > 1 {n++; if ($3 != 0) f++; if ($4 > m) m = $4}
    END {print n + 0, f + 0, m + 0}' "$RUN/ctl.tsv")
  read -r fw fw_fail rl < <(awk -F'\t' '$2 == "firewall-reload" {n++; if ($3 != 0) f++}
    $2 == "config-reload" {r++} END {print n + 0, f + 0, r + 0}' "$RUN/events.tsv")
  # refills before the first firewall reload, and after the load
  rf0=$(awk -F'\t' -v t="$FW_EVERY" '$2 ~ /idle|warmup|load/ && $1 < t {v = $18} END {print v + 0}' "$S")
  rf1=$(col "$S" after 18)
  read -r shadow cap < <(sed -n 's/.* shadow=\([0-9]*\)\/\([0-9]*\).*/\1 \2/p' "$RUN/ctl-stats-end.txt"; echo)
}

print_figures() {
  sed -n '1,2p' "$S"
  echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg); 1-minute load over the samples:" \
    "$(awk -F'\t' '$2 ~ /warmup|load/ && $20 != "" {n++; s += $20; if ($20 > m) m = $20}
         END {if (n) printf "mean %.1f, max %.1f", s / n, m}' "$S")"
  echo "queries      sent $sent, answered $comp, lost $lost ($qps qps; NOERROR $noerr%);" \
    "priming: sent $psent, answered $pcomp, lost $plost"
  grep -h 'Response codes:' "$RUN/dnsperf.txt" | sed 's/^ */rcodes       /'
  echo "where lost   UDP receive-buffer overflows $rcvbuf (every socket of the namespace); Unbound:" \
    "$ubq queries, request list overwritten $ubover, exceeded $ubexc"
  echo "resolver     RSS after warm-up $rs KB, at end $re KB (medians of 6 samples; max $rm)," \
    "slope $slope KB/min over $n samples"
  echo "resolver     fds idle before the load $fd0, after it $fd1; threads $(col "$S" after 5)"
  echo "shadow table $shadow/$cap elements, $(col "$S" after 7) evictions"
  echo "kernel sets  orchard4 $(col "$S" after 8), orchard6 $(col "$S" after 9) elements after the load;" \
    "differences from the shadow table: ${diffs:-?}"
  echo "sets         answers $(col "$S" after 15), added $(col "$S" after 16), errors $(col "$S" after 17)," \
    "refills $rf1 (sets refilled; $fw firewall reloads, $fw_fail failed)"
  echo "catalog      queries $cq, pushed $cpush (stats after the load)"
  echo "outcome log  $lines lines in the file; at shutdown pushed $p, written $w, dropped $d, lost $l, queued $q"
  echo "control      $ctl_n queries, $ctl_fail failed, slowest $ctl_max ms; $rl config reloads"
  awk -F'\t' 'NR > 1 {split($2, w, " "); c = w[1]; n[c]++; if ($3 != 0) f[c]++; if ($4 > m[c]) m[c] = $4}
    END {for (c in n) printf "  %-8s %5d queries, %d failed, slowest %d ms\n", c, n[c], f[c], m[c]}' \
    "$RUN/ctl.tsv" | sort
}

# where queries can be dropped: the namespace's UDP receive buffers (every
# socket: dnsperf, Unbound, NSD) and Unbound's request list
# -> "overflows queries overwritten exceeded"
drop_counters() {
  local rcv
  rcv=$(awk '$1 == "Udp:" && !h {for (i = 2; i <= NF; i++) k[i] = $i; h = 1; next}
             $1 == "Udp:" {for (i = 2; i <= NF; i++) if (k[i] == "RcvbufErrors") print $i}' "$RUN/snmp-end.txt")
  awk -F= -v rcv="${rcv:-none}" '/^total.requestlist.(exceeded|overwritten)=/ {sub(/^total.requestlist./, "", $1); v[$1] = $2}
    /^total.num.queries=/ {q = $2}
    END {printf "%s %d %d %d\n", rcv, q, v["overwritten"], v["exceeded"]}' "$RUN/unbound-stats.txt"
}

survived() { [[ $RES_STATUS == ok ]] && ! cut -f2 "$S" | grep -qx dead; }
rss_flat() { is_num "$rs" && ((re - rs <= RSS_SLACK_KB)); }
fds_flat() { is_num "$fd0" && is_num "$fd1" && ((fd1 - fd0 <= FD_SLACK)); }
ctl_clean() { ((ctl_n > 0 && ctl_fail == 0)); }
fw_refilled() { is_num "$rf1" && ((fw > 0 && fw_fail == 0 && rf1 - rf0 >= fw)); }

print_checks() {
  check_if "Unbound ran to the end ($RES_STATUS)" survived
  check_if "log counters: pushed $p == written $w + dropped $d + lost $l + queued $q" \
    num_eq "$p" $((w + d + l + q))
  check_if "log file: $lines lines == pushed $p - dropped $d - lost $l (nothing lost uncounted)" \
    num_eq "$lines" "$((${p/none/0} - d - l))"
  check_if "log lines that are JSON outcome objects: $jlines of $lines" num_eq "$jlines" "$lines"
  check_if "every catalog answer logged: queries $cq == pushed $cpush" num_eq "$cq" "$cpush"
  check_if "RSS after warm-up $rs -> $re KB (growth <= $RSS_SLACK_KB KB)" rss_flat
  check_if "fds $fd0 -> $fd1 (growth <= $FD_SLACK)" fds_flat
  check_if "control queries: $ctl_fail of $ctl_n failed" ctl_clean
  check_if "firewall reloads: $fw ($fw_fail failed), refills $rf0 -> $rf1 (one or more per reload)" fw_refilled
  check_if "DNS queries lost $lost of $sent (<= $MAX_LOST_PCT%)" pct_le "$lost" "$sent" "$MAX_LOST_PCT"
  check_if "every lost query accounted: lost $lost + $plost (priming) <= UDP overflows $rcvbuf + Unbound's drops $((ubover + ubexc))" \
    num_le "$((lost + plost))" "$((${rcvbuf/none/-1} + ubover + ubexc))"
  if ((FAILED)); then echo "RESULT: FAIL ($FAILED of $CHECKS checks)"; else echo "RESULT: PASS ($CHECKS checks)"; fi
}

# shellcheck disable=SC2034  # the figures are read by the functions above
report() { collect_figures; print_figures; print_checks; }
