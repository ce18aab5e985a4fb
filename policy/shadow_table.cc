/**
 * \file shadow_table.cc
 * The sharded, bounded shadow of the firewall sets (see shadow_table.hh).
 */
#include "policy/shadow_table.hh"

#include <algorithm>
#include <mutex>

namespace orchard {

size_t SetElementHash::operator()(const SetElement& e) const {
  // FNV-1a over the fields that make the element.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](uint8_t b) { h = (h ^ b) * 1099511628211ull; };
  mix(static_cast<uint8_t>(e.set));
  mix(static_cast<uint8_t>(e.set >> 8));
  mix(static_cast<uint8_t>(e.protocol));
  mix(static_cast<uint8_t>(e.port));
  mix(static_cast<uint8_t>(e.port >> 8));
  for (size_t i = 0; i < e.address.size(); ++i) mix(e.address.bytes[i]);
  return static_cast<size_t>(h ^ (h >> 29));
}

ShadowTable::ShadowTable(size_t maxEntries, size_t shards) {
  size_t n = 1;
  while (n < shards) n <<= 1;
  n = std::min(n, std::max<size_t>(1, maxEntries));
  perShard_ = std::max<size_t>(1, maxEntries / n);
  for (size_t i = 0; i < n; ++i) shards_.push_back(std::make_unique<Shard>());
}

ShadowTable::Shard& ShadowTable::shardOf(const SetElement& e) const {
  size_t h = SetElementHash{}(e);
  return *shards_[(h >> 7) & (shards_.size() - 1)];
}

bool ShadowTable::covers(const SetElement& e, int64_t untilMs) const {
  Shard& s = shardOf(e);
  std::shared_lock lock(s.mutex);
  auto it = s.items.find(e);
  return it != s.items.end() && it->second >= untilMs;
}

void ShadowTable::put(const SetElement& e, int64_t expiresMs, int64_t nowMs) {
  Shard& s = shardOf(e);
  std::unique_lock lock(s.mutex);
  auto it = s.items.find(e);
  if (it != s.items.end()) {
    it->second = std::max(it->second, expiresMs);
    return;
  }
  if (s.items.size() >= perShard_) makeRoom(s, nowMs);
  s.items.emplace(e, expiresMs);
}

void ShadowTable::makeRoom(Shard& s, int64_t nowMs) {
  // One pass drops the expired elements and lists the others. When that
  // frees nothing, the soonest-expiring 1/64 of the shard goes at once, so
  // the pass is paid once per perShard/64 inserts, not on every insert into
  // a full shard (answers that keep bringing new addresses: doc/performance.md).
  using Item = decltype(s.items)::iterator;
  thread_local std::vector<Item> held;
  held.clear();
  for (auto it = s.items.begin(); it != s.items.end();) {
    if (it->second <= nowMs) {
      it = s.items.erase(it);
    } else {
      held.push_back(it);
      ++it;
    }
  }
  if (s.items.size() < perShard_) return;
  size_t batch = std::clamp<size_t>(perShard_ / 64, 1, held.size());
  auto soonest = [](const Item& a, const Item& b) { return a->second < b->second; };
  std::nth_element(held.begin(), held.begin() + static_cast<long>(batch - 1), held.end(), soonest);
  for (size_t i = 0; i < batch; ++i) s.items.erase(held[i]);
  evictions_.fetch_add(batch, std::memory_order_relaxed);
}

std::optional<int64_t> ShadowTable::expiry(const SetElement& e) const {
  Shard& s = shardOf(e);
  std::shared_lock lock(s.mutex);
  auto it = s.items.find(e);
  if (it == s.items.end()) return std::nullopt;
  return it->second;
}

size_t ShadowTable::eraseSet(SetIndex set) {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::unique_lock lock(s->mutex);
    n += std::erase_if(s->items, [set](const auto& kv) { return kv.first.set == set; });
  }
  return n;
}

void ShadowTable::erase(const SetElement& e) {
  Shard& s = shardOf(e);
  std::unique_lock lock(s.mutex);
  s.items.erase(e);
}

std::vector<std::pair<SetElement, int64_t>> ShadowTable::live(SetIndex set, int64_t nowMs) const {
  std::vector<std::pair<SetElement, int64_t>> out;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mutex);
    for (const auto& [e, expires] : s->items)
      if (e.set == set && expires > nowMs) out.emplace_back(e, expires);
  }
  return out;
}

size_t ShadowTable::liveCount(SetIndex set, int64_t nowMs) const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mutex);
    for (const auto& [e, expires] : s->items) n += e.set == set && expires > nowMs;
  }
  return n;
}

std::optional<SetElement> ShadowTable::sample(SetIndex set, int64_t untilMs, size_t start) const {
  for (size_t k = 0; k < shards_.size(); ++k) {
    const Shard& s = *shards_[(start + k) & (shards_.size() - 1)];
    std::shared_lock lock(s.mutex);
    for (const auto& [e, expires] : s.items)
      if (e.set == set && expires >= untilMs) return e;
  }
  return std::nullopt;
}

size_t ShadowTable::size() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mutex);
    n += s->items.size();
  }
  return n;
}

}  // namespace orchard
