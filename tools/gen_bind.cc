/**
 * \file gen_bind.cc
 * `orchardctl gen bind`: named.conf statements for the catalog's names:
 * with --upstream, `type forward; forward only;` zones for every catalog
 * name and CNAME target zone (split DNS); with --rpz-file, the zone
 * statement of Orchard's passthru policy zone (`gen rpz-passthru` writes
 * the file) and, as a comment, the response-policy line to put in
 * options { }: it must list Orchard's zone first, since BIND, like every
 * RPZ resolver, takes the first policy zone that matches.
 *
 * A forward zone only applies while BIND recurses: inside a zone BIND is
 * authoritative for (an internal `apple.com` primary), it answers from
 * that zone. Put these statements in the view the clients use.
 */
#include <iostream>

#include "tools/command.hh"
#include "tools/cover_input.hh"
#include "tools/generators.hh"
#include "tools/upstream.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "bind";

std::string forwarders(const std::vector<Upstream>& ups) {
  std::string s;
  for (const auto& u : ups) s += u.address.toString() + " port " + std::to_string(u.port) + "; ";
  return s;
}

void writeForwardZones(std::ostream& out, const std::vector<Cover>& zones,
                       const std::vector<Upstream>& ups) {
  out << "// Split DNS: forward these zones, and only to these servers.\n";
  std::string fwd = forwarders(ups);
  for (const auto& z : zones)
    out << "zone \"" << z.name << "\" { type forward; forward only; forwarders { " << fwd
        << "}; };  // " << (z.fromCname ? "CNAME target of " : "") << z.pattern << "\n";
}

void writeRpzZone(std::ostream& out, const std::string& zone, const std::string& file) {
  out << "\n// Orchard's passthru policy zone. In options { } (or the view), list it\n"
         "// FIRST: response-policy { zone \""
      << zone
      << "\"; zone \"your-blocklist\"; };\n"
         "zone \""
      << zone << "\" { type primary; file \"" << file << "\"; allow-query { none; }; };\n";
}

int generate(const GenInput& in, std::ostream& out) {
  std::vector<Upstream> ups;
  if (in.options.count("upstream")) {
    auto parsed = upstreamsFrom(in.options, "gen bind");
    if (!parsed) return kUsage;
    ups = *parsed;
  }
  if (ups.empty() && !in.options.count("rpz-file")) {
    std::cerr << "orchardctl gen bind: give --upstream, --rpz-file or both (see 'orchardctl gen "
                 "bind --help')\n";
    return kUsage;
  }
  auto ci = loadCover(in);
  if (!ci) return kFailure;
  writeGeneratedHeader(out, "//", kKind, *ci);
  if (!ups.empty()) writeForwardZones(out, zonesOf(ci->cover), ups);
  if (in.options.count("rpz-file"))
    writeRpzZone(out, in.options["rpz-zone"].as<std::string>(),
                 in.options["rpz-file"].as<std::string>());
  return kOk;
}

void addOptions(po::options_description& opts) {
  addUpstreamOption(opts, "resolver for these names: forward zones (repeatable)");
  opts.add_options()("rpz-file", po::value<std::string>()->value_name("FILE"),
                     "the file 'gen rpz-passthru' wrote: adds its zone statement")(
      "rpz-zone", po::value<std::string>()->default_value("orchard-passthru.rpz"),
      "name of the passthru policy zone");
  addCoverOptions(opts, CnameScope::parent);
}

}  // namespace

const Generator kBind{
    kKind,
    "BIND forward zones and the passthru response-policy zone",
    "Writes named.conf statements: with --upstream, forward-only zones for every\n"
    "catalog name and CNAME target zone; with --rpz-file, the zone statement of the\n"
    "passthru policy zone that 'gen rpz-passthru' writes, and (as a comment) the\n"
    "response-policy line that must list it first.",
    "  orchardctl gen bind --upstream 192.0.2.53 > /etc/bind/orchard-forward.conf\n"
    "  orchardctl gen rpz-passthru > /etc/bind/orchard-passthru.rpz\n"
    "  orchardctl gen bind --rpz-file /etc/bind/orchard-passthru.rpz > /etc/bind/orchard-rpz.conf",
    addOptions,
    generate};

}  // namespace orchard::ctl
