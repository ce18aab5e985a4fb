/**
 * \file recent_outcomes.hh
 * The last outcomes, kept in memory for `recent` and `explain`: a ring of
 * the last N logged entries and the last entry per query name (bounded).
 * Fed by the outcome log's writer thread, never by resolver threads, so a
 * control client reading it can only ever delay that writer, not DNS.
 */
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/outcome_log.hh"

namespace orchard {

struct RecentFilter {
  bool blockedOnly = false;  // outcome blocked
  bool failedOnly = false;   // anything but answered
  std::string name;          // exact query name, lower case ("" = any)
  size_t limit = 20;
};

class RecentOutcomes {
 public:
  explicit RecentOutcomes(size_t capacity = 1024, size_t maxNames = 4096)
      : capacity_(capacity), maxNames_(maxNames) {}
  void add(const LogEntry& e);
  /** Newest last, at most filter.limit entries. */
  std::vector<LogEntry> list(const RecentFilter& filter) const;
  std::optional<LogEntry> last(const std::string& qname) const;

 private:
  size_t capacity_, maxNames_;
  mutable std::mutex mutex_;
  std::deque<LogEntry> ring_;
  std::unordered_map<std::string, LogEntry> byName_;
};

}  // namespace orchard
