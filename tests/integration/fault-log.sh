#!/usr/bin/env bash
# fault-log.sh -- the outcome log's destination fails under dnsperf load, with
# the real Unbound, the Orchard module and NSD in the test's private network
# and mount namespaces. Every phase sends cache hits for catalog names (each
# answer is one log line) at a fixed rate, prints queries per second, lost
# queries and the log counters, and checks that DNS answers at the rate of
# the baseline phase (at least FAULT_FACTOR, default 0.7, of it) with under
# 0.1% of the queries lost, and that every line is accounted for:
#   pushed == written + dropped + lost + queued   (`orchardctl status`)
#   1. baseline: the log on a small tmpfs (LOG_FS_SIZE, default 16m: the
#      phases before the directory's removal write about 8 MB of lines);
#   2. disk full: a ballast file takes the tmpfs's last byte; lines are
#      counted as lost, the file holds whole JSON lines only, and once the
#      ballast is gone new lines are written again;
#   3. logrotate without reopen: the file is renamed; lines keep going to the
#      renamed file until `reopen-log`, then to a new file at the path;
#   4. the log directory is removed: DNS answers, lines are counted as lost;
#      after mkdir and `reopen-log`, lines are written again;
#   5. the log is a FIFO: Unbound starts with no reader there (an open that
#      blocked would hang the start), then a reader opens the FIFO and never
#      reads: the pipe fills, DNS answers at full rate, lines are counted as
#      lost, and SIGTERM under load stops Unbound within STOP_LIMIT_MS
#      (default 5000) ms;
#      the pipe holds whole JSON lines only.
set -euo pipefail
. "$(dirname "$0")/fault_lib.sh"

[[ $(id -u) == 0 ]] || skip "needs root (mount and network namespaces, tmpfs)"
require_unbound
require_module
require_cmd nsd dnsperf socat jq mount mkfifo
# A private mount namespace first (the tmpfs disappears with the test), then
# lib.sh's network namespace.
if [[ -z ${FAULT_LOG_MNTNS:-} ]]; then
  unshare -m --propagation private true 2>/dev/null || skip "cannot create a mount namespace"
  FAULT_LOG_MNTNS=1 exec unshare -m --propagation private -- "$BASH" "$0" "$@"
fi
orchard_enter_netns "$0" "$@"
t_start=$(date +%s%N)
FACTOR=${FAULT_FACTOR:-0.7}
start_nsd

MNT=$SCRATCH/logfs
mkdir -p "$MNT"
mount -t tmpfs -o "size=${LOG_FS_SIZE:-16m}" orchard-fault-log "$MNT" || fail "cannot mount a tmpfs on $MNT"
on_exit "umount -l '$MNT'"
LOGDIR=$MNT/logs
mkdir -p "$LOGDIR"
OLOG=$LOGDIR/outcomes.jsonl
CTL_SOCK=$SCRATCH/orchard.sock
export ORCHARD_CONTROL=$CTL_SOCK

for h in albert captive gs time mesu gdmf identity iprofiles mdmenrollment gg ig swcdn swdist \
  swscan xp ppq; do
  echo "$h.apple.com A"
  echo "$h.apple.com AAAA"
done > "$SCRATCH/hits.queries"

