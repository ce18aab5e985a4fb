/**
 * \file verify_targets.cc
 * Names to verify, from the catalog (see verify_targets.hh).
 */
#include "tools/verify_targets.hh"

#include <algorithm>
#include <map>

namespace orchard::ctl {
namespace {

std::vector<std::string> namesOf(const Row& r) {
  if (r.kind == PatternKind::exact) return {r.name};
  std::vector<std::string> out;
  if (r.kind == PatternKind::wildcard)
    for (const auto& label : r.samples) out.push_back(label + "." + r.name);
  return out;
}

bool wanted(const std::vector<std::string>& only, const std::string& name, const Row& r) {
  if (only.empty()) return true;
  return std::find(only.begin(), only.end(), name) != only.end() ||
         std::find(only.begin(), only.end(), r.pattern) != only.end();
}

}  // namespace

std::vector<CheckTarget> checkTargets(const Catalog& catalog,
                                      const std::vector<std::string>& only) {
  std::vector<CheckTarget> out;
  std::map<std::string, size_t> index;
  for (const Row& r : catalog.rows()) {
    for (const auto& name : namesOf(r)) {
      if (!wanted(only, name, r)) continue;
      auto [it, fresh] = index.try_emplace(name, out.size());
      if (fresh) out.push_back(CheckTarget{name, r.pattern, {}});
      for (auto port : r.ports) out[it->second].services.insert(Service{r.protocol, port});
    }
  }
  return out;
}

}  // namespace orchard::ctl
