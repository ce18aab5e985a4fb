/**
 * \file orchardctl.cc
 * orchardctl: the control tool. Dispatches to a subcommand from a table;
 * handles --help and --version before anything else.
 */
#include <iostream>
#include <string>
#include <vector>

#include "tools/command.hh"
#include "tools/commands.hh"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

namespace orchard::ctl {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = [] {
    std::vector<Command> t{
        {"catalog", "print the catalog as loaded (site file included)", runCatalog},
        {"match", "explain which catalog rows match a name or an address", runMatch},
        {"gen", "generate firewall, resolver and proxy configuration", runGen},
        {"verify", "prove that a resolver serves every catalog host (and ports open)", runVerify},
    };
    // Live commands: one request each to the resolver's control socket.
    for (const CommandSpec& c : controlCommandTable())
      t.push_back({c.name, c.summary,
                   [&c](const std::vector<std::string>& a) { return runLiveCommand(c, a); }});
    return t;
  }();
  return table;
}

namespace {

void printHelp() {
  std::cout << "Usage: orchardctl COMMAND [options]\n\n"
               "Orchard keeps Apple device services reachable on enterprise networks:\n"
               "it knows the hosts of Apple's \"Use Apple products on enterprise networks\"\n"
               "article, and this tool explains and inspects what Orchard does with them.\n\n"
               "Commands:\n";
  for (const auto& c : commands())
    std::cout << "  " << c.name << std::string(13 - c.name.size(), ' ') << c.summary << "\n";
  std::cout << "\nRun 'orchardctl COMMAND --help' for a command's options and examples.\n"
               "Exit status: 0 ok, 1 no match, 2 usage error, 3 failure.\n\n"
               "Examples:\n"
               "  orchardctl catalog --section device-setup\n"
               "  orchardctl match gs.apple.com 17.248.130.5\n";
}

}  // namespace
}  // namespace orchard::ctl

int main(int argc, char** argv) {
  using namespace orchard::ctl;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    printHelp();
    return args.empty() ? kUsage : kOk;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    std::cout << "orchardctl " << PACKAGE_VERSION << "\n";
    return kOk;
  }
  for (const auto& c : commands())
    if (args[0] == c.name) {
      try {
        return c.run({args.begin() + 1, args.end()});
      } catch (const std::exception& e) {
        std::cerr << "orchardctl " << c.name << ": " << e.what() << "\n";
        return kFailure;
      }
    }
  std::cerr << "orchardctl: unknown command '" << args[0] << "' (see 'orchardctl --help')\n";
  return kUsage;
}
