/**
 * \file article_rules.cc
 * Applicability of the article's non-table rules (see catalog/article_rules.hh).
 */
#include "policy/catalog/article_rules.hh"

namespace orchard {

bool patternCovers(std::string_view pattern, const DnsName& name) {
  bool wildcard = pattern.starts_with("*.");
  if (wildcard) pattern.remove_prefix(2);
  DnsName base;
  if (!base.parse(pattern)) return false;
  size_t nb = base.labelCount(), nn = name.labelCount();
  if (wildcard ? nn <= nb : nn != nb) return false;
  for (size_t i = 1; i <= nb; ++i)
    if (base.label(nb - i) != name.label(nn - i)) return false;
  return true;
}

std::vector<const Rule*> rulesFor(const Catalog& c, const DnsName& name, bool matched) {
  std::vector<const Rule*> out;
  for (const Rule& r : c.rules())
    for (const auto& p : r.applies)
      if ((p == "catalog" && matched) || patternCovers(p, name)) {
        out.push_back(&r);
        break;
      }
  return out;
}

std::vector<const Rule*> rulesFor(const Catalog& c, const Address& addr, bool matched) {
  std::vector<const Rule*> out;
  for (const Rule& r : c.rules()) {
    bool hit = false;
    for (const auto& p : r.applies) hit = hit || (p == "catalog" && matched);
    for (const auto& b : r.blocks) hit = hit || b.contains(addr);
    if (hit) out.push_back(&r);
  }
  return out;
}

}  // namespace orchard
