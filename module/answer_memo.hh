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
 * What a replay skips besides the classification: the set feeder. The first
 * answer of the second re-asserted membership in the sets; later ones in the
 * same second would only find the shadow table covering them.
 *
 * One small direct-mapped table per worker thread (thread_local in
 * callbacks.cc): no lock, no allocation once its entries are warm.
 */
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "module/reply_view.hh"
#include "policy/outcome.hh"

namespace orchard::module {

class AnswerMemo {
 public:
  static constexpr size_t kSlots = 1024;     // a power of two
  static constexpr size_t kMaxBytes = 2048;  // larger answers are not kept

  /** The outcome remembered for this answer of engine `owner`, or nullptr.
   *  Valid until the next store(). */
  const Outcome* find(const CallbackInput& in, uint64_t owner) const;
  /** Remembers `outcome` for this answer (a cache answer of this second). */
  void store(const CallbackInput& in, uint64_t owner, const Outcome& outcome);

 private:
  struct Entry {
    uint64_t owner = 0;  // 0: empty
    time_t second = 0;
    std::string answer;  // qname, qtype, rcode, rrsets as answerBytes() writes them
    Outcome outcome;
  };
  static size_t slotOf(const CallbackInput& in);
  std::array<Entry, kSlots> entries_;
};

/** Whether `in` may be remembered at all: a cache answer without a
 *  local-data alias. */
bool memorable(const CallbackInput& in);

/** The bytes an entry compares (exposed for the tests): false when the
 *  answer is larger than AnswerMemo::kMaxBytes. */
bool answerBytes(const CallbackInput& in, std::string& out);

}  // namespace orchard::module
