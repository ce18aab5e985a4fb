/**
 * \file gen_unbound_forward.cc
 * `orchardctl gen unbound-forward --upstream ADDR[@PORT]...`: Unbound
 * forward-zone clauses that send the catalog's names, and the zones of the
 * CNAME targets recorded for them, to chosen resolvers. This is split DNS
 * for Apple's hosts: an internal view, a filtering upstream or a broken
 * local zone no longer decides how they resolve.
 *
 * Forward zones alone are not enough: Unbound answers from local zones
 * before it consults forwards, so an internal view written as
 * `local-zone: "apple.com." static` would still answer. Each forwarded
 * covered name therefore also gets `local-zone: "NAME." always_transparent`
 * (unless --no-local-zones), more specific than the view's zone; nested
 * names get their own line, as a view may list them too.
 * For the same zone name, Unbound keeps the local-zone line that comes
 * LAST in the configuration: include this file after the others.
 *
 * Why CNAME target zones: Unbound scrubs a forwarder's answer down to the
 * forward zone, so for `xp.apple.com` it keeps the CNAME and resolves the
 * target (`...akadns.example`, `e4.cdn.example`) itself, through whatever
 * path covers that name. Forwarding the target's parent zone (the default
 * --cname-scope parent) keeps new edge names of the same CDN covered.
 */
#include <ostream>

#include "tools/command.hh"
#include "tools/cover_input.hh"
#include "tools/generators.hh"
#include "tools/upstream.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "unbound-forward";

void writeLocalZones(std::ostream& out, const std::vector<Cover>& names) {
  out << "server:\n"
         "    # Local zones answer before forward zones are consulted: these make a\n"
         "    # parent's local-zone (an internal view, a blocklist) step aside.\n";
  for (const auto& z : names)
    out << "    local-zone: \"" << absolute(z.name) << "\" always_transparent\n";
  out << "\n";
}

void writeForwardZone(std::ostream& out, const Cover& z, const std::vector<Upstream>& ups) {
  out << "forward-zone:\n    name: \"" << absolute(z.name) << "\"\n";
  for (const auto& u : ups) out << "    forward-addr: " << u.text() << "\n";
  out << "    forward-first: no\n";
  out << "    # " << (z.fromCname ? "CNAME target of " : "") << z.pattern << "\n";
}

int generate(const GenInput& in, std::ostream& out) {
  auto ups = upstreamsFrom(in.options, "gen unbound-forward");
  if (!ups) return kUsage;
  auto ci = loadCover(in);
  if (!ci) return kFailure;
  auto zones = zonesOf(ci->cover);
  writeGeneratedHeader(out, "#", kKind, *ci);
  out << "# Include it in unbound.conf AFTER any blocklist or internal view:\n"
         "#   include: \"/etc/unbound/orchard-forward.conf\"\n\n";
  if (!in.options.count("no-local-zones")) writeLocalZones(out, ci->cover);
  for (const auto& z : zones) writeForwardZone(out, z, *ups);
  return kOk;
}

void addOptions(po::options_description& opts) {
  addUpstreamOption(opts, "resolver to forward to (repeatable; required)");
  opts.add_options()("no-local-zones",
                     "leave out the always_transparent local-zone lines (only when no local "
                     "zone covers these names)");
  addCoverOptions(opts, CnameScope::parent);
}

}  // namespace

const Generator kUnboundForward{
    kKind,
    "Unbound forward zones for the catalog and its CNAME targets",
    "Writes Unbound forward-zone clauses that send every catalog name and the zones of\n"
    "the CNAME targets recorded by the engine to the given resolvers, plus\n"
    "always_transparent local zones so that a local-zone above them (an internal\n"
    "view) does not answer first. Include the file after the site's other\n"
    "local-zone lines: for one zone name, Unbound keeps the last one.",
    "  orchardctl gen unbound-forward --upstream 192.0.2.53 > /etc/unbound/orchard-forward.conf\n"
    "  orchardctl gen unbound-forward --upstream 192.0.2.53@5353 --upstream 2001:db8::53 \\\n"
    "      --cnames /var/lib/orchard/cnames.tsv --cname-scope exact",
    addOptions,
    generate};

}  // namespace orchard::ctl
