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
set -euo pipefail
f=${1:?usage: summarize.sh RESULTS.TSV}
grep '^#' "$f" || true
awk -F'\t' '
  /^#/ || $1 == "threads" { next }
  { n++; row[n] = $0
    if ($2 == "ub-plain" && !(($1, $3) in q)) { q[$1, $3] = $4; c[$1, $3] = $10 } }
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
