/**
 * \file striped_counter.hh
 * Counters that resolver threads bump without writing a shared cache line.
 *
 * Every answer bumps a few counters (outcome totals, the matched rows, log
 * lines pushed, set elements asked). One atomic per counter made the
 * threads of a multi-threaded Unbound pass that counter's cache line back
 * and forth on every answer: a relaxed increment is cheap only on a line the
 * core already owns. Here each thread adds into its own stripe (threads take
 * stripes in turn at first use; kStripes of them, each its own cache lines),
 * and a reader (`stats`, the control socket) sums the stripes. Increments
 * stay atomic, as two threads share a stripe beyond kStripes threads.
 */
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace orchard {

constexpr size_t kCounterStripes = 16;
constexpr size_t kCacheLine = 64;

/** The calling thread's stripe, in [0, kCounterStripes). */
size_t counterStripe();

/** The stripe of resolver thread number `thread` (Reply::thread), without
 *  the thread-local lookup (a call into the dynamic loader from a loaded
 *  module); the calling thread's for -1. */
inline size_t stripeOf(int thread) {
  return thread >= 0 ? static_cast<size_t>(thread) % kCounterStripes : counterStripe();
}

/** N counters, striped. */
template <size_t N>
class StripedCounters {
 public:
  void add(size_t i, uint64_t n = 1) { addAt(counterStripe(), i, n); }
  void addAt(size_t stripe, size_t i, uint64_t n = 1) {
    stripes_[stripe].v[i].fetch_add(n, std::memory_order_relaxed);
  }
  uint64_t sum(size_t i) const {
    uint64_t total = 0;
    for (const Stripe& s : stripes_) total += s.v[i].load(std::memory_order_relaxed);
    return total;
  }

 private:
  struct alignas(kCacheLine) Stripe {
    std::array<std::atomic<uint64_t>, N> v{};
  };
  std::array<Stripe, kCounterStripes> stripes_{};
};

/** A table of `size` counters, striped (for counters per catalog row, whose
 *  number is known at run time). Each stripe is followed by a cache line of
 *  padding, so two stripes never share a line however the array is aligned. */
class StripedTable {
 public:
  explicit StripedTable(size_t size)
      : size_(size),
        stride_((size + kPerLine - 1) / kPerLine * kPerLine + kPerLine),
        counts_(std::make_unique<std::atomic<uint64_t>[]>(stride_ * kCounterStripes)) {}
  void add(size_t i, uint64_t n = 1) { addAt(counterStripe(), i, n); }
  void addAt(size_t stripe, size_t i, uint64_t n = 1) {
    if (i < size_) counts_[stripe * stride_ + i].fetch_add(n, std::memory_order_relaxed);
  }
  uint64_t sum(size_t i) const {
    uint64_t total = 0;
    for (size_t s = 0; i < size_ && s < kCounterStripes; ++s)
      total += counts_[s * stride_ + i].load(std::memory_order_relaxed);
    return total;
  }
  size_t size() const { return size_; }

 private:
  static constexpr size_t kPerLine = kCacheLine / sizeof(uint64_t);
  size_t size_, stride_;  // stride_: counters per stripe, padding included
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
};

}  // namespace orchard
