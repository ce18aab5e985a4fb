/**
 * \file diag_log.hh
 * Where the engine reports operational trouble (a firewall set that cannot
 * be written, a state file that cannot be saved): one line at a time, to
 * stderr by default. The resolver adapter points it at the resolver's own
 * log (Unbound's log_err) at start-up; tests capture it.
 *
 * Callers rate-limit themselves (sets/errors.hh); this is only the sink.
 */
#pragma once

#include <functional>
#include <string_view>

namespace orchard {

using DiagSink = std::function<void(std::string_view line)>;

/** Replaces the sink (nullptr restores stderr). Thread-safe. */
void setDiagSink(DiagSink sink);
/** Writes one line to the sink. Thread-safe; never throws. */
void diag(std::string_view line);

}  // namespace orchard
