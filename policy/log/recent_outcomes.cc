/**
 * \file recent_outcomes.cc
 * The in-memory ring of recent outcomes and the set-associative table of
 * the last outcome per name (see log/recent_outcomes.hh).
 */
#include "policy/log/recent_outcomes.hh"

#include <algorithm>
#include <bit>
#include <mutex>

#include "policy/base/dns_name.hh"

namespace orchard {

namespace {

constexpr size_t kWays = 4;

/** The wire form a record's qnameWire() would hold for this name, or "". */
std::string wireKey(const std::string& name) {
  DnsName n;
  if (!n.parse(name)) return {};
  return std::string(n.wire());
}

}  // namespace

RecentOutcomes::RecentOutcomes(size_t capacity, size_t maxNames) : capacity_(capacity) {
  ring_.reserve(capacity_);
  if (maxNames == 0) return;
  ways_ = std::min(kWays, maxNames);
  setMask_ = std::bit_floor(maxNames / ways_) - 1;
  byName_.resize((setMask_ + 1) * ways_);
}

const RecentOutcomes::Way* RecentOutcomes::findName(std::string_view wire) const {
  if (byName_.empty()) return nullptr;
  uint64_t hash = hashWire(wire);
  const Way* set = const_cast<RecentOutcomes*>(this)->setOf(hash);
  for (size_t w = 0; w < ways_; ++w)
    if (set[w].stamp && set[w].hash == hash && set[w].record.qnameWire() == wire) return &set[w];
  return nullptr;
}

void RecentOutcomes::add(const LogLine& r) {
  std::lock_guard guard(lock_);
  if (capacity_ == 0) return;
  if (ring_.size() < capacity_) {
    ring_.push_back(r);
  } else {
    ring_[next_] = r;
    next_ = (next_ + 1) % capacity_;
  }
  if (byName_.empty()) return;
  std::string_view wire = r.qnameWire();
  uint64_t hash = hashWire(wire);
  Way* set = setOf(hash);
  Way* slot = set;  // the name's own way, else an empty one, else the oldest
  for (size_t w = 0; w < ways_; ++w) {
    if (set[w].stamp && set[w].hash == hash && set[w].record.qnameWire() == wire) {
      slot = &set[w];
      break;
    }
    if (set[w].stamp < slot->stamp) slot = &set[w];
  }
  slot->stamp = ++stamp_;
  slot->hash = hash;
  slot->record = r;
}

std::vector<LogLine> RecentOutcomes::list(const RecentFilter& f) const {
  std::string key = f.name.empty() ? "" : wireKey(f.name);
  std::lock_guard guard(lock_);
  std::vector<LogLine> out;
  out.reserve(std::min(f.limit, ring_.size()));
  for (size_t k = 0; k < ring_.size() && out.size() < f.limit; ++k) {
    const LogLine& r = ring_[(next_ + ring_.size() - 1 - k) % ring_.size()];  // newest first
    if (f.blockedOnly && r.kind() != OutcomeKind::blocked) continue;
    if (f.failedOnly && r.kind() == OutcomeKind::answered) continue;
    if (!f.name.empty() && r.qnameWire() != key) continue;
    out.push_back(r);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<LogEntry> RecentOutcomes::last(const std::string& qname) const {
  std::string key = wireKey(qname);
  std::lock_guard guard(lock_);
  const Way* way = findName(key);
  if (!way) return std::nullopt;
  return way->record.expand();
}

}  // namespace orchard
