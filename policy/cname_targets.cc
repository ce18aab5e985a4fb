/**
 * \file cname_targets.cc
 * Recording of CNAME targets (see cname_targets.hh).
 */
#include "policy/cname_targets.hh"

#include <algorithm>
#include <functional>

namespace orchard {

void CnameTargets::record(const std::vector<std::string>& targets, const std::string& pattern,
                          int64_t now) {
  for (const auto& name : targets) {
    Shard& s = shards_[std::hash<std::string>{}(name) % kShards];
    std::lock_guard lock(s.mutex);
    auto it = s.byName.find(name);
    if (it == s.byName.end()) {
      if (size_.load() >= kMaxTargets) {
        overflow_.fetch_add(1);
        continue;
      }
      ++size_;
      it = s.byName.emplace(name, CnameTarget{name, pattern, now, now, 0}).first;
    }
    it->second.lastSeen = now;
    ++it->second.count;
  }
}

std::vector<CnameTarget> CnameTargets::snapshot() const {
  std::vector<CnameTarget> out;
  for (const Shard& s : shards_) {
    std::lock_guard lock(s.mutex);
    for (const auto& [name, t] : s.byName) out.push_back(t);
  }
  std::sort(out.begin(), out.end(),
            [](const CnameTarget& a, const CnameTarget& b) { return a.name < b.name; });
  return out;
}

uint64_t CnameTargets::overflow() const { return overflow_.load(); }

}  // namespace orchard
