/**
 * \file feeder.hh
 * Puts the addresses of catalog answers into the firewall sets, before the
 * answer leaves the resolver, and keeps them there.
 *
 *   admit()   called synchronously by Engine::onReply for every catalog
 *             answer (cache hits too), with the addresses the outcome
 *             admitted (sinkholes and bogons are already filtered out). Each
 *             address becomes the elements sets/layout.hh assigns it; those
 *             the shadow table says are held long enough cost nothing (no
 *             system call, no global lock); the rest go to the kernel in one
 *             netlink batch, and only then into the shadow table. While a
 *             set is failing (its last write or probe failed), its elements
 *             only go into the shadow table: the watcher's refill pushes
 *             them once the set takes writes again (see defer()).
 *   watcher   a background thread probes every set four times a second.
 *             A set created anew (firewall reload: `nft -f` replaces sets and
 *             empties them), one that lost elements (`nft flush set`,
 *             `ipset flush`: see lostElements()), or one whose writes
 *             failed is refilled from the shadow table and the static
 *             contents, without waiting for new queries. A missing set or
 *             missing privileges are counted and reported once per interval;
 *             pushing resumes by itself when the set appears.
 *   control   heldUntil(), visitKernel() and shadowOf() answer `sets` and `why`;
 *             flush() empties a set in the kernel and the shadow table, and
 *             moves generation(): whoever skips admit() for an answer
 *             because an earlier one re-asserted its elements (the
 *             resolver threads' answer memo, module/answer_memo.hh) keys
 *             what it remembers by it, so the first answer after a flush
 *             puts the elements back. The shadow table's removals() moves
 *             too, which the cover memo (sets/cover_memo.hh) is keyed by.
 */
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "policy/answer/reply.hh"
#include "policy/base/striped_counter.hh"
#include "policy/catalog/catalog.hh"
#include "policy/catalog/name_matcher.hh"
#include "policy/sets/backend.hh"
#include "policy/sets/errors.hh"
#include "policy/sets/layout.hh"
#include "policy/sets/shadow_table.hh"

namespace orchard {

struct SetFeederStats {
  uint64_t answers = 0;     // admit() calls with at least one address
  uint64_t elements = 0;    // elements those answers asked for
  uint64_t shadowHits = 0;  // of which held long enough: no system call
  uint64_t batches = 0;     // netlink batches sent from admit()
  uint64_t added = 0;       // elements sent from admit()
  uint64_t failures = 0;    // failed kernel calls (admit, refill, probe)
  uint64_t refills = 0;     // sets refilled by the watcher
  uint64_t refilled = 0;    // elements sent by refills
  uint64_t deferred = 0;    // elements left to the watcher: their set was failing
  uint64_t evictions = 0;   // shadow table evictions
  size_t shadowSize = 0;
  size_t shadowCapacity = 0;
  std::string lastError;
};

/** One set's state as the watcher last saw it. */
struct SetState {
  std::string name;
  bool present = false;
  uint64_t identity = 0;
  std::optional<size_t> count;
  size_t shadowLive = 0;
  int probeError = 0;  // errno of the last probe (EPERM: cannot see the set)
};

class SetFeeder {
 public:
  struct Params {
    int64_t pollMs = 250;  // watcher period
    int64_t errorIntervalMs = 10000;
    bool watcher = true;  // false in unit tests: call poll() by hand
  };

  SetFeeder(const Catalog& catalog, const SetOptions& options, std::unique_ptr<SetBackend> backend,
            Params params);
  SetFeeder(const Catalog& catalog, const SetOptions& options, std::unique_ptr<SetBackend> backend)
      : SetFeeder(catalog, options, std::move(backend), Params{}) {}
  ~SetFeeder();
  SetFeeder(const SetFeeder&) = delete;
  SetFeeder& operator=(const SetFeeder&) = delete;

  /** Pushes `addresses`, answered for a name matching `matches` (rows of
   *  `catalog`), into their sets. Returns after the kernel acknowledged.
   *  `policySerial` (Policy::serial of the policy `catalog` belongs to)
   *  lets the calling thread remember addresses found held (sets/cover_memo.hh);
   *  0 looks every element up. */
  void admit(const Catalog& catalog, const MatchList& matches,
             std::span<const TtlAddress> addresses, uint64_t policySerial = 0);

