/**
 * \file shadow_table.hh
 * What Orchard believes each firewall set holds, and until when: the memory
 * that lets a cache hit for an address already in its set cost no system
 * call, and that refills sets after a firewall reload emptied them.
 *
 * Sharded by element hash, each shard behind its own reader/writer lock: the
 * hot path (covers()) takes one shard's shared lock, so worker threads never
 * wait on each other unless they write the same shard. Bounded: a full shard
 * first drops expired elements, then the ones expiring soonest (1/16 of the
 * shard at once, at least one, so the scan is not paid per insert), and counts
 * those as evictions (the kernel still expires them by its own timeout; a
 * later answer simply adds it again).
 *
 * Within a shard each set has its own map, with a lower bound of its
 * expiries: the watcher's per-round questions about one set (sample(),
 * liveCount()) skip the shards holding none of its elements and, while
 * nothing has expired, count without scanning, so a round costs a few
 * lookups per shard, not a pass over every element of every set.
 *
 * Holds only grow (put() never shortens one) until an element is removed:
 * removals() counts those (erase, eraseSet, eviction), so a reader that saw
 * an element held until T knows it still is, as long as the count has not
 * moved (sets/cover_memo.hh). Dropping an expired element does not count.
 *
 * Times are milliseconds on a monotonic clock, chosen by the caller.
 */
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "policy/sets/layout.hh"

namespace orchard {

struct SetElementHash {
  size_t operator()(const SetElement& e) const;
};

class ShadowTable {
 public:
  /** `maxEntries` in total, spread over `shards` (a power of two). */
  explicit ShadowTable(size_t maxEntries, size_t shards = 64);

  /** True when `e` is held with an expiry no earlier than `untilMs`. */
  bool covers(const SetElement& e, int64_t untilMs) const;
  /** Records `e` as held until `expiresMs` (never shortens a longer hold). */
  void put(const SetElement& e, int64_t expiresMs, int64_t nowMs);
  /** When `e`'s hold ends (expired holds too); nullopt if not held. */
  std::optional<int64_t> expiry(const SetElement& e) const;
  /** Forgets `e` (its insert failed for good). */
  void erase(const SetElement& e);
  /** Forgets every element of `set` (after it was flushed); how many. */
  size_t eraseSet(SetIndex set);
  /** Live elements of `set` with their expiry, for refills. */
  std::vector<std::pair<SetElement, int64_t>> live(SetIndex set, int64_t nowMs) const;
  size_t liveCount(SetIndex set, int64_t nowMs) const;
  /** One element of `set` held until `untilMs` or later, looked for from
   *  shard `start` (modulo the shard count) on: successive starts sample
   *  different elements. nullopt if there is none. */
  std::optional<SetElement> sample(SetIndex set, int64_t untilMs, size_t start) const;

  size_t size() const;
  size_t capacity() const { return perShard_ * shards_.size(); }
  uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }
  /** Changes whenever a held element is removed before its expiry. */
  uint64_t removals() const { return removals_.load(std::memory_order_acquire); }

 private:
  using Map = std::unordered_map<SetElement, int64_t, SetElementHash>;
  /** One set's elements in one shard. */
  struct Bucket {
    Map items;
    int64_t floor = INT64_MAX;  // no element of items expires earlier
  };
  struct Shard {
    mutable std::shared_mutex mutex;
    std::vector<Bucket> sets;  // by SetIndex, grown on first put
    size_t size = 0;           // elements over all buckets
  };
  Shard& shardOf(const SetElement& e) const;
  /** The bucket of `set` in `s`, or nullptr (shard lock held). */
  static const Bucket* bucketOf(const Shard& s, SetIndex set);
  void makeRoom(Shard& s, int64_t nowMs);

  size_t perShard_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<uint64_t> evictions_{0};
  std::atomic<uint64_t> removals_{0};
};

}  // namespace orchard
