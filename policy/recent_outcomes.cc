/**
 * \file recent_outcomes.cc
 * The in-memory ring of recent outcomes (see recent_outcomes.hh).
 */
#include "policy/recent_outcomes.hh"

#include <algorithm>

namespace orchard {

namespace {

/** The wire form a record's qnameWire() would hold for this name, or "". */
std::string wireKey(const std::string& name) {
  DnsName n;
  if (!n.parse(name)) return {};
  return std::string(n.wire());
}

}  // namespace

void RecentOutcomes::add(const LogRecord& r) {
  std::lock_guard lock(mutex_);
  if (capacity_ == 0) return;
  if (ring_.size() < capacity_) {
    ring_.push_back(r);
  } else {
    ring_[next_] = r;
    next_ = (next_ + 1) % capacity_;
  }
  std::string_view key = r.qnameWire();
  auto it = byName_.find(key);
  if (it != byName_.end()) {
    it->second = r;
    return;
  }
  if (byName_.size() >= maxNames_) byName_.clear();
  byName_.emplace(std::string(key), r);
}

std::vector<LogEntry> RecentOutcomes::list(const RecentFilter& f) const {
  std::string key = f.name.empty() ? "" : wireKey(f.name);
  std::lock_guard lock(mutex_);
  std::vector<LogEntry> out;
  for (size_t k = 0; k < ring_.size() && out.size() < f.limit; ++k) {
    const LogRecord& r = ring_[(next_ + ring_.size() - 1 - k) % ring_.size()];  // newest first
    if (f.blockedOnly && r.kind() != OutcomeKind::blocked) continue;
    if (f.failedOnly && r.kind() == OutcomeKind::answered) continue;
    if (!f.name.empty() && r.qnameWire() != key) continue;
    out.push_back(r.expand());
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<LogEntry> RecentOutcomes::last(const std::string& qname) const {
  std::string key = wireKey(qname);
  std::lock_guard lock(mutex_);
  auto it = byName_.find(std::string_view(key));
  if (it == byName_.end()) return std::nullopt;
  return it->second.expand();
}

}  // namespace orchard
