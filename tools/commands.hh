/**
 * \file commands.hh
 * Entry points of orchardctl's subcommands, one file each (cmd_*.cc).
 */
#pragma once

#include <string>
#include <vector>

#include "policy/control/command_table.hh"

namespace orchard::ctl {

int runCatalog(const std::vector<std::string>& args);
int runMatch(const std::vector<std::string>& args);
int runGen(const std::vector<std::string>& args);
/** A live command (an entry of policy/control/command_table.hh): one
 *  request over the control socket. */
int runLiveCommand(const CommandSpec& command, const std::vector<std::string>& args);
int runVerify(const std::vector<std::string>& args);

}  // namespace orchard::ctl
