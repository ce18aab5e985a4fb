/**
 * \file cmd_gen.cc
 * `orchardctl gen KIND [options]`: dispatches to a generator from the
 * table below. Add a generator by writing gen_KIND.cc and one line here.
 */
#include <algorithm>
#include <iostream>

#include "tools/command.hh"
#include "tools/commands.hh"
#include "tools/generators.hh"

namespace orchard::ctl {

const std::vector<Generator>& generators() {
  static const std::vector<Generator> table{
      // {"kind", "summary", "about", "examples", addOptions, generate},
      // One generator a line:
      // clang-format off
      kUnboundForward,
      kRpzPassthru,
      kUnboundExceptions,
      kDnsmasq,
      kBind,
      kSquid,
      kPac,
      kNftables,
      kIpset,
      kPf,
      // clang-format on
  };
  return table;
}

namespace {

std::string kindList() {
  std::string out;
  for (const auto& g : generators())
    out += "  " + std::string(g.kind) + std::string(20 - std::min<size_t>(19, g.kind.size()), ' ') +
           std::string(g.summary) + "\n";
  return out;
}

}  // namespace

int runGen(const std::vector<std::string>& args) {
  if (args.empty() || args[0].starts_with("-")) {
    bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
    (help ? std::cout : std::cerr)
        << "Usage: orchardctl gen KIND [options]\n\n"
           "Generates configuration from the catalog. Kinds:\n"
        << kindList() << "\nRun 'orchardctl gen KIND --help' for a kind's options.\n";
    return help ? kOk : kUsage;
  }
  for (const auto& g : generators()) {
    if (args[0] != g.kind) continue;
    po::options_description opts("Options");
    g.addOptions(opts);
    addCatalogOptions(opts);
    std::string name = "gen " + std::string(g.kind);
    Usage usage{name, "[options] > FILE", g.about, g.examples};
    int rc = kOk;
    auto vm = parseArgs(usage, opts, {}, {args.begin() + 1, args.end()}, rc);
    if (!vm) return rc;
    auto catalog = loadCatalogFrom(*vm);
    if (!catalog) return kFailure;
    return g.generate(GenInput{*catalog, *vm}, std::cout);
  }
  std::cerr << "orchardctl gen: unknown kind '" << args[0] << "' (see 'orchardctl gen --help')\n";
  return kUsage;
}

}  // namespace orchard::ctl
