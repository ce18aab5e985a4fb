/**
 * \file bounded_queue.hh
 * A fixed-size multi-producer queue without locks (Dmitry Vyukov's bounded
 * MPMC design): resolver threads push log entries, one writer pops them.
 * A push never waits: when the queue is full it fails and the caller counts
 * a drop. Each cell carries a sequence number that says whose turn it is.
 *
 * pushWith()/popWith() let the producer fill the cell in place and the
 * consumer use it in place: the outcome log's records (log/log_line.hh) are
 * 256 bytes, and are neither built elsewhere nor copied out.
 * Memory: capacity x (sizeof(T) + 8) bytes, allocated once.
 */
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

namespace orchard {

template <typename T>
class BoundedQueue {
 public:
  /** Capacity is rounded up to a power of two. */
  explicit BoundedQueue(size_t capacity) : mask_(roundUp(capacity) - 1) {
    cells_ = std::make_unique<Cell[]>(mask_ + 1);
    for (size_t i = 0; i <= mask_; ++i) cells_[i].seq.store(i, std::memory_order_relaxed);
  }

  /** Moves `v` in; false when full (v is left as it was). */
  bool push(T& v) {
    return pushWith([&v](T& cell) { cell = std::move(v); });
  }

  /** Claims a cell and calls fill(T&) on it in place; false when full
   *  (fill is not called). fill must not throw. */
  template <typename F>
  bool pushWith(F&& fill) {
    size_t pos = tail_.load(std::memory_order_relaxed);
    for (;;) {
      Cell& c = cells_[pos & mask_];
      size_t seq = c.seq.load(std::memory_order_acquire);
      auto diff = static_cast<ptrdiff_t>(seq) - static_cast<ptrdiff_t>(pos);
      if (diff == 0) {
        if (tail_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          fill(c.value);
          c.seq.store(pos + 1, std::memory_order_release);
          return true;
        }
      } else if (diff < 0) {
        return false;  // full
      } else {
        pos = tail_.load(std::memory_order_relaxed);
      }
    }
  }

  /** Pops one value if any (single consumer). */
  std::optional<T> pop() {
    std::optional<T> out;
    popWith([&out](T& cell) { out.emplace(std::move(cell)); });
    return out;
  }

  /** Calls use(T&) on the oldest value in place, then frees its cell;
   *  false when empty (single consumer). */
  template <typename F>
  bool popWith(F&& use) {
    size_t pos = head_.load(std::memory_order_relaxed);
    Cell& c = cells_[pos & mask_];
    size_t seq = c.seq.load(std::memory_order_acquire);
    if (static_cast<ptrdiff_t>(seq) - static_cast<ptrdiff_t>(pos + 1) < 0) return false;
    head_.store(pos + 1, std::memory_order_relaxed);
    use(c.value);
    c.seq.store(pos + mask_ + 1, std::memory_order_release);
    return true;
  }

  size_t capacity() const { return mask_ + 1; }
  size_t sizeApprox() const {
    return tail_.load(std::memory_order_relaxed) - head_.load(std::memory_order_relaxed);
  }

 private:
  static size_t roundUp(size_t n) {
    size_t p = 2;
    while (p < n) p <<= 1;
    return p;
  }
  struct Cell {
    std::atomic<size_t> seq;
    T value;
  };
  size_t mask_;
  std::unique_ptr<Cell[]> cells_;
  alignas(64) std::atomic<size_t> tail_{0};
  alignas(64) std::atomic<size_t> head_{0};
};

}  // namespace orchard
