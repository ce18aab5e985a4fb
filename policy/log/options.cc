/**
 * \file options.cc
 * The outcome log's option words (see log/options.hh).
 */
#include "policy/log/options.hh"

namespace orchard {

std::string_view toString(LogDestination d) {
  switch (d) {
    case LogDestination::file: return "file";
    case LogDestination::syslog: return "syslog";
    case LogDestination::none: return "none";
  }
  return "?";
}

std::string_view toString(LogQueries q) { return q == LogQueries::all ? "all" : "catalog"; }

}  // namespace orchard
