#!/usr/bin/env bash
# tests/bench/summarize.sh RESULTS.TSV -- the table of one run-bench.sh run.
#   QPS      saturating throughput (dnsperf, 16 sockets, 100 in flight)
#   xUB      QPS / QPS of ub-plain, same thread count and workload, same run
#   us/q     resolver process CPU (user + system, all its threads: Unbound's
#            workers and Orchard's log writer and set watcher) per answer
#   xCPU     us/q / us/q of ub-plain (the better comparator when the client
#            is the bottleneck, as for cache hits)
#   hit%     Unbound's cache hits / queries in the measured window
#   p50/p99  per-query latency (ms) of a separate fixed-rate probe
#   sets     elements in the dynamic sets (v4/v6; orchard-ipset: ipset,
#            orchard: nftables) after warm-up, measurement and probe;
#            Orchard's elements are address . protocol . port (one per port
#            of the matched rows), the others addresses
#   log      outcome log lines written (in the file) / dropped (queue full),
#            from the file and Orchard's shutdown line
#   insert   nftables configurations, never-seen names: time from sending the
#            query to the element's add notification, p50/p99 in us, and the
#            share of elements already in the set when the answer arrived
#   !        status: ok, or crashed (the row is partial)
# Labelled rows ("orchard@3", run-bench.sh --pairs): xUB and xCPU are against
# the first ub-plain row; the paired medians at the end set each row against
# the ub-plain row of its own round (the label's number), median and the
# rounds' ratios, per thread count, workload and configuration.
set -euo pipefail
f=${1:?usage: summarize.sh RESULTS.TSV}
grep '^#' "$f" || true
awk -F'\t' '
  /^#/ || $1 == "threads" { next }
  { n++; row[n] = $0
    split($2, lab, "@")
    if (lab[1] == "ub-plain" && !(($1, $3) in q)) { q[$1, $3] = $4; c[$1, $3] = $10 } }
  END {
    fmt = "%-2s %-17s %-10s %7s %6s %6s %5s %5s %7s %7s %-15s %-15s %-17s %s\n"
    printf fmt, "t", "config", "workload", "QPS", "xUB", "us/q", "xCPU", "hit%", "p50ms", "p99ms",
                "sets v4/v6", "log wr/drop", "insert p50/p99 us", "!"
    for (i = 1; i <= n; i++) {
      split(row[i], r, "\t")
      k = r[1] SUBSEP r[3]
      xub = (k in q && q[k] > 0) ? sprintf("%.3f", r[4] / q[k]) : "-"
      xcpu = (k in c && c[k] > 0) ? sprintf("%.2f", r[10] / c[k]) : "-"
      sets = (r[16] == "-") ? "-" : r[16] "/" r[17]
      lg = (r[18] == "-") ? "-" : r[18] "/" r[20]
      ins = (r[21] == "-" || r[21] == "") ? "-" : sprintf("%s/%s %s%%", r[22], r[23], \
            (r[21] > 0 ? sprintf("%.0f", 100 * r[26] / r[21]) : "-"))
      printf fmt, r[1], r[2], r[3], r[4], xub, r[10], xcpu, r[9], r[14], r[15], sets, lg, ins, r[27]
    }
  }' "$f"
awk -F'\t' '
  # POSIX awk (Debian'"'"'s default is mawk): no asort, an insertion sort.
  function median(list,   v, m, i, j, x) {
    m = split(list, v, " ")
    for (i = 2; i <= m; i++) {
      x = v[i] + 0
      for (j = i - 1; j >= 1 && v[j] + 0 > x; j--) v[j + 1] = v[j]
      v[j + 1] = x
    }
    return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  /^#/ || $1 == "threads" { next }
  { split($2, lab, "@")
    if (!match(lab[2], /[0-9]+$/)) next
    round = substr(lab[2], RSTART); stem = substr(lab[2], 1, RSTART - 1)
    if (lab[1] == "ub-plain") { pq[$1, $3, round] = $4; pc[$1, $3, round] = $10; next }
    cfg = lab[1] (stem == "" ? "" : "@" stem)
    key = $1 "\t" $3 "\t" cfg
    if (!(key in seen)) { seen[key] = 1; keys[++nk] = key }
    rows[key] = rows[key] " " $1 SUBSEP $3 SUBSEP round SUBSEP $4 SUBSEP $10 }
  END {
    if (nk == 0) exit
    print ""
    print "paired medians (each row against the ub-plain row of its own round)"
    fmt = "%-2s %-10s %-17s %6s %6s  %s\n"
    printf fmt, "t", "workload", "config", "xUB", "xCPU", "rounds: xUB / xCPU"
    for (i = 1; i <= nk; i++) {
      split(keys[i], k, "\t"); split(substr(rows[keys[i]], 2), rs, " ")
      lq = lc = shown = ""
      for (j = 1; j <= length(rs); j++) {
        split(rs[j], f, SUBSEP)
        if (!((f[1], f[2], f[3]) in pq) || pq[f[1], f[2], f[3]] <= 0) continue
        x = f[4] / pq[f[1], f[2], f[3]]; y = f[5] / pc[f[1], f[2], f[3]]
        lq = lq " " x; lc = lc " " y; shown = shown sprintf(" %.2f/%.2f", x, y)
      }
      if (lq == "") continue
      printf fmt, k[1], k[2], k[3], sprintf("%.2f", median(lq)), sprintf("%.2f", median(lc)), substr(shown, 2)
    }
  }' "$f"
