/**
 * \file cname_targets.cc
 * Recording of CNAME targets (see catalog/cname_targets.hh).
 */
#include "policy/catalog/cname_targets.hh"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>

#include "policy/base/config_lexer.hh"

namespace orchard {

void CnameTargets::observe(const std::vector<std::string>& targets, const std::string& pattern,
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

void CnameTargets::merge(const std::vector<CnameTarget>& entries) {
  for (const auto& e : entries) {
    Shard& s = shards_[std::hash<std::string>{}(e.name) % kShards];
    std::lock_guard lock(s.mutex);
    auto [it, added] = s.byName.emplace(e.name, e);
    if (added) {
      ++size_;
      continue;
    }
    it->second.firstSeen = std::min(it->second.firstSeen, e.firstSeen);
    it->second.lastSeen = std::max(it->second.lastSeen, e.lastSeen);
    it->second.count += e.count;
  }
}

void saveCnameTargets(const std::string& path, const std::vector<CnameTarget>& targets) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# Orchard: CNAME targets seen for catalog names\n"
           "# name\tpattern\tfirst-seen\tlast-seen\tcount\n";
    for (const auto& t : targets)
      out << t.name << '\t' << t.pattern << '\t' << t.firstSeen << '\t' << t.lastSeen << '\t'
          << t.count << '\n';
    out.flush();
    if (!out) throw FileError(tmp, 0, std::string("cannot write: ") + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw FileError(path, 0, std::string("cannot replace: ") + std::strerror(errno));
}

std::vector<CnameTarget> loadCnameTargets(const std::string& path) {
  std::vector<CnameTarget> out;
  std::ifstream in(path);
  if (!in) return out;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    CnameTarget t;
    std::string extra;
    if (!(fields >> t.name >> t.pattern >> t.firstSeen >> t.lastSeen >> t.count) ||
        (fields >> extra))
      throw FileError(path, n,
                      "expected name, pattern, first-seen, last-seen, count, found '" + line + "'");
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace orchard
