/**
 * \file cover_memo.hh
 * A resolver thread's short memory of addresses whose firewall elements the
 * shadow table held: the next answer carrying the same address for the same
 * catalog rows skips building the elements and looking each one up.
 *
 * Without it, an answer for push.apple.com (4 addresses, 4 ports each) made
 * 16 elements and 16 shadow lookups (hash, shard lock), about 10,000
 * instructions, to learn that nothing was to be done (doc/performance.md).
 *
 * An entry says: for this feeder, this policy (its rows decide the
 * elements), this address and these matched rows, `elements` elements were
 * all held until `heldUntilMs` or later, as of the shadow table's removal
 * count `removals`. Holds only grow until something is removed, so while
 * that count has not moved the entry stays true (sets/shadow_table.hh); a caller
 * that needs the elements held until T uses it only if heldUntilMs >= T.
 * Anything else (another policy after a reload, a flush, an eviction, a
 * hold too short now) misses and takes the full path, which stores again.
 *
 * Direct-mapped by address, kSlots per thread, no locks: each resolver
 * thread has its own (thread_local in SetFeeder::admit).
 */
#pragma once

#include <array>
#include <cstdint>

#include "policy/base/address.hh"
#include "policy/catalog/catalog.hh"
#include "policy/catalog/name_matcher.hh"

namespace orchard {

class CoverMemo {
 public:
  struct Key {
    uint64_t feeder = 0;  // which SetFeeder (tests run several per thread)
    uint64_t policy = 0;  // Policy::serial; 0: do not remember
    const MatchList& matches;
    const Address& address;
  };
  static constexpr size_t kSlots = 256;
  static constexpr size_t kRows = 4;  // more matched rows than this: not remembered

  /** How many elements `key` needs, if all of them are known held until
   *  `untilMs` or later as of `removals`; 0 if that is not known. */
  uint32_t held(const Key& key, uint64_t removals, int64_t untilMs) const;
  /** Remembers that `elements` (> 0) elements of `key` are all held until
   *  `heldUntilMs`, as of `removals` (read before they were looked up). */
  void store(const Key& key, uint64_t removals, int64_t heldUntilMs, uint32_t elements);

 private:
  struct Entry {
    uint64_t feeder = 0, policy = 0, removals = 0;
    int64_t heldUntilMs = 0;
    uint32_t elements = 0;
    uint8_t nRows = 0;
    std::array<RowId, kRows> rows{};
    Address address;
  };
  static bool rememberable(const Key& key);
  static size_t slotOf(const Address& a);
  static bool same(const Entry& e, const Key& key);

  std::array<Entry, kSlots> slots_{};
};

}  // namespace orchard
