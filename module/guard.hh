/**
 * \file guard.hh
 * The exception boundary between the module and Unbound.
 *
 * Unbound is C: an exception that reaches one of the module's entry points
 * or callbacks would terminate the daemon. Every function Unbound calls runs
 * its body through guarded(), which catches everything, logs it through
 * Unbound's log_err and returns a fallback value. On the answer path an
 * error can repeat for every query, so only the 1st, 2nd, 4th, 8th ...
 * occurrence is logged (with the count), never a flood.
 */
#pragma once

#include <exception>

namespace orchard::module {

/** Logs "orchard: <where>: <what>" through Unbound's log, rate-limited
 *  for repeated calls (see the file comment). */
void logFailure(const char* where, const char* what) noexcept;

/** Runs body(); on any exception logs it and returns fallback. */
template <class R, class F>
R guarded(const char* where, R fallback, F&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    logFailure(where, e.what());
  } catch (...) {
    logFailure(where, "unknown exception");
  }
  return fallback;
}

}  // namespace orchard::module
