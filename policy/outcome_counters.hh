/**
 * \file outcome_counters.hh
 * Counters of outcomes per catalog row and per outcome kind, for `stats`,
 * `explain` and Prometheus. One relaxed atomic increment per matched row on
 * the resolver thread; no lock. Counters belong to one policy (row ids are
 * the policy's), so they restart from zero when the policy is reloaded;
 * totals per kind live in the engine and never restart.
 */
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

#include "policy/catalog.hh"
#include "policy/outcome.hh"

namespace orchard {

using KindCounts = std::array<uint64_t, kOutcomeKinds>;

class OutcomeCounters {
 public:
  explicit OutcomeCounters(size_t rows)
      : rows_(rows), counts_(std::make_unique<std::atomic<uint64_t>[]>(rows * kOutcomeKinds)) {}
  void add(RowId row, OutcomeKind k) {
    if (row < rows_)
      counts_[row * kOutcomeKinds + static_cast<size_t>(k)].fetch_add(1, std::memory_order_relaxed);
  }
  KindCounts row(RowId row) const {
    KindCounts out{};
    for (size_t k = 0; k < kOutcomeKinds && row < rows_; ++k)
      out[k] = counts_[row * kOutcomeKinds + k].load(std::memory_order_relaxed);
    return out;
  }
  size_t rows() const { return rows_; }

 private:
  size_t rows_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
};

}  // namespace orchard
