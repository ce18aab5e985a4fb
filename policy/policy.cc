/**
 * \file policy.cc
 * Per-thread pinning of the current policy (see policy.hh).
 */
#include "policy/policy.hh"

namespace orchard {
namespace {

// Generations are unique across all holders, so a thread's cache can never
// mistake one holder's policy for another's (e.g. after a resolver reload
// destroyed and re-created the engine).

struct ThreadCache {
  uint64_t generation = 0;
  std::shared_ptr<const Policy> policy;
};
thread_local ThreadCache cache;

}  // namespace

void PolicyHolder::set(std::shared_ptr<const Policy> next) {
  std::lock_guard lock(mutex_);
  current_ = std::move(next);
  generation_.store(nextSerial(), std::memory_order_release);
}

std::shared_ptr<const Policy> PolicyHolder::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

const Policy& PolicyHolder::forThisThread() const {
  uint64_t gen = generation_.load(std::memory_order_acquire);
  if (cache.generation != gen) {
    std::lock_guard lock(mutex_);
    cache.policy = current_;
    cache.generation = generation_.load(std::memory_order_relaxed);
  }
  return *cache.policy;
}

}  // namespace orchard
