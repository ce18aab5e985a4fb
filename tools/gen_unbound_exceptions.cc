/**
 * \file gen_unbound_exceptions.cc
 * `orchardctl gen unbound-exceptions`: local-zone lines that lift an
 * Unbound local-zone blocklist for the catalog's names and their CNAME
 * targets.
 *
 * Unbound answers from the most specific local zone that encloses the
 * query name, so `local-zone: "xp.apple.com." always_transparent` beats a
 * blocklist's `local-zone: "apple.com." always_nxdomain`. When the
 * blocklist lists the very same name, the two lines name one zone and
 * Unbound keeps the one that comes LAST in the configuration (it warns
 * "duplicate local-zone"): include this file after the blocklist.
 * always_transparent, not transparent: a blocklist that sinkholes with
 * `redirect` + `local-data: "NAME A 0.0.0.0"` leaves that data attached to
 * our zone of the same name, and only always_transparent ignores it.
 *
 * Every name gets its line, even one inside another's subtree
 * (`vpp.itunes.apple.com` under `itunes.apple.com`): a blocklist may list
 * the inner name, and the most specific zone wins.
 *
 * Limits: a local zone is a subtree, so a wildcard row opens its apex too
 * (`push.apple.com`), and a blocklist entry more specific than an exception
 * (`1-courier.push.apple.com`) still wins. RPZ is a separate stage that
 * runs after local zones: use `gen rpz-passthru` for RPZ feeds.
 */
#include <ostream>

#include "tools/command.hh"
#include "tools/cover_input.hh"
#include "tools/generators.hh"

namespace orchard::ctl {
namespace {

constexpr std::string_view kKind = "unbound-exceptions";

int generate(const GenInput& in, std::ostream& out) {
  auto ci = loadCover(in);
  if (!ci) return kFailure;
  writeGeneratedHeader(out, "#", kKind, *ci);
  out << "# Include it in unbound.conf AFTER the blocklist: for one zone name,\n"
         "# Unbound keeps the local-zone line that comes last.\n"
         "server:\n";
  for (const auto& z : ci->cover)  // every name, nested ones too: see above
    out << "    local-zone: \"" << absolute(z.name) << "\" always_transparent  # "
        << (z.fromCname ? "target of " : "") << z.pattern << "\n";
  return kOk;
}

void addOptions(po::options_description& opts) { addCoverOptions(opts, CnameScope::exact); }

}  // namespace

const Generator kUnboundExceptions{
    kKind,
    "Unbound local-zone exceptions that override a local-zone blocklist",
    "Writes `local-zone: NAME always_transparent` for every catalog name, wildcard\n"
    "parent and recorded CNAME target. The most specific local zone decides, so\n"
    "these beat a blocklist's parent zones; for a name the blocklist lists itself,\n"
    "Unbound keeps the last line: include this file after the blocklist. RPZ\n"
    "feeds are not local zones: use 'gen rpz-passthru' for them.",
    "  orchardctl gen unbound-exceptions > /etc/unbound/orchard-exceptions.conf\n"
    "  orchardctl gen unbound-exceptions --cnames /var/lib/orchard/cnames.tsv",
    addOptions,
    generate};

}  // namespace orchard::ctl
