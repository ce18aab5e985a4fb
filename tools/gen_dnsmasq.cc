/**
 * \file gen_dnsmasq.cc
 * `orchardctl gen dnsmasq`: dnsmasq lines for the catalog's names:
 * `server=/NAME/ADDR#PORT` (split DNS: these names go to chosen resolvers)
 * and `nftset=/NAME/4#FAMILY#TABLE#SET,6#...` (dnsmasq adds the addresses
 * it answers with to nftables sets, the dnsmasq way of what Orchard's
 * module does for Unbound).
 *
 * dnsmasq matches whole labels: `/xp.apple.com/` covers the name and its
 * subdomains, a domain written with a leading `*.` (`*.push.apple.com`)
 * only the subdomains, as the catalog's wildcard means. nftset lines cover catalog names only:
 * dnsmasq matches them against the query name and adds every address of the answer, those at the
 * end of the CNAME chain included. server lines also cover the recorded CNAME target zones, for
 * clients that query them directly. nftset sets must be plain address sets (`type ipv4_addr`);
 * dnsmasq cannot fill Orchard's address . protocol . port sets.
 */
#include <iostream>

#include "tools/command.hh"
#include "tools/cover_input.hh"
#include "tools/generators.hh"
#include "tools/upstream.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "dnsmasq";

std::string domain(const Cover& c) { return (c.scope == Scope::below ? "*." : "") + c.name; }

std::string dnsmasqAddr(const Upstream& u) {
  return u.address.toString() + "#" + std::to_string(u.port);
}

void writeServers(std::ostream& out, const std::vector<Cover>& cover,
                  const std::vector<Upstream>& ups) {
  out << "# Split DNS: these names (and the CNAME target zones) go to the upstreams.\n";
  for (const auto& c : cover)
    for (const auto& u : ups) out << "server=/" << domain(c) << "/" << dnsmasqAddr(u) << "\n";
}

void writeNftsets(std::ostream& out, const std::vector<Cover>& cover, const po::variables_map& vm) {
  std::string table = vm["nft-table"].as<std::string>();
  std::string sets = "4#" + table + "#" + vm["nft-set4"].as<std::string>() + ",6#" + table + "#" +
                     vm["nft-set6"].as<std::string>();
  out << "# Address sets: the sets must exist (plain ipv4_addr / ipv6_addr sets).\n";
  for (const auto& c : cover)
    if (!c.fromCname) out << "nftset=/" << domain(c) << "/" << sets << "\n";
}

int generate(const GenInput& in, std::ostream& out) {
  std::vector<Upstream> ups;
  if (in.options.count("upstream")) {
    auto parsed = upstreamsFrom(in.options, "gen dnsmasq");
    if (!parsed) return kUsage;
    ups = *parsed;
  }
  bool nft = !in.options.count("no-nftset");
  if (ups.empty() && !nft) {
    std::cerr << "orchardctl gen dnsmasq: nothing to write: give --upstream, or drop "
                 "--no-nftset (see 'orchardctl gen dnsmasq --help')\n";
    return kUsage;
  }
  auto ci = loadCover(in);
  if (!ci) return kFailure;
  auto cover = withoutRedundant(ci->cover);
  writeGeneratedHeader(out, "#", kKind, *ci);
  out << "# Put it in /etc/dnsmasq.d/ (or conf-file=) and check with: dnsmasq --test\n";
  if (!ups.empty()) writeServers(out, cover, ups);
  if (nft) writeNftsets(out, cover, in.options);
  return kOk;
}

void addOptions(po::options_description& opts) {
  addUpstreamOption(opts, "resolver for these names: server= lines (repeatable)");
  opts.add_options()("no-nftset", "leave out the nftset= lines")(
      "nft-table", po::value<std::string>()->default_value("inet#orchard"),
      "nftables FAMILY#TABLE of the sets")(
      "nft-set4", po::value<std::string>()->default_value("apple4"), "IPv4 address set")(
      "nft-set6", po::value<std::string>()->default_value("apple6"), "IPv6 address set");
  addCoverOptions(opts, CnameScope::parent);
}

}  // namespace

const Generator kDnsmasq{
    kKind,
    "dnsmasq server= (split DNS) and nftset= lines",
    "Writes dnsmasq configuration: with --upstream, server=/NAME/ADDR#PORT lines that\n"
    "send every catalog name and CNAME target zone to those resolvers; unless\n"
    "--no-nftset, nftset= lines that add the answers' addresses for catalog names\n"
    "to plain nftables address sets.",
    "  orchardctl gen dnsmasq --upstream 192.0.2.53 > /etc/dnsmasq.d/orchard.conf\n"
    "  orchardctl gen dnsmasq --no-nftset --upstream 192.0.2.53@5353\n"
    "  orchardctl gen dnsmasq --nft-table inet#filter --nft-set4 apple_v4 --nft-set6 apple_v6",
    addOptions,
    generate};

}  // namespace orchard::ctl
