/**
 * \file cover_memo.cc
 * A thread's memory of addresses whose elements were held (see sets/cover_memo.hh).
 */
#include "policy/sets/cover_memo.hh"

namespace orchard {

bool CoverMemo::rememberable(const Key& key) {
  return key.policy != 0 && !key.matches.truncated() && key.matches.size() <= kRows;
}

size_t CoverMemo::slotOf(const Address& a) {
  return static_cast<size_t>(hashAddress(a, static_cast<uint8_t>(a.family))) % kSlots;
}

bool CoverMemo::same(const Entry& e, const Key& key) {
  if (e.feeder != key.feeder || e.policy != key.policy || !(e.address == key.address) ||
      e.nRows != key.matches.size())
    return false;
  for (size_t i = 0; i < e.nRows; ++i)
    if (e.rows[i] != key.matches.begin()[i].row) return false;
  return true;
}

uint32_t CoverMemo::held(const Key& key, uint64_t removals, int64_t untilMs) const {
  if (!rememberable(key)) return 0;
  const Entry& e = slots_[slotOf(key.address)];
  if (e.elements == 0 || e.removals != removals || e.heldUntilMs < untilMs || !same(e, key))
    return 0;
  return e.elements;
}

void CoverMemo::store(const Key& key, uint64_t removals, int64_t heldUntilMs, uint32_t elements) {
  if (!rememberable(key) || elements == 0) return;
  Entry& e = slots_[slotOf(key.address)];
  e.feeder = key.feeder;
  e.policy = key.policy;
  e.removals = removals;
  e.heldUntilMs = heldUntilMs;
  e.elements = elements;
  e.address = key.address;
  e.nRows = static_cast<uint8_t>(key.matches.size());
  for (size_t i = 0; i < e.nRows; ++i) e.rows[i] = key.matches.begin()[i].row;
}

}  // namespace orchard
