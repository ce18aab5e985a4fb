/**
 * \file control_commands.hh
 * The engine's control commands (status, stats, recent, explain, reload,
 * reopen-log, and the set commands when sets are configured), as a table
 * for ControlServer. Each returns text for people, or JSON with --json.
 * They run on the control thread and only read what the engine shares.
 */
#pragma once

#include <vector>

#include "policy/control_server.hh"

namespace orchard {

class Engine;

std::vector<ControlCommand> engineCommands(Engine& engine);

}  // namespace orchard
