/**
 * \file table_lock.hh
 * The light lock of the log writer's record tables (log/recent_outcomes.hh,
 * log/address_provenance.hh): the writer takes it for every line, a control
 * client now and then.
 */
#pragma once

#include <atomic>
#include <thread>

namespace orchard {

/** The lock of the tables the log writer fills with records for every
 *  line and a control client reads now and then (log/recent_outcomes.hh,
 *  log/address_provenance.hh). Uncontended it is an atomic exchange and a
 *  store, where std::mutex's lock and unlock cost about 60 instructions
 *  per line and table; a waiter (the writer while a control client expands
 *  records, or the other way round) yields its CPU instead of spinning.
 *  BasicLockable, for std::lock_guard. */
class LogTableLock {
 public:
  void lock() noexcept {
    while (locked_.exchange(true, std::memory_order_acquire))
      while (locked_.load(std::memory_order_relaxed)) std::this_thread::yield();
  }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

}  // namespace orchard
