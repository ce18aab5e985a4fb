/**
 * \file coverage.cc
 * The names generated configurations cover (see catalog/coverage.hh).
 */
#include "policy/catalog/coverage.hh"

#include <algorithm>
#include <map>
#include <optional>

#include "policy/base/dns_name.hh"

namespace orchard {

bool isAtOrBelow(std::string_view name, std::string_view zone) {
  if (name.size() < zone.size() || !name.ends_with(zone)) return false;
  return name.size() == zone.size() || name[name.size() - zone.size() - 1] == '.';
}

std::string parentOf(std::string_view name) {
  auto dot = name.find('.');
  return dot == std::string_view::npos ? std::string() : std::string(name.substr(dot + 1));
}

bool covers(const Cover& outer, const Cover& inner) {
  switch (outer.scope) {
    case Scope::subtree: return isAtOrBelow(inner.name, outer.name);
    case Scope::below:
      if (inner.name == outer.name) return inner.scope == Scope::below;
      return isAtOrBelow(inner.name, outer.name);
    case Scope::exact: return inner.scope == Scope::exact && inner.name == outer.name;
  }
  return false;
}

namespace {

/** Reversed labels joined by NUL: sorts in DNS canonical order (lower case,
 *  escapes aside), an ancestor right before its descendants. */
std::string canonicalKey(std::string_view name) {
  std::string key;
  while (!name.empty()) {
    auto dot = name.rfind('.');
    std::string_view label = dot == std::string_view::npos ? name : name.substr(dot + 1);
    if (!key.empty()) key += '\0';
    key += label;
    name = dot == std::string_view::npos ? std::string_view() : name.substr(0, dot);
  }
  return key;
}

std::optional<std::string> normalized(std::string_view text) {
  DnsName n;
  if (!n.parse(text) || n.isRoot()) return std::nullopt;
  return n.toString();
}

Scope merged(Scope a, Scope b) { return a == b ? a : Scope::subtree; }

using CoverMap = std::map<std::string, Cover>;  // by canonical key

void put(CoverMap& m, Cover c) {
  auto [it, fresh] = m.try_emplace(canonicalKey(c.name), c);
  if (fresh) return;
  it->second.scope = merged(it->second.scope, c.scope);
  it->second.fromCname = it->second.fromCname && c.fromCname;
}

std::vector<Cover> values(const CoverMap& m) {
  std::vector<Cover> out;
  out.reserve(m.size());
  for (const auto& [key, c] : m) out.push_back(c);
  return out;
}

bool coveredBy(const std::vector<Cover>& catalog, const Cover& c) {
  return std::any_of(catalog.begin(), catalog.end(),
                     [&](const Cover& outer) { return covers(outer, c); });
}

std::optional<Cover> targetCover(const CnameTarget& t, CnameScope scope) {
  auto name = normalized(t.name);
  if (!name) return std::nullopt;
  Cover c{*name, Scope::exact, true, t.pattern};
  std::string parent = parentOf(*name);
  // Never a top-level domain: a parent needs two labels.
  if (scope == CnameScope::parent && parent.find('.') != std::string::npos)
    c = Cover{parent, Scope::subtree, true, t.pattern};
  return c;
}

}  // namespace

std::vector<Cover> coverSet(const Catalog& catalog, const std::vector<CnameTarget>& targets,
                            CnameScope cnames) {
  CoverMap m;
  for (const Row& r : catalog.rows()) {
    if (r.kind == PatternKind::block) continue;
    auto name = normalized(r.name);
    if (!name) continue;
    put(m, Cover{*name, r.kind == PatternKind::wildcard ? Scope::below : Scope::exact, false,
                 r.pattern});
  }
  if (cnames == CnameScope::none) return values(m);
  const std::vector<Cover> fromCatalog = values(m);
  for (const CnameTarget& t : targets) {
    auto exact = targetCover(t, CnameScope::exact);
    if (!exact || coveredBy(fromCatalog, *exact)) continue;  // a wildcard's own name
    auto c = targetCover(t, cnames);
    if (!coveredBy(fromCatalog, *c)) put(m, *c);
  }
  return values(m);
}

std::vector<Cover> zonesOf(const std::vector<Cover>& cover) {
  CoverMap m;
  for (Cover c : cover) {
    c.scope = Scope::subtree;
    put(m, c);
  }
  std::vector<Cover> out;
  for (const auto& [key, c] : m) {  // canonical order: ancestors come first
    if (!out.empty() && isAtOrBelow(c.name, out.back().name)) {
      out.back().fromCname = out.back().fromCname && c.fromCname;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::vector<Cover> withoutRedundant(const std::vector<Cover>& cover) {
  std::vector<Cover> out;
  for (size_t i = 0; i < cover.size(); ++i) {
    bool redundant = false;
    for (size_t j = 0; j < cover.size() && !redundant; ++j)
      redundant = i != j && cover[j].name != cover[i].name && covers(cover[j], cover[i]);
    if (!redundant) out.push_back(cover[i]);
  }
  return out;
}

}  // namespace orchard
