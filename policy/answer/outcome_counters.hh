/**
 * \file outcome_counters.hh
 * Counters of outcomes per catalog row and per outcome kind, for `stats`,
 * `explain` and Prometheus. One relaxed atomic increment per matched row on
 * the resolver thread, into that thread's stripe (base/striped_counter.hh); no
 * lock, no cache line shared between resolver threads. Counters belong to
 * one policy (row ids are the policy's), so they restart from zero when the
 * policy is reloaded; totals per kind live in the engine and never restart.
 */
#pragma once

#include <array>
#include <cstdint>

#include "policy/answer/outcome.hh"
#include "policy/base/striped_counter.hh"
#include "policy/catalog/catalog.hh"

namespace orchard {

using KindCounts = std::array<uint64_t, kOutcomeKinds>;

class OutcomeCounters {
 public:
  explicit OutcomeCounters(size_t rows) : rows_(rows), counts_(rows * kOutcomeKinds) {}
  /** `stripe`: the caller's (base/striped_counter.hh). */
  void add(RowId row, OutcomeKind k, size_t stripe) {
    if (row < rows_) counts_.addAt(stripe, row * kOutcomeKinds + static_cast<size_t>(k));
  }
  KindCounts row(RowId row) const {
    KindCounts out{};
    for (size_t k = 0; k < kOutcomeKinds && row < rows_; ++k)
      out[k] = counts_.sum(row * kOutcomeKinds + k);
    return out;
  }
  size_t rows() const { return rows_; }

 private:
  size_t rows_;
  StripedTable counts_;
};

}  // namespace orchard
