/**
 * \file outcome_log.hh
 * The outcome log: one JSON object per line per logged query, written off
 * the resolver threads.
 *
 * Resolver threads push an entry into a bounded lock-free queue and return;
 * a writer thread formats and writes (file, or syslog). A full queue drops
 * the entry and counts it; a failed write counts the line as lost and the
 * writer retries opening the file once a second. So
 *   pushed == written + dropped + lost (+ queued, while running).
 * reopen() makes the writer reopen the file (after logrotate moved it).
 *
 * Line fields: time (UTC, microseconds), client, qname, qtype, rows
 * ([{section, pattern, match}]), outcome, reason, rcode, source, cnames,
 * addresses ([{address, ttl}]), admitted (addresses fit for firewall sets),
 * thread.
 */
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "policy/bounded_queue.hh"
#include "policy/catalog.hh"
#include "policy/engine_config.hh"
#include "policy/outcome.hh"
#include "policy/reply.hh"

namespace orchard {

struct LogRow {
  std::string section, pattern;
  PatternKind how;
};

struct LogEntry {
  int64_t timeUs = 0;  // since the epoch, UTC
  std::string client;  // "192.0.2.7" or ""
  std::string qname;
  uint16_t qtype = 0;
  uint16_t rcode = 0;
  AnswerSource source = AnswerSource::resolved;
  int thread = -1;
  std::vector<LogRow> rows;
  OutcomeKind kind = OutcomeKind::answered;
  std::string reason;
  std::vector<std::string> cnames;
  std::vector<TtlAddress> addresses;
  size_t admitted = 0;  // how many of `addresses` were fit for sets
};

/** The JSON line for an entry, without the newline. */
std::string formatLogLine(const LogEntry& e);
/** "A", "AAAA", ... or "TYPE123". */
std::string qtypeName(uint16_t qtype);

struct LogCounters {
  uint64_t pushed = 0, written = 0, dropped = 0, lost = 0, queued = 0;
};

class OutcomeLog {
 public:
  using Observer = std::function<void(const LogEntry&)>;
  /** Opens the destination; throws FileError if the file cannot be opened
   *  (a start-up error is fatal; later failures are counted). `observer`
   *  sees every entry on the writer thread (recent outcomes, provenance),
   *  also with `log none`. */
  explicit OutcomeLog(const EngineConfig& config, Observer observer = {});
  ~OutcomeLog();  // writes what is queued, then stops
  OutcomeLog(const OutcomeLog&) = delete;
  OutcomeLog& operator=(const OutcomeLog&) = delete;

  /** Queues the entry; false (and counted) when the queue is full. */
  bool push(LogEntry&& e);
  void reopen() { reopen_.store(true); }
  LogCounters counters() const;
  bool enabled() const { return dest_ != LogDestination::none; }

 private:
  void run();
  size_t drain();  // entries taken from the queue
  bool writeBatch(const std::string& batch, uint64_t lines);
  bool openFile();
  void wake();

  LogDestination dest_;
  Observer observer_;
  std::string path_;
  int fd_ = -1;
  BoundedQueue<LogEntry> queue_;
  std::atomic<uint64_t> pushed_{0}, written_{0}, dropped_{0}, lost_{0};
  std::atomic<bool> reopen_{false}, stop_{false}, idle_{false};
  std::mutex wakeMutex_;
  std::condition_variable wakeCv_;
  std::thread writer_;
};

}  // namespace orchard
