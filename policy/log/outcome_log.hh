/**
 * \file outcome_log.hh
 * The outcome log: one JSON object per line per logged query, written off
 * the resolver threads.
 *
 * Resolver threads fill a fixed-size record (log/log_line.hh) in place in a
 * bounded lock-free queue and return: no allocation, no lock, no wait. The
 * queue holds log-queue records of LogLine::kSize (256) bytes plus 8: the
 * default 65,536 take 17 MB, allocated once. A writer thread formats and
 * writes (file, or syslog). A full queue drops the record and counts it; a
 * line that cannot be written is counted as lost. So
 *   pushed == written + dropped + lost (+ queued, while running).
 *
 * The destination may fail in every way and DNS never waits for it
 * (tests/integration/fault-log.sh):
 *  - a full file system: the lines that do not fit are lost, a line cut
 *    short by the lack of space is taken back (ftruncate), so the file holds
 *    whole lines only; writing goes on when space returns;
 *  - a moved file keeps being written until reopen() (logrotate); a deleted
 *    one (no link left) is noticed within a second and the path reopened;
 *    a path that cannot be opened is retried once a second;
 *  - a FIFO or other stream is opened and written without blocking: no
 *    reader yet, or a reader gone (EPIPE, no SIGPIPE), is retried once a
 *    second; a reader that stops reading gets kStallWait, then the writer
 *    stops waiting and counts the lines it cannot write as lost (the
 *    queue, the recent outcomes and address provenance keep going) until
 *    the stream takes data again. A stream is written in pieces of whole
 *    lines of at most PIPE_BUF bytes, which a pipe takes whole or not at
 *    all; a line half written to another kind of stream is completed
 *    first when it can be;
 *  - at shutdown, what is queued is written within kStopWait; whatever is
 *    left then is counted as lost, and the resolver stops. The writer reads
 *    the row table (log/rows.hh), which stops it the same way if the
 *    process exits without destroying the log (Unbound's fatal errors call
 *    exit() without the module's deinit) before it frees the texts; lines
 *    pushed after the stop (resolver threads answer on during exit) wait in
 *    the queue and go nowhere.
 * reopen() makes the writer reopen the file (after logrotate moved it); if
 * that fails, the old file stays in use and the reopen is retried.
 *
 * Line fields: time (UTC, microseconds), client, qname, qtype, rows
 * ([{section, pattern, match}]), outcome, reason, rcode, source, cnames,
 * addresses ([{address, ttl}]), admitted (addresses fit for firewall sets;
 * 0 for a name outside the catalog, logged with `log-queries all`), thread.
 */
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "policy/answer/outcome.hh"
#include "policy/answer/reply.hh"
#include "policy/base/bounded_queue.hh"
#include "policy/base/striped_counter.hh"
#include "policy/catalog/catalog.hh"
#include "policy/log/line_memo.hh"
#include "policy/log/log_line.hh"
#include "policy/log/options.hh"
#include "policy/log/rows.hh"

namespace orchard {

struct LogCounters {
  uint64_t pushed = 0, written = 0, dropped = 0, lost = 0, queued = 0;
};

class OutcomeLog : private LogRowReader {
 public:
  using Observer = std::function<void(const LogLine&)>;
  /** How long a stalled stream is waited for before lines are counted lost. */
  static constexpr std::chrono::milliseconds kStallWait{1000};
  /** How long shutdown waits for the destination to take what is queued. */
  static constexpr std::chrono::milliseconds kStopWait{2000};

  /** Opens the destination; throws FileError if the file cannot be opened
   *  (a start-up error is fatal; later failures are counted; a FIFO without
   *  a reader yet is not an error). `observer` sees every record on the
   *  writer thread (recent outcomes, provenance), also with `log none`. */
  explicit OutcomeLog(const LogOptions& options, Observer observer = {});
  ~OutcomeLog();  // writes what is queued (within kStopWait), then stops
  OutcomeLog(const OutcomeLog&) = delete;
  OutcomeLog& operator=(const OutcomeLog&) = delete;

  /** Queues one answer's line; false (and counted) when the queue is full.
   *  Fills the record in place: no allocation unless it spills. */
  bool push(const LogFacts& facts);
  /** The same from an expanded entry (slower: tests, tools). */
  bool push(const LogEntry& e);
  /** Queues `line` (a record filled for the same answer earlier, not
   *  spilled) with this reply's time, client and thread: a copy instead of
   *  a fill. */
  bool pushCopy(const LogLine& line, int64_t timeUs, const Reply& reply);
  void reopen() { reopen_.store(true); }
  LogCounters counters() const;
  bool enabled() const { return dest_ != LogDestination::none; }
  /** Whether pushed lines go anywhere (a destination or the observer). */
  bool takesLines() const { return dest_ != LogDestination::none || static_cast<bool>(observer_); }

 private:
  using Clock = std::chrono::steady_clock;
  template <typename Fill>
  bool pushWith(size_t stripe, Fill&& fill);  // stripe: base/striped_counter.hh
  /** Writes what is queued (within kStopWait) and joins the writer; at
   *  most once (the destructor, or the row table at exit). */
  void stopReadingRows() noexcept override;
  void run();
  size_t drain(size_t limit);  // records taken from the queue, at most `limit`
  void take(const LogLine& r);
  void flushBatch();
  size_t writeBatch(Clock::time_point deadline);
  size_t writeUntil(const char* data, size_t size, Clock::time_point deadline);
  bool flushTail(Clock::time_point deadline);
  void settlePartial(size_t done);
  Clock::time_point writeDeadline() const;
  void maintain();
  bool openFile();
  bool fileDeleted() const;
  void closeFile();
  void wake();

  LogDestination dest_;
  Observer observer_;
  std::string path_;
  int fd_ = -1;
  bool stream_ = false;     // fd_ is a FIFO, socket or terminal: no taking back
  bool stalled_ = false;    // the stream did not take data within kStallWait
  bool retryOpen_ = false;  // a reopen that failed, retried once a second
  std::string batch_;       // lines formatted, not yet written
  LineMemo lines_;          // cache answers' lines, to reuse (log/line_memo.hh)
  uint64_t batchLines_ = 0;
  std::string tail_;  // rest of a line half written to a stream
  Clock::time_point lastCheck_{}, stopDeadline_{};
  BoundedQueue<LogLine> queue_;
  enum PushCount : size_t { kPushed, kDropped };
  StripedCounters<2> pushCounts_;               // by resolver threads (base/striped_counter.hh)
  std::atomic<uint64_t> written_{0}, lost_{0};  // by the writer
  std::atomic<bool> reopen_{false}, stop_{false}, idle_{false};
  std::mutex wakeMutex_;
  std::condition_variable wakeCv_;
  std::thread writer_;
};

}  // namespace orchard
