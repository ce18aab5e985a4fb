/**
 * \file errors.cc
 * Rate-limited reporting of failed firewall writes (see sets/errors.hh).
 */
#include "policy/sets/errors.hh"

#include "policy/base/diag_log.hh"

namespace orchard {

void SetErrors::report(const std::string& what, int64_t nowMs) {
  uint64_t n = count_.fetch_add(1, std::memory_order_relaxed) + 1;
  int64_t next = nextReportMs_.load(std::memory_order_relaxed);
  bool due = nowMs >= next && nextReportMs_.compare_exchange_strong(next, nowMs + intervalMs_,
                                                                    std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  last_ = what;
  if (!due) return;
  uint64_t since = n - reportedAt_;
  reportedAt_ = n;
  std::string line = "firewall sets: " + what;
  if (since > 1) line += " (" + std::to_string(since - 1) + " more failures since the last report)";
  diag(line);
}

std::string SetErrors::last() const {
  std::lock_guard lock(mutex_);
  return last_;
}

}  // namespace orchard
