/**
 * \file recent_outcomes.hh
 * The last outcomes, kept in memory for `recent` and `explain`: a ring of
 * the last N logged records and the last record per query name (bounded).
 * Fed by the outcome log's writer thread, never by resolver threads, so a
 * control client reading it can only ever delay that writer, not DNS.
 *
 * It keeps the queue's fixed-size records (log/log_line.hh), copied without
 * allocating: adding is on the writer's path for every logged answer.
 * list() hands out copies of the records themselves, so `recent --json`
 * writes each as the log writer does (LogLine::appendJson); last()
 * expands one into a LogEntry. The by-name table is fixed
 * and set-associative: maxNames records in sets of 4 ways (fewer ways when
 * maxNames < 4), the set chosen by a hash of the wire name. A name logged
 * again replaces its own record; a new name takes an empty way of its set,
 * or the way whose name was logged longest ago. So the table holds at
 * most maxNames names, and a name is forgotten only once 4 names of its
 * own set were logged after it (the table used to forget every name at
 * once when it filled up). Memory: (capacity + maxNames) x about 270 bytes
 * (1.4 MB by default), allocated when it is built.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/log/log_line.hh"
#include "policy/log/table_lock.hh"

namespace orchard {

struct RecentFilter {
  bool blockedOnly = false;  // outcome blocked
  bool failedOnly = false;   // anything but answered
  std::string name;          // exact query name, lower case ("" = any)
  size_t limit = 20;
};

class RecentOutcomes {
 public:
  explicit RecentOutcomes(size_t capacity = 1024, size_t maxNames = 4096);
  void add(const LogLine& r);
  /** The newest filter.limit records that pass the filter, newest last. */
  std::vector<LogLine> list(const RecentFilter& filter) const;
  std::optional<LogEntry> last(const std::string& qname) const;

 private:
  struct Way {
    uint64_t stamp = 0;  // when last written; 0: empty
    uint64_t hash = 0;   // of the record's name
    LogLine record;
  };
  /** The first way of `hash`'s set. */
  Way* setOf(uint64_t hash) { return &byName_[(hash >> 32 & setMask_) * ways_]; }
  const Way* findName(std::string_view wire) const;

  size_t capacity_;
  mutable LogTableLock lock_;
  std::vector<LogLine> ring_;  // circular once full; next_ is the oldest
  size_t next_ = 0;
  size_t ways_ = 0, setMask_ = 0;  // ways per set; sets - 1 (a power of two)
  std::vector<Way> byName_;        // set s: ways [s * ways_, (s + 1) * ways_)
  uint64_t stamp_ = 0;
};

}  // namespace orchard
