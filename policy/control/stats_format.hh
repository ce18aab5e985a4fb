/**
 * \file stats_format.hh
 * The `stats` control command: counters per section and per row by outcome,
 * set pushes and errors, refills, log lines written and dropped; as text,
 * JSON (--json) or the Prometheus text format (--prometheus), which
 * `orchardctl stats --prometheus --textfile FILE` writes for node_exporter.
 */
#pragma once

#include "policy/control/server.hh"

namespace orchard {

class Engine;

ControlReply statsReply(const Engine& e, const ControlRequest& r);
/** The Prometheus exposition text of the engine's counters. */
std::string prometheusText(const Engine& e);

}  // namespace orchard
