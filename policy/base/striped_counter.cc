/**
 * \file striped_counter.cc
 * Which stripe a thread counts into (see base/striped_counter.hh).
 */
#include "policy/base/striped_counter.hh"

namespace orchard {

size_t counterStripe() {
  static std::atomic<size_t> next{0};
  thread_local size_t stripe = next.fetch_add(1, std::memory_order_relaxed) % kCounterStripes;
  return stripe;
}

}  // namespace orchard
