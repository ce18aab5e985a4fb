/**
 * \file commands.hh
 * Entry points of orchardctl's subcommands, one file each (cmd_*.cc).
 */
#pragma once

#include <string>
#include <vector>

namespace orchard::ctl {

int runCatalog(const std::vector<std::string>& args);
int runMatch(const std::vector<std::string>& args);
int runGen(const std::vector<std::string>& args);

}  // namespace orchard::ctl