# counters: LOG_P LOG_W LOG_D LOG_L from `status --json`, checks the balance.
counters() {
  ctl_ok status --json
  read -r LOG_P LOG_W LOG_D LOG_L < <(jq -r '"\(.log_pushed) \(.log_written) \(.log_dropped) \(.log_lost)"' <<<"$CTL_OUT")
  local queued=$(( LOG_P - LOG_W - LOG_D - LOG_L ))
  (( queued >= 0 && queued <= 65536 )) ||
    fail "$1: pushed $LOG_P != written $LOG_W + dropped $LOG_D + lost $LOG_L + queued (0..65536)"
  note "$1: log $LOG_P pushed, $LOG_W written, $LOG_D dropped, $LOG_L lost, $queued queued"
}
# load SECS WHAT: cache hits at FAULT_QPS; fails on lost queries, on a rate
# under FACTOR x BASE_QPS (once set) and when Unbound died.
load() {
  perf_start "$SCRATCH/hits.queries" "$1"
  perf_wait "$2"
  (( PERF_LOST * 1000 <= PERF_DONE )) || fail "$2: $PERF_LOST queries lost"
  if [[ -n ${BASE_QPS:-} ]]; then perf_at_least "$PERF_QPS" "$BASE_QPS" "$FACTOR" "$2"; fi
  kill -0 "$UNBOUND_PID" || fail "Unbound died during $2"
}
lines_of() { if [[ -f $1 ]]; then wc -l < "$1"; else echo 0; fi; }
more_lines() { (( $(lines_of "$1") > $2 )); }   # more_lines FILE N
# whole_json_lines FILE WHAT: every line parses, and the last one is complete
whole_json_lines() {
  local bad
  [[ ! -s $1 || $(tail -c 1 "$1" | od -An -c | tr -d ' ') == '\n' ]] || fail "$2: the last line is cut short"
  bad=$(jq -R -r 'try (fromjson | if (.qname | type) == "string" then empty else "odd: \(tojson)" end)
    catch "malformed: \(.)"' "$1" | head -n 3)
  assert_eq "" "$bad" "$2: lines that are not whole JSON lines"
}
stop_timed() {   # stop_timed WHAT: SIGTERM; prints and checks how long the stop took
  local t0 ms
  t0=$(date +%s%N)
  stop_unbound
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  note "$1: Unbound stopped $ms ms after SIGTERM"
  (( ms <= ${STOP_LIMIT_MS:-5000} )) || fail "$1: stopping took $ms ms"
  local s
  s=$(grep -E 'orchard: outcome log:' "$UB_LOG" | tail -n 1)
  [[ $s =~ ([0-9]+)\ pushed,\ ([0-9]+)\ dropped,\ ([0-9]+)\ lost,\ ([0-9]+)\ written,\ ([0-9]+)\ queued ]] ||
    fail "$1: no outcome log summary in $UB_LOG"
  local p=${BASH_REMATCH[1]} d=${BASH_REMATCH[2]} l=${BASH_REMATCH[3]} w=${BASH_REMATCH[4]} q=${BASH_REMATCH[5]}
  (( p == w + d + l + q )) || fail "$1: at shutdown $p pushed != $w written + $d dropped + $l lost + $q queued"
  note "$1: at shutdown $p pushed, $w written, $d dropped, $l lost, $q queued"
}

# --- 1. baseline ---------------------------------------------------------------
write_orchard_conf "$SCRATCH/orchard.conf" "log-queries catalog" "control-socket $CTL_SOCK"
start_orchard_unbound "$SCRATCH/orchard.conf"
load 1 "warm-up"
load 2 "1 baseline"
BASE_QPS=$PERF_QPS
counters "1 baseline"
(( LOG_L == 0 && LOG_D == 0 )) || fail "baseline: lines lost or dropped"

# --- 2. the file system fills up -------------------------------------------------
dd if=/dev/zero of="$MNT/ballast" bs=64k 2>/dev/null || true   # until ENOSPC
note "2 disk full: $(df -k "$MNT" | awk 'NR == 2 { print $4 }') kB free, log $(lines_of "$OLOG") lines"
lost0=$LOG_L
load 2 "2 disk full"
counters "2 disk full"
(( LOG_L - lost0 >= PERF_DONE / 2 )) || fail "disk full: only $(( LOG_L - lost0 )) lines counted as lost for $PERF_DONE answers"
whole_json_lines "$OLOG" "disk full"
rm -f "$MNT/ballast"
n0=$(lines_of "$OLOG") w0=$LOG_W
load 1 "2 space freed"
wait_until 5 more_lines "$OLOG" "$n0" || fail "space freed: no new line within 5 s"
counters "2 space freed"
note "2 space freed: $(( $(lines_of "$OLOG") - n0 )) new lines, written +$(( LOG_W - w0 ))"
whole_json_lines "$OLOG" "space freed"

# --- 3. logrotate without reopen -----------------------------------------------------
mv "$OLOG" "$OLOG.1"
n1=$(lines_of "$OLOG.1")
load 1 "3 renamed"
wait_until 5 more_lines "$OLOG.1" "$n1" || fail "renamed: lines do not go on in the renamed file"
[[ ! -e $OLOG ]] || fail "renamed: a new file appeared before reopen-log"
ctl_ok reopen-log
load 1 "3 after reopen-log"
wait_until 5 more_lines "$OLOG" 0 || fail "reopen-log: no line in the new file within 5 s"
note "3: $(( $(lines_of "$OLOG.1") - n1 )) lines into the renamed file, $(lines_of "$OLOG") into the new one"
counters "3 after reopen-log"

# --- 4. the directory is removed ------------------------------------------------------
rm -rf "$LOGDIR"
lost0=$LOG_L
load 2 "4 directory removed"
counters "4 directory removed"
(( LOG_L > lost0 )) || fail "directory removed: no line counted as lost"
mkdir -p "$LOGDIR"
ctl_ok reopen-log
load 1 "4 directory back"
wait_until 5 more_lines "$OLOG" 0 || fail "directory back: no line within 5 s"
counters "4 directory back"
whole_json_lines "$OLOG" "directory back"
stop_timed "4"

# --- 5. a FIFO whose reader never reads -------------------------------------------------
OLOG=$LOGDIR/outcomes.fifo
mkfifo "$OLOG"
write_orchard_conf "$SCRATCH/orchard-fifo.conf" "log-queries catalog" "control-socket $CTL_SOCK"
t0=$(date +%s%N)
start_orchard_unbound "$SCRATCH/orchard-fifo.conf"   # fails if it does not answer in 10 s
note "5 FIFO without reader: Unbound answers $(( ($(date +%s%N) - t0) / 1000000 )) ms after its start"
load 1 "5 FIFO without reader"
counters "5 FIFO without reader"
(( LOG_W == 0 && LOG_L > 0 )) || fail "FIFO without reader: $LOG_W written, $LOG_L lost"
exec {reader}<>"$OLOG"   # a reader that keeps the FIFO open and never reads
on_exit "exec $reader<&-"
sleep 1.5   # the writer retries the open once a second
lost0=$LOG_L
load 3 "5 FIFO reader stopped"
counters "5 FIFO reader stopped"
(( LOG_W > 0 )) || fail "FIFO: nothing was written to the reader"
(( LOG_L + LOG_D > lost0 + PERF_DONE / 2 )) ||
  fail "FIFO: only $(( LOG_L + LOG_D - lost0 )) lines lost or dropped for $PERF_DONE answers"
perf_start "$SCRATCH/hits.queries" 3   # and stop Unbound under load
sleep 1
stop_timed "5 (under load)"
wait "$FAULT_PERF_PID" || true
FAULT_PERF_PID=""
timeout 1 cat <&"$reader" > "$SCRATCH/fifo.out" || true
note "5: the pipe held $(wc -l < "$SCRATCH/fifo.out") lines ($(wc -c < "$SCRATCH/fifo.out") bytes)"
(( $(wc -l < "$SCRATCH/fifo.out") > 0 )) || fail "FIFO: the pipe holds no line"
whole_json_lines "$SCRATCH/fifo.out" "FIFO"

note "fault-log passed in $(( ($(date +%s%N) - t_start) / 1000000 )) ms"
