/**
 * \file serial.hh
 * Process-unique serial numbers: what ties a per-thread memory (an answer
 * memo, a cover memo, a pinned policy) to the object it remembers for. An
 * engine, a policy and a set feeder each take one when built; a memo entry
 * keyed by it can never be mistaken for one made for an object freed
 * before, even one built at the same address.
 */
#pragma once

#include <atomic>
#include <cstdint>

namespace orchard {

/** A number never returned before in this process, never 0. Thread-safe. */
inline uint64_t nextSerial() {
  static std::atomic<uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace orchard
