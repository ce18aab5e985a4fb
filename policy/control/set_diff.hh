/**
 * \file set_diff.hh
 * A firewall set as the kernel holds it beside what the shadow table says
 * it holds: the data of the `sets` and `why` control commands. A difference
 * is an element only in the kernel (added by hand, or evicted from a full
 * shadow table), only in the shadow table (the kernel lost it: a refill is
 * due), or held for times more than kTimeoutSlackMs apart.
 *
 * Sets hold hundreds of thousands of elements, so nothing here collects a
 * whole set: the kernel's listing is streamed (SetBackend::visit) and each
 * element looked up in the shadow table. summarizeSet() costs constant
 * memory; diffSet() keeps at most `limit` rows, plus, to find the elements
 * only in the shadow table, a sorted copy of the set's shadow (bounded by
 * shadow-max, elements as binary keys).
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "policy/base/enum_names.hh"
#include "policy/sets/feeder.hh"

namespace orchard {

enum class ElementState : uint8_t { both, onlyKernel, onlyShadow, timeoutDiffers };
constexpr auto namesOf(ElementState) {
  return std::to_array<EnumName<ElementState>>({
      {ElementState::both, "both"},
      {ElementState::onlyKernel, "only-in-kernel"},
      {ElementState::onlyShadow, "only-in-shadow"},
      {ElementState::timeoutDiffers, "timeout-differs"},
  });
}

/** Kernel and shadow can disagree by this much without it being flagged:
 *  ipset counts whole seconds, and the shadow's clock starts before the
 *  kernel's acknowledgement. */
constexpr int64_t kTimeoutSlackMs = 2000;

struct ElementRow {
  SetElement element;
  std::optional<int64_t> kernelLeftMs;  // nullopt: not in the kernel (or no timeout)
  std::optional<int64_t> shadowLeftMs;  // nullopt: not in the shadow table
  bool inKernel = false;
  ElementState state = ElementState::both;
};

/** Counts only. */
struct SetSummary {
  SetIndex set = 0;
  BackendResult kernel;       // the listing's result (ENOENT: set missing)
  size_t kernelEntries = 0;   // as the kernel counts them (static sets too)
  size_t shadowElements = 0;  // live in the shadow table (dynamic sets)
  size_t onlyShadow = 0;      // missing in the kernel
  size_t onlyKernel = 0;      // extra in the kernel
  size_t timeoutDiffers = 0;
  size_t differences() const { return onlyShadow + onlyKernel + timeoutDiffers; }
  void count(ElementState s);
};

/** Counts, and up to `limit` element rows: differences first, then
 *  elements both hold; each part sorted by element. */
struct SetDiff : SetSummary {
  std::vector<ElementRow> rows;
  size_t more = 0;  // rows left out by the limit
};

/** Streams the set's kernel listing against the shadow table. */
SetSummary summarizeSet(const SetFeeder& feeder, SetIndex set);
SetDiff diffSet(const SetFeeder& feeder, SetIndex set, size_t limit);

/** How the kernel holds `wanted` (elements of one set): nullopt for those
 *  it does not hold. One streamed listing; memory for `wanted` only. */
BackendResult findInKernel(const SetFeeder& feeder, SetIndex set,
                           const std::vector<SetElement>& wanted,
                           std::vector<std::optional<KernelElement>>& found);

}  // namespace orchard
