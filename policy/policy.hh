/**
 * \file policy.hh
 * A compiled policy: the catalog with its matcher, immutable once built,
 * and the holder that lets resolver threads use the current one without a
 * shared lock while reload() swaps in another.
 *
 * Each thread keeps its own reference to the policy it last used and only
 * takes the holder's mutex when the generation number changed, i.e. once per
 * thread after a reload. The hot path is one atomic load.
 */
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "policy/answer/outcome_counters.hh"
#include "policy/base/serial.hh"
#include "policy/catalog/catalog.hh"
#include "policy/catalog/name_matcher.hh"
#include "policy/log/rows.hh"

namespace orchard {

struct Policy {
  explicit Policy(Catalog c)
      : catalog(std::move(c)),
        matcher(catalog),
        counters(catalog.rows().size()),
        logRows(internLogRows(catalog)) {}
  Catalog catalog;
  NameMatcher matcher;
  mutable OutcomeCounters counters;  // per row and outcome, since this policy loaded
  std::vector<LogRowId> logRows;     // the rows' outcome-log ids, by RowId (log/rows.hh)
  /** No other policy of this process has it (base/serial.hh): a thread's
   *  memo tells policies apart even when one reuses another's memory. */
  const uint64_t serial = nextSerial();
};

class PolicyHolder {
 public:
  explicit PolicyHolder(std::shared_ptr<const Policy> first) { set(std::move(first)); }
  void set(std::shared_ptr<const Policy> next);
  std::shared_ptr<const Policy> current() const;
  /** The current policy, pinned for the calling thread until its next call. */
  const Policy& forThisThread() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Policy> current_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace orchard