  /** One watcher round: probe every set, refill those that need it. */
  void poll();
  /** Refills every set now (for a control command). */
  void refillAll();

  /** When the shadow table's hold of `e` ends (nowMs() clock), if it is
   *  held now. */
  std::optional<int64_t> heldUntil(const SetElement& e) const;
  /** Streams what the kernel holds in `set` now to `f` (a netlink dump;
   *  control thread); `entries` counts the kernel's entries. */
  BackendResult visitKernel(SetIndex set, const ElementVisitor& f, size_t& entries) const;
  /** The shadow table's live elements of `set` with their expiry. */
  std::vector<std::pair<SetElement, int64_t>> shadowOf(SetIndex set) const;
  /** How many of them there are now, without listing them. */
  size_t shadowCount(SetIndex set) const;
  /** Empties `set` in the kernel, then forgets it in the shadow table.
   *  Static sets are refused (EINVAL): their contents are configuration. */
  BackendResult flush(SetIndex set);
  /** Moves on every flush() of a dynamic set, once the shadow table has
   *  forgotten it (whether or not the kernel flush succeeded). One load:
   *  resolver threads read it for every answer they might replay. */
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  const SetLayout& layout() const { return layout_; }
  SetFeederStats stats() const;
  std::vector<SetState> states() const;
  /** Milliseconds on the clock the shadow table uses. */
  static int64_t nowMs();

 private:
  struct Watched {
    uint64_t identity = 0;
    bool present = false;
    int probeError = 0;
    std::optional<size_t> count;
    std::atomic<bool> dirty{true};     // refill at the next poll
    std::atomic<bool> failing{false};  // resolver threads leave it to the watcher
    size_t cursor = 0;                 // where the next canary is looked for
  };
  void defer(const SetElement& e, int64_t expiresMs, int64_t now);
  /** Sorts the elements of one address into held, deferred and to-do
   *  (appended to `todo`); returns how many were held, and lowers
   *  `heldUntil` to the earliest of their holds. */
  size_t sortElements(std::span<const SetElement> elements, int64_t requiredUntil,
                      int64_t timeoutMs, int64_t now, std::vector<TimedElement>& todo,
                      int64_t& heldUntil);
  /** Whether `set` lost elements: `shadowLive` is the shadow's live count
   *  taken before probe `p`. */
  bool lostElements(SetIndex set, const SetProbe& p, Watched& w, int64_t now, size_t shadowLive);
  bool refill(SetIndex set, int64_t now);
  void watch(std::stop_token stop);

  const uint64_t id_;  // tells feeders apart in a thread's CoverMemo
  SetLayout layout_;
  ShadowTable shadow_;
  std::unique_ptr<SetBackend> backend_;
  Params params_;
  SetErrors errors_;
  std::vector<std::unique_ptr<Watched>> watched_;  // per set
  mutable std::mutex pollMutex_;                   // one poll at a time
  enum AdmitCount : size_t { kAnswers, kElements, kShadowHits, kBatches, kAdded, kDeferred };
  StripedCounters<6> admitCounts_;                  // by resolver threads (base/striped_counter.hh)
  std::atomic<uint64_t> refills_{0}, refilled_{0};  // by the watcher
  // Read by every resolver thread, written only by flush(): a cache line of
  // its own, so that the counters written beside it do not evict it.
  alignas(64) std::atomic<uint64_t> generation_{0};
  std::mutex watchMutex_;
  std::condition_variable_any watchCv_;
  std::jthread watcher_;  // last member: stopped first
};

/** The backend the options name (nftables, ipset); nullptr for none.
 *  Opens nothing yet: sockets are opened on first use, so a resolver that
 *  lacks CAP_NET_ADMIN still starts and reports the error. */
std::unique_ptr<SetBackend> makeSetBackend(const SetLayout& layout);
/** The feeder for `catalog` with the backend `options` name; nullptr with
 *  `sets none`. */
std::unique_ptr<SetFeeder> makeSetFeeder(const Catalog& catalog, const SetOptions& options);

}  // namespace orchard
