/**
 * \file timeout.hh
 * How long an answered address stays in its set, and when a later answer
 * must extend it. Both follow the answer's TTL:
 *
 *   timeout  = clamp(ttl + grace, floor, ceiling)     given to the kernel
 *   required = min(ttl + grace / 2, ceiling / 2) - 1 s  what must be left
 *
 * An answer touches the kernel only when the element's remaining time is
 * below `required`, so a client always has its TTL plus half the grace.
 * Cache hits count their TTL down as time passes (in whole seconds: hence
 * the one-second allowance), so they never extend an element by themselves;
 * a fresh answer (full TTL) extends it once half the grace has passed. The
 * ceiling/2 cap keeps answers with TTLs above the ceiling from refreshing on
 * every hit.
 */
#pragma once

#include <algorithm>
#include <cstdint>

#include "policy/sets/options.hh"

namespace orchard {

struct SetTimeout {
  int64_t timeoutMs;
  int64_t requiredMs;
};

inline SetTimeout setTimeoutFor(uint32_t ttl, const SetOptions& o) {
  int64_t want = (static_cast<int64_t>(ttl) + o.grace) * 1000;
  int64_t floor = static_cast<int64_t>(o.timeoutFloor) * 1000;
  int64_t ceiling = std::max<int64_t>(static_cast<int64_t>(o.timeoutCeiling) * 1000, floor);
  int64_t need = std::min<int64_t>(static_cast<int64_t>(ttl) * 1000 + o.grace * 500, ceiling / 2);
  return {std::clamp(want, floor, ceiling), std::max<int64_t>(0, need - 1000)};
}

}  // namespace orchard
