/**
 * \file engine.hh
 * The engine: what Orchard does with each answer, independent of the
 * resolver. Its host (module/callbacks.cc) calls it from the resolver's
 * worker threads, concurrently, for every answer before it is sent:
 *
 *   Lookup l = engine.lookup(qname);        // every answer: match only,
 *   if (!l.wanted()) return;                //   no lock, no allocation
 *   if (a memo holds this answer)           // a repeated cache answer:
 *     engine.onRepeat(l, reply, outcome, line);  // count and log a copy
 *   else {
 *     engine.onReply(l, reply, outcome);    // classify, admit to sets, log
 *     memo keeps outcome and engine.fillLine(l, reply, outcome, line);
 *   }
 *
 * The memo (module/answer_memo.hh) keys its entries by serial(), the
 * policy's serial and setsGeneration(), so a reload or a flush is never
 * replayed over. The host also starts the control channel
 * (control/commands.hh: startControl) and stops it before the engine.
 *
 * Configuration (engine_config.hh) names the catalog, the site file and the
 * outcome log. reload() swaps in a new policy atomically; a bad file throws
 * and leaves the old policy serving. With `sets nftables|ipset`, onReply()
 * also puts a catalog answer's admitted addresses into the firewall sets
 * (sets/feeder.hh) before it returns, i.e. before the answer is sent.
 */
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "policy/answer/outcome.hh"
#include "policy/answer/reply.hh"
#include "policy/base/striped_counter.hh"
#include "policy/catalog/name_matcher.hh"
#include "policy/engine_config.hh"
#include "policy/policy.hh"

namespace orchard {

class OutcomeLog;
class CnameTargets;
class RecentOutcomes;
class AddressProvenance;
class SetFeeder;
class LogLine;

/** The first step's result; valid until the same thread calls lookup()
 *  again (it pins the policy the matches refer to). */
struct Lookup {
  const Policy* policy = nullptr;
  MatchList matches;
  bool logAll = false;
  bool wanted() const { return !matches.empty() || logAll; }
};

struct LogEntry;

/** The outcome log entry for one reply: the facts onReply() queues (as a
 *  LogLine, log/log_line.hh), as separate values. */
LogEntry makeLogEntry(const Lookup& lookup, const Reply& reply, const Outcome& o, int64_t nowUs);

class Engine {
 public:
  /** Reads the configuration and everything it names, starts the log
   *  writer. Throws FileError (file:line: ...) on any bad input. */
  explicit Engine(const EngineConfig& config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  Lookup lookup(const DnsName& qname) const;
  /** Classifies the reply, records CNAME targets, queues the log line.
   *  Never blocks: a full log queue drops and counts. For a name without
   *  catalog rows (`log-queries all`) nothing is admitted: the outcome's
   *  admit list is empty. */
  Outcome onReply(const Lookup& lookup, const Reply& reply);
  /** The same, classifying into `out` (reused by the resolver thread). */
  void onReply(const Lookup& lookup, const Reply& reply, Outcome& out);
  /** The same answer again: `reply` is the same answer as one that
   *  onReply() classified as `outcome` moments ago (same records, same
   *  TTLs; its records need not be filled in). Counts and logs it; the set
   *  feeder is skipped, as the earlier answer re-asserted the elements (the
   *  caller replays only answers of the same setsGeneration()).
   *  `line`, if not null, is what fillLine() made of that answer: the log
   *  line is then a copy of it with this reply's time, client and thread. */
  void onRepeat(const Lookup& lookup, const Reply& reply, const Outcome& outcome,
                const LogLine* line = nullptr);
  /** Fills `out` with the log record onReply() queued for this answer (its
   *  time aside), for onRepeat() to copy; false when the answer is not
   *  logged or its record does not fit a record inline (then onRepeat()
   *  fills one from the facts). */
  bool fillLine(const Lookup& lookup, const Reply& reply, const Outcome& outcome,
                LogLine& out) const;
  /** Unique among the engines of this process, never 0: what a per-thread
   *  memory of outcomes (module/answer_memo.hh) ties its entries to. */
  uint64_t serial() const { return serial_; }
  /** Moves whenever the firewall sets lose what answers put there (a
   *  `flush`: SetFeeder::generation()); 0 with `sets none`. A memory of
   *  outcomes that replays an answer without the set feeder keys its
   *  entries by it too, so the first answer after a flush re-asserts the
   *  elements. One load. */
  uint64_t setsGeneration() const;

  /** Re-reads catalog and site file; throws FileError and keeps the old
   *  policy on error. */
  void reload();
  /** Reopens the log file (after logrotate moved it). */
  void reopenLog();
  /** Writes the CNAME targets to the cname-file now (also done every
   *  save-interval seconds and at shutdown). Throws FileError. */
  void saveState() const;

  const EngineConfig& config() const { return config_; }
  std::shared_ptr<const Policy> policy() const { return policies_.current(); }
  const CnameTargets& cnameTargets() const { return *cnames_; }
  const OutcomeLog& log() const { return *log_; }
  const RecentOutcomes& recent() const { return *recent_; }
  const AddressProvenance& provenance() const { return *provenance_; }
  /** Catalog queries by outcome since start-up (not reset by reload). */
  KindCounts totals() const;
  int64_t uptimeSeconds() const;
  /** The firewall set feeder, or nullptr with `sets none` (sets/feeder.hh). */
  SetFeeder* sets() const { return sets_.get(); }

 private:
  void logAnswer(const Lookup& lookup, const Reply& reply, const Outcome& o, int64_t nowUs);
  /** Counts a catalog answer by row and outcome; true when it is logged. */
  bool count(const Lookup& lookup, const Reply& reply, const Outcome& o);
  void housekeeping(std::stop_token stop);

  EngineConfig config_;
  uint64_t serial_;
  PolicyHolder policies_;
  int64_t startedUs_;
  StripedCounters<kOutcomeKinds> totals_;  // never restart (a row's counters do)
  std::unique_ptr<CnameTargets> cnames_;
  std::unique_ptr<RecentOutcomes> recent_;         // fed by log_'s writer:
  std::unique_ptr<AddressProvenance> provenance_;  //   declared before log_
  std::unique_ptr<OutcomeLog> log_;
  std::unique_ptr<SetFeeder> sets_;
  std::mutex houseMutex_;
  std::condition_variable_any houseCv_;
  std::jthread housekeeper_;  // last member: stopped and joined first
};

}  // namespace orchard
