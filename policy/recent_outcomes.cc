/**
 * \file recent_outcomes.cc
 * The in-memory ring of recent outcomes (see recent_outcomes.hh).
 */
#include "policy/recent_outcomes.hh"

#include <algorithm>

namespace orchard {

void RecentOutcomes::add(const LogEntry& e) {
  std::lock_guard lock(mutex_);
  ring_.push_back(e);
  if (ring_.size() > capacity_) ring_.pop_front();
  if (byName_.size() >= maxNames_ && !byName_.count(e.qname)) byName_.clear();
  byName_[e.qname] = e;
}

std::vector<LogEntry> RecentOutcomes::list(const RecentFilter& f) const {
  std::lock_guard lock(mutex_);
  std::vector<LogEntry> out;
  for (auto it = ring_.rbegin(); it != ring_.rend() && out.size() < f.limit; ++it) {
    if (f.blockedOnly && it->kind != OutcomeKind::blocked) continue;
    if (f.failedOnly && it->kind == OutcomeKind::answered) continue;
    if (!f.name.empty() && it->qname != f.name) continue;
    out.push_back(*it);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<LogEntry> RecentOutcomes::last(const std::string& qname) const {
  std::lock_guard lock(mutex_);
  auto it = byName_.find(qname);
  if (it == byName_.end()) return std::nullopt;
  return it->second;
}

}  // namespace orchard
