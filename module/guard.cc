/**
 * \file guard.cc
 * Rate-limited error logging for the exception boundary (see guard.hh).
 */
#include "module/guard.hh"

#include <atomic>
#include <cstdint>

#include "module/unbound.hh"

namespace orchard::module {

void logFailure(const char* where, const char* what) noexcept {
  static std::atomic<uint64_t> failures{0};
  uint64_t n = failures.fetch_add(1, std::memory_order_relaxed) + 1;
  if ((n & (n - 1)) != 0) return;  // log the 1st, 2nd, 4th, 8th ... only
  log_err("orchard: %s: %s (failure #%llu)", where, what, static_cast<unsigned long long>(n));
}

}  // namespace orchard::module
