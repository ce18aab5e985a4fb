/**
 * \file stats_format.hh
 * The pages of the `stats` control command: counters per section and per
 * row by outcome, set pushes and errors, refills, log lines written and
 * dropped; as text, JSON (--json) or the Prometheus text format
 * (--prometheus), which `orchardctl stats --prometheus --textfile FILE`
 * writes for node_exporter.
 */
#pragma once

#include <string>

namespace orchard {

class Engine;

/** One line per total, section, row with a count, the log, the CNAME
 *  targets and (with a set backend) the set feeder: "row SECTION PATTERN
 *  answered=1 nodata=0 ...". */
std::string statsText(const Engine& e);
/** The same as a JSON object, every row included. */
std::string statsJson(const Engine& e);
/** The Prometheus exposition text of the engine's counters. */
std::string prometheusText(const Engine& e);

}  // namespace orchard
