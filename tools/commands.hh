/**
 * \file commands.hh
 * Entry points of orchardctl's subcommands, one file each (cmd_*.cc).
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace orchard::ctl {

int runCatalog(const std::vector<std::string>& args);
int runMatch(const std::vector<std::string>& args);
int runGen(const std::vector<std::string>& args);
/** The live commands (status, stats, recent, explain, why, sets, flush,
 *  reload, reopen-log): one request over the control socket each. */
int runLiveCommand(std::string_view name, const std::vector<std::string>& args);
int runVerify(const std::vector<std::string>& args);

}  // namespace orchard::ctl
