/**
 * \file set_diff.hh
 * A firewall set as the kernel holds it beside what the shadow table says
 * it holds, element by element: the data of the `sets` and `why` control
 * commands. A difference is an element only in the kernel (added by hand,
 * or evicted from a full shadow table), only in the shadow table (the
 * kernel lost it: a refill is due), or held for times more than
 * kTimeoutSlackMs apart.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "policy/set_feeder.hh"

namespace orchard {

enum class ElementState : uint8_t { both, onlyKernel, onlyShadow, timeoutDiffers };
std::string_view toString(ElementState s);  // "both", "only-in-kernel", ...

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

struct SetDiff {
  SetIndex set = 0;
  BackendResult kernel;       // the listing's result (ENOENT: set missing)
  size_t kernelEntries = 0;   // as the kernel counts them (static sets too)
  size_t shadowElements = 0;  // live in the shadow table (dynamic sets)
  size_t differences = 0;
  std::vector<ElementRow> rows;  // dynamic sets, sorted by element
};

/** Lists the set in the kernel and compares it with the shadow table. */
SetDiff diffSet(const SetFeeder& feeder, SetIndex set);

/** The row of `e` in `d`; nullptr if neither side holds it. */
const ElementRow* findRow(const SetDiff& d, const SetElement& e);

}  // namespace orchard
