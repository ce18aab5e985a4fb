/**
 * \file generators.hh
 * Configuration generators behind `orchardctl gen KIND`: each turns the
 * catalog (and, where it matters, the CNAME targets recorded at run time)
 * into a file another program loads as it is. One generator per file
 * (gen_*.cc); the table in cmd_gen.cc lists them.
 */
#pragma once

#include <boost/program_options.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "policy/catalog/catalog.hh"

namespace orchard::ctl {

/** What every generator receives. */
struct GenInput {
  const Catalog& catalog;
  const boost::program_options::variables_map& options;
};

struct Generator {
  std::string_view kind;      // "nftables"
  std::string_view summary;   // one line for `gen --help`
  std::string_view about;     // a paragraph for `gen KIND --help`
  std::string_view examples;  // lines, each a full command
  /** Adds the generator's own options (may add none). */
  void (*addOptions)(boost::program_options::options_description&);
  /** Writes the output; returns an exit status (kOk, kUsage, kFailure). */
  int (*generate)(const GenInput&, std::ostream&);
};

const std::vector<Generator>& generators();

// Resolver, proxy and filter configuration (policy/catalog/coverage.hh decides the
// names): one definition in each gen_*.cc.
extern const Generator kUnboundForward, kRpzPassthru, kUnboundExceptions, kDnsmasq, kBind, kSquid,
    kPac;
// Firewall sets (policy/sets/layout.hh decides the names): gen_nftables.cc,
// gen_ipset.cc, gen_pf.cc.
extern const Generator kNftables, kIpset, kPf;

}  // namespace orchard::ctl
