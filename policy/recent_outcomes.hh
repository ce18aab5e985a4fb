/**
 * \file recent_outcomes.hh
 * The last outcomes, kept in memory for `recent` and `explain`: a ring of
 * the last N logged records and the last record per query name (bounded).
 * Fed by the outcome log's writer thread, never by resolver threads, so a
 * control client reading it can only ever delay that writer, not DNS.
 *
 * It keeps the queue's fixed-size records (log_record.hh), copied without
 * allocating once a name has been seen, and expands them into LogEntry
 * only when asked: adding is on the writer's path for every logged answer.
 * Memory: (capacity + maxNames) x about 300 bytes (1.5 MB by default).
 */
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
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
      : capacity_(capacity), maxNames_(maxNames) {
    ring_.reserve(capacity_);
  }
  void add(const LogRecord& r);
  /** Newest last, at most filter.limit entries. */
  std::vector<LogEntry> list(const RecentFilter& filter) const;
  std::optional<LogEntry> last(const std::string& qname) const;

 private:
  struct WireHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  size_t capacity_, maxNames_;
  mutable std::mutex mutex_;
  std::vector<LogRecord> ring_;  // circular once full; next_ is the oldest
  size_t next_ = 0;
  std::unordered_map<std::string, LogRecord, WireHash, std::equal_to<>> byName_;  // wire qname
};

}  // namespace orchard
