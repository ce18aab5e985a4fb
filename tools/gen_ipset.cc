/**
 * \file gen_ipset.cc
 * `orchardctl gen ipset`: an `ipset restore` file creating Orchard's sets
 * (named by sets/layout.hh, as the resolver fills them) with their static
 * contents, and, as comments, the iptables/ip6tables rules that use them:
 * established/related first, then one ACCEPT per set.
 *
 * Dynamic sets are created with `-exist` and never flushed, so loading the
 * file again keeps what the resolver put in; static sets are flushed and
 * refilled. Types: hash:ip,port (service), hash:ip (section), hash:net,port
 * (blocks), hash:net (17.0.0.0/8 with --apple-block).
 */
#include <iostream>

#include "tools/generators.hh"
#include "tools/set_gen_options.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "ipset";

std::string typeOf(SetKind k) {
  switch (k) {
    case SetKind::service: return "hash:ip,port";
    case SetKind::address: return "hash:ip";
    case SetKind::blocks: return "hash:net,port";
    case SetKind::nets: return "hash:net";
  }
  return "?";
}

std::string matchOf(SetKind k) {
  return k == SetKind::service || k == SetKind::blocks ? "dst,dst" : "dst";
}

void writeSet(std::ostream& out, const SetLayout& l, SetIndex i) {
  const SetSpec& s = l.set(i);
  out << "create " << s.name << " " << typeOf(s.kind) << " family "
      << (s.family == Family::v4 ? "inet" : "inet6");
  if (!l.isStatic(i))
    out << " timeout " << l.options().timeoutFloor << " maxelem " << l.options().shadowMax;
  out << " -exist\n";
  if (!l.isStatic(i)) return;
  out << "flush " << s.name << "\n";
  for (const auto& e : l.statics()) {
    if (e.set != i) continue;
    out << "add " << s.name << " " << e.block.toString();
    if (s.kind == SetKind::blocks)
      out << "," << toString(e.protocol) << ":" << e.portFirst
          << (e.portLast != e.portFirst ? "-" + std::to_string(e.portLast) : "");
    out << " -exist\n";
  }
}

int generate(const GenInput& in, std::ostream& out) {
  auto options = setOptionsFrom(in.options, "gen ipset");
  if (!options) return kUsage;
  std::optional<SetLayout> layout;
  try {
    layout.emplace(in.catalog, *options);
  } catch (const std::exception& e) {
    std::cerr << "orchardctl gen ipset: " << e.what() << "\n";
    return kFailure;
  }
  writeSetGenHeader(out, "#", kKind, "ipset restore -exist < FILE");
  for (SetIndex i = 0; i < layout->sets().size(); ++i) writeSet(out, *layout, i);
  std::string chain = in.options["chain"].as<std::string>();
  out << "# Rules (iptables for the IPv4 sets, ip6tables for the IPv6 ones):\n"
      << "#   iptables -A " << chain << " -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n";
  for (const SetSpec& s : layout->sets())
    out << "#   " << (s.family == Family::v4 ? "iptables" : "ip6tables") << " -A " << chain
        << " -m set --match-set " << s.name << " " << matchOf(s.kind) << " -j ACCEPT\n";
  return kOk;
}

void addOptions(po::options_description& opts) {
  addSetGenOptions(opts);
  opts.add_options()("chain", po::value<std::string>()->default_value("FORWARD"),
                     "chain named in the rules shown as comments");
}

}  // namespace

const Generator kIpset{
    kKind,
    "ipset restore file: Orchard's sets and static blocks",
    "Writes an 'ipset restore' file that creates the sets the resolver module fills\n"
    "(names from the catalog and the set options in orchard.conf) and loads the\n"
    "catalog's address blocks into static sets; the iptables rules using them\n"
    "follow as comments. Loading it again keeps the resolver's elements.",
    "orchardctl gen ipset | ipset restore -exist\n"
    "orchardctl gen ipset --config /etc/orchard/orchard.conf --chain OUTPUT",
    addOptions,
    generate};

}  // namespace orchard::ctl
