/**
 * \file answer_memo.hh
 * A worker thread's memory of the cache answers it classified in the
 * current second: a repeated cache hit (the same answer, the same second)
 * replays the outcome instead of copying the records and classifying them
 * again.
 *
 * Why: on a cache hit Unbound itself does little (8-12 us of CPU a query
 * here), and Orchard's work for it (copying the answer records, following
 * the CNAME chain, classifying, checking the shadow table for every
 * element) was most of what Orchard added (doc/performance.md). Popular
 * names are asked hundreds of times a second.
 *
 * Exact, not probabilistic. An entry is used only when
 *  - the query name's wire bytes, the qtype and the rcode are the same;
 *  - every answer rrset is the same cache object: its key pointer and id
 *    (Unbound gives a reused key a new id);
 *  - its data is byte for byte what was classified: the rdata, the absolute
 *    TTLs, ttl_add and the flags are compared (Unbound replaces an rrset's
 *    data under the same id when a fresher copy arrives);
 *  - the worker's clock is in the same second, so the TTLs the client is
 *    told, and with them the whole outcome, are the ones computed before.
 * Anything else (other sources, a local-data alias, an answer larger than
 * kMaxBytes) is simply not remembered.
 *
 * What a replay skips besides the classification: the set feeder (the first
 * answer of the second re-asserted membership in the sets; later ones in the
 * same second would only find the shadow table covering them), and filling
 * the log record: the entry keeps the record of the first answer, which a
 * replay copies with its own time, client and thread (Engine::fillLine).
 * Entries belong to one engine, one policy (a reload's new rows are never
 * replayed from an old entry) and one generation of the sets: a `flush`
 * empties them, so the next answer, even a repeat within the second, goes
 * to the feeder and puts its elements back before the client connects.
 *
 * One small table per worker thread (thread_local in callbacks.cc): no
 * lock, no allocation once its entries are warm. Four ways a set, chosen
 * by a hash of the query name and type, kept as a tag per entry in an
 * array of its own (a set's four tags share a cache line; an entry is read
 * only when its tag matches). A direct-mapped table let two busy names
 * that shared a slot evict each other on every answer (with the
 * benchmark's 110 names in 1,024 slots, a tenth of all cache hits were
 * classified again). About 500 KB a thread.
 */
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "module/reply_view.hh"
#include "policy/answer/outcome.hh"
#include "policy/log/log_line.hh"

namespace orchard::module {

/** Whose entries: the engine's serial (never 0), its policy's, and the
 *  generation of its firewall sets (Engine::setsGeneration()). */
struct MemoOwner {
  uint64_t engine = 0, policy = 0, sets = 0;
  bool operator==(const MemoOwner&) const = default;
};

/** What a repeated answer replays. */
struct Replay {
  Outcome outcome;
  LogLine line;  // Engine::fillLine() of the first answer, if hasLine
  bool hasLine = false;
  const LogLine* lineOrNull() const { return hasLine ? &line : nullptr; }
};

class AnswerMemo {
 public:
  static constexpr size_t kSets = 256;       // a power of two
  static constexpr size_t kWays = 4;         // entries per set
  static constexpr size_t kMaxBytes = 2048;  // larger answers are not kept

  /** What was remembered for this answer of `owner`, or nullptr. Valid
   *  until the next store(). */
  const Replay* find(const CallbackInput& in, const MemoOwner& owner) const;
  /** Remembers `outcome` for this answer (a cache answer of this second);
   *  returns the entry for the caller to add the log line to (hasLine is
   *  false), or nullptr when the answer is not kept. */
  Replay* store(const CallbackInput& in, const MemoOwner& owner, const Outcome& outcome);

 private:
  struct Entry {
    MemoOwner owner;  // engine 0: empty
    time_t second = 0;
    std::string answer;  // qname, qtype, rcode, rrsets as answerBytes() writes them
    Replay replay;
  };
  static uint64_t tagOf(const CallbackInput& in);
  /** The index of the first entry of the tag's set. */
  static size_t setOf(uint64_t tag) { return (tag >> 40) % kSets * kWays; }
  /** The entry `store` fills in the set at `first`: the answer's own way,
   *  else one not of this second, else the next in turn. */
  size_t victim(size_t first, uint64_t tag, time_t now);
  std::array<uint64_t, kSets * kWays> tags_{};  // tagOf() each entry's answer
  std::array<Entry, kSets * kWays> entries_;
  std::array<uint8_t, kSets> next_{};  // each set's way in turn
};

/** Whether `in` may be remembered at all: a cache answer without a
 *  local-data alias. */
bool memorable(const CallbackInput& in);

/** The bytes an entry compares (exposed for the tests): false when the
 *  answer is larger than AnswerMemo::kMaxBytes. */
bool answerBytes(const CallbackInput& in, std::string& out);

}  // namespace orchard::module
