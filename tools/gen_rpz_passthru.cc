/**
 * \file gen_rpz_passthru.cc
 * `orchardctl gen rpz-passthru`: a Response Policy Zone whose every rule is
 * `rpz-passthru.`, for each catalog host, wildcard and recorded CNAME
 * target. Listed FIRST among a resolver's policy zones it exempts these
 * names from every later zone (a blocklist feed): RPZ takes the first
 * zone that matches, whatever a later zone says (Unbound, BIND, PowerDNS
 * Recursor and Knot Resolver all read it).
 *
 * Owner names are relative, so the zone takes whatever name the resolver
 * gives it (`orchard-passthru.rpz.` in the examples). A wildcard row
 * `*.push.apple.com` becomes the RPZ wildcard `*.push.apple.com`, which, as
 * in the catalog, does not cover `push.apple.com` itself. Targets are
 * exact names by default: an exemption should stay narrow.
 */
#include <ctime>
#include <ostream>

#include "tools/command.hh"
#include "tools/cover_input.hh"
#include "tools/generators.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "rpz-passthru";

void writeRule(std::ostream& out, const std::string& owner, const Cover& c) {
  out << owner << std::string(owner.size() < 40 ? 40 - owner.size() : 1, ' ')
      << "CNAME rpz-passthru. ; " << (c.fromCname ? "target of " : "") << c.pattern << "\n";
}

void writeRules(std::ostream& out, const Cover& c) {
  if (c.scope != Scope::below) writeRule(out, c.name, c);
  if (c.scope != Scope::exact) writeRule(out, "*." + c.name, c);
}

uint32_t serialFrom(const po::variables_map& vm) {
  if (vm.count("serial")) return vm["serial"].as<uint32_t>();
  return static_cast<uint32_t>(std::time(nullptr));
}

int generate(const GenInput& in, std::ostream& out) {
  auto ci = loadCover(in);
  if (!ci) return kFailure;
  std::string ns = in.options["ns"].as<std::string>();
  if (!ns.ends_with(".")) ns += ".";
  writeGeneratedHeader(out, ";", kKind, *ci);
  out << "; List this zone FIRST among the resolver's policy zones. Unbound:\n"
         ";   rpz:\n"
         ";       name: \"orchard-passthru.rpz.\"\n"
         ";       zonefile: \"/var/lib/unbound/orchard-passthru.rpz\"\n"
         "; (before the blocklist's rpz: clause, with module-config \"respip iterator\").\n"
         "; BIND: response-policy { zone \"orchard-passthru.rpz\"; zone \"blocklist\"; };\n"
         "$TTL 300\n"
      << "@ IN SOA " << ns << " hostmaster." << ns << " " << serialFrom(in.options)
      << " 3600 600 86400 300\n"
      << "@ IN NS " << ns << "\n\n";
  for (const auto& c : withoutRedundant(ci->cover)) writeRules(out, c);
  return kOk;
}

void addOptions(po::options_description& opts) {
  opts.add_options()("serial", po::value<uint32_t>()->value_name("N"),
                     "SOA serial (default: the current time in seconds, so it grows)")(
      "ns", po::value<std::string>()->default_value("localhost."),
      "name in the SOA and NS records (RPZ zones are never delegated to)");
  addCoverOptions(opts, CnameScope::exact);
}

}  // namespace

const Generator kRpzPassthru{
    kKind,
    "RPZ zone exempting catalog names and CNAME targets (rpz-passthru)",
    "Writes a Response Policy Zone with an `rpz-passthru.` rule for every catalog\n"
    "host, wildcard and recorded CNAME target. List it first among the resolver's\n"
    "policy zones: the first zone that matches decides, so later blocklist feeds\n"
    "can no longer block these names.",
    "  orchardctl gen rpz-passthru > /var/lib/unbound/orchard-passthru.rpz\n"
    "  orchardctl gen rpz-passthru --cnames /var/lib/orchard/cnames.tsv --serial 2024060101\n"
    "  named-checkzone orchard-passthru.rpz <(orchardctl gen rpz-passthru)",
    addOptions,
    generate};

}  // namespace orchard::ctl
