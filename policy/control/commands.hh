/**
 * \file commands.hh
 * The engine's control commands (status, stats, recent, explain, reload,
 * reopen-log, and the set commands when sets are configured), as a table
 * for ControlServer. Each returns text for people, or JSON with --json.
 * They run on the control thread and only read what the engine shares.
 * The host of the engine (the module, an agent) starts the channel, as
 * Unbound's daemon owns its remote control: the engine serves no socket.
 */
#pragma once

#include <memory>
#include <vector>

#include "policy/control/server.hh"

namespace orchard {

class Engine;

std::vector<ControlCommand> engineCommands(Engine& engine);

/** The control channel of `engine`, as its configuration asks: served on
 *  its own thread until destroyed, which the host does before it destroys
 *  the engine. nullptr with `control-socket none`, or when the default
 *  socket cannot be bound (said through diag_log.hh; the resolver runs on
 *  without). Throws FileError naming the configuration when a socket that
 *  the file names cannot be bound: a start-up error. */
std::unique_ptr<ControlServer> startControl(Engine& engine);

}  // namespace orchard
