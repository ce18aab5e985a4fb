/**
 * \file options.hh
 * Where the outcome log goes and what it takes: the `log`, `log-queries`
 * and `log-queue` keywords of orchard.conf (engine_config.hh), read by the
 * outcome log (outcome_log.hh) and, for `log-queries`, by the engine.
 *
 *   log file /var/log/orchard/outcomes.jsonl   # or: log syslog | log none
 *   log-queries catalog                        # or: all (every answer)
 *   log-queue 65536                            # lines held before dropping
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "policy/base/enum_names.hh"

namespace orchard {

enum class LogDestination : uint8_t { file, syslog, none };
constexpr auto namesOf(LogDestination) {
  return std::to_array<EnumName<LogDestination>>({
      {LogDestination::file, "file"},
      {LogDestination::syslog, "syslog"},
      {LogDestination::none, "none"},
  });
}

enum class LogQueries : uint8_t { catalog, all };
constexpr auto namesOf(LogQueries) {
  return std::to_array<EnumName<LogQueries>>({
      {LogQueries::catalog, "catalog"},
      {LogQueries::all, "all"},
  });
}

struct LogOptions {
  LogDestination destination = LogDestination::file;
  std::string file = "/var/log/orchard/outcomes.jsonl";
  LogQueries queries = LogQueries::catalog;
  size_t queue = 65536;    // lines held before dropping
  std::string configPath;  // the file that named these, for errors ("" = none)
};

}  // namespace orchard
