/**
 * \file commands.hh
 * The engine's control commands, as a table for ControlServer: each entry
 * of the command table (control/command_table.hh) bound by name to its
 * handler (status, stats, recent, explain, reload, reopen-log here; sets,
 * why, flush in control/set_commands.hh). A request's arguments are checked
 * against the entry before its handler runs, and a command that needs a
 * set backend answers an error without one. Each returns text for people,
 * or JSON with --json. They run on the control thread and only read what
 * the engine shares (reload, reopen-log and flush change it).
 * The host of the engine (the module, an agent) starts the channel, as
 * Unbound's daemon owns its remote control: the engine serves no socket.
 */
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "policy/control/command_args.hh"
#include "policy/control/server.hh"

namespace orchard {

class Engine;

/** What runs one command of the table, found by its name. */
struct CommandHandler {
  using Run = ControlReply (*)(Engine& engine, const CommandArgs& args);
  std::string_view name;
  Run run;
};

/** Every command of the table, in its order, bound to its handler. Throws
 *  std::logic_error when an entry has no handler, or a handler no entry. */
std::vector<ControlCommand> engineCommands(Engine& engine);

/** The control channel of `engine`, as its configuration asks: served on
 *  its own thread until destroyed, which the host does before it destroys
 *  the engine. nullptr with `control-socket none`, or when the default
 *  socket cannot be bound (said through diag_log.hh; the resolver runs on
 *  without). Throws FileError naming the configuration when a socket that
 *  the file names cannot be bound: a start-up error. */
std::unique_ptr<ControlServer> startControl(Engine& engine);

}  // namespace orchard
