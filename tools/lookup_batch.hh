/**
 * \file lookup_batch.hh
 * Runs many lookups over one or more UbResolver contexts with at most
 * `parallel` in flight, each bounded by a timeout of our own (libunbound
 * retries an unresponsive server for much longer): a lookup still pending
 * at its deadline is cancelled and marked timedOut.
 */
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "tools/ub_resolver.hh"

namespace orchard::ctl {

struct LookupJob {
  UbResolver* resolver;
  std::string name;
  int rrtype;   // 1 A, 28 AAAA
  Lookup* out;  // filled in when the job ends
};

/** `tick` runs after each job ends. */
void runLookups(const std::vector<LookupJob>& jobs, size_t parallel,
                std::chrono::milliseconds timeout, const std::function<void()>& tick);

}  // namespace orchard::ctl
