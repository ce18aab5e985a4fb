/**
 * \file coverage.hh
 * Which DNS names a resolver, proxy or filter configuration must cover so
 * that every catalog host keeps resolving: the catalog's hosts, its
 * wildcards, and the CNAME targets recorded at run time (Apple hosts are
 * aliases of CDN names, which blocklists and internal views catch too).
 *
 * One place decides this for every generator (`orchardctl gen ...`), so
 * Unbound, BIND, dnsmasq, RPZ, Squid and PAC outputs never disagree:
 *   host `xp.apple.com`        -> exact `xp.apple.com`
 *   wildcard `*.push.apple.com` -> below `push.apple.com` (not its apex)
 *   CNAME target `e4.cdn.example` -> exact, or the subtree of its parent
 *                                  `cdn.example` (CnameScope::parent)
 * Entries are deduplicated (exact + below of one name become subtree) and
 * sorted in DNS canonical order (by reversed labels), so related names sit
 * together in the output and the output is stable. Address blocks are not
 * names and are left out.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/base/enum_names.hh"
#include "policy/catalog/catalog.hh"
#include "policy/catalog/cname_targets.hh"

namespace orchard {

/** Which names below `name` an entry covers. */
enum class Scope : uint8_t {
  exact,    // the name only
  below,    // names under it, not the name itself (a wildcard's parent)
  subtree,  // the name and every name under it
};
constexpr auto namesOf(Scope) {
  return std::to_array<EnumName<Scope>>({
      {Scope::exact, "exact"},
      {Scope::below, "below"},
      {Scope::subtree, "subtree"},
  });
}

/** How recorded CNAME targets are covered. CDN edge names change often
 *  (e4.cdn.example today, e5 tomorrow): forwarding their parent zone keeps
 *  working until the next generation, while blocklist exceptions should
 *  stay narrow and use the exact names. */
enum class CnameScope : uint8_t { none, exact, parent };
constexpr auto namesOf(CnameScope) {
  return std::to_array<EnumName<CnameScope>>({
      {CnameScope::none, "none"},
      {CnameScope::exact, "exact"},
      {CnameScope::parent, "parent"},
  });
}

struct Cover {
  std::string name;  // lower case, no trailing dot
  Scope scope = Scope::exact;
  bool fromCname = false;  // only a CNAME target (no catalog row) asked for it
  std::string pattern;     // the catalog pattern (for a target: that led to it)
};

/** The covered names: catalog hosts and wildcards, plus the CNAME targets
 *  as `cnames` says. A target already covered by a catalog entry (e.g. a
 *  wildcard) is not repeated. Names that do not parse are skipped. */
std::vector<Cover> coverSet(const Catalog& catalog, const std::vector<CnameTarget>& targets,
                            CnameScope cnames);

/** The fewest subtrees that contain every entry (a forward zone, a dnsmasq
 *  `server=/zone/`): an exact or below entry becomes its name's subtree, and
 *  subtrees inside another one are dropped. Canonical order. */
std::vector<Cover> zonesOf(const std::vector<Cover>& cover);

/** Drops entries that another entry already covers (an exact name under a
 *  wildcard's subtree), keeping exact/below/subtree distinctions: for
 *  matchers that understand both (Squid's `.zone`, PAC, dnsmasq `*.`). */
std::vector<Cover> withoutRedundant(const std::vector<Cover>& cover);

/** True when `name` equals `zone` or lies below it, by whole labels. */
bool isAtOrBelow(std::string_view name, std::string_view zone);
/** True when entry `outer` covers every name that `inner` covers. */
bool covers(const Cover& outer, const Cover& inner);
/** "a.b.c" -> "b.c"; empty when the name has one label. */
std::string parentOf(std::string_view name);

}  // namespace orchard
