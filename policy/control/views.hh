/**
 * \file views.hh
 * How control commands show outcomes to people: one line per recent
 * outcome, and the `explain NAME` page. Kept apart from the dispatch so the
 * formats can be unit-tested.
 */
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "policy/base/dns_name.hh"
#include "policy/catalog/name_matcher.hh"
#include "policy/log/log_line.hh"
#include "policy/log/outcome_log.hh"
#include "policy/policy.hh"

namespace orchard {

class Engine;

/** Lower-case presentation form of a typed name ("" if not a name). */
std::string canonicalName(const std::string& text);
/** "2026-11-29T06:29:27Z 192.0.2.7 mesu.apple.com A cache answered -> e4.cdn.example
 *  198.51.100.41" */
std::string recentLine(const LogEntry& e);
/** The `recent` page: a recentLine() per record, or a line saying there is none. */
std::string recentText(const std::vector<LogLine>& lines);
/** `recent --json`: the records' outcome log lines, as the log writes them, in an array. */
std::string recentJson(const std::vector<LogLine>& lines);
/** Microseconds since the epoch as "2026-11-29T06:29:27Z". */
std::string isoSeconds(int64_t us);
std::string explainText(const Engine& e, const Policy& p, const DnsName& name,
                        const MatchList& matches, const std::optional<LogEntry>& last, bool json);

}  // namespace orchard
