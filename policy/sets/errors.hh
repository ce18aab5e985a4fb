/**
 * \file errors.hh
 * Failed firewall writes: counted always, reported at most once per
 * interval (base/diag_log.hh), so a missing set or a missing CAP_NET_ADMIN
 * leaves one line every ten seconds instead of one per answer.
 */
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace orchard {

class SetErrors {
 public:
  explicit SetErrors(int64_t intervalMs = 10000) : intervalMs_(intervalMs) {}
  /** Counts one failure and reports it unless one was reported lately. */
  void report(const std::string& what, int64_t nowMs);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  std::string last() const;

 private:
  int64_t intervalMs_;
  std::atomic<uint64_t> count_{0};
  std::atomic<int64_t> nextReportMs_{0};
  uint64_t reportedAt_ = 0;  // count_ at the last report (under mutex_)
  mutable std::mutex mutex_;
  std::string last_;
};

}  // namespace orchard
