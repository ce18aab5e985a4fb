/**
 * \file shadow_table.cc
 * The sharded, bounded shadow of the firewall sets (see sets/shadow_table.hh).
 */
#include "policy/sets/shadow_table.hh"

#include <algorithm>
#include <mutex>

namespace orchard {
namespace {

constexpr size_t kEvictShare = 16;  // a full shard evicts 1/16 of itself at once

}  // namespace

size_t SetElementHash::operator()(const SetElement& e) const {
  // Runs two or three times per lookup (shard, then the bucket's map): a few
  // instructions where FNV-1a over 21 bytes spent one multiply per byte.
  uint64_t rest = uint64_t{e.set} | uint64_t{static_cast<uint8_t>(e.protocol)} << 16 |
                  uint64_t{e.port} << 24 | uint64_t{static_cast<uint8_t>(e.address.family)} << 40;
  return static_cast<size_t>(hashAddress(e.address, rest));
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

const ShadowTable::Bucket* ShadowTable::bucketOf(const Shard& s, SetIndex set) {
  return set < s.sets.size() ? &s.sets[set] : nullptr;
}

bool ShadowTable::covers(const SetElement& e, int64_t untilMs) const {
  Shard& s = shardOf(e);
  std::shared_lock lock(s.mutex);
  const Bucket* b = bucketOf(s, e.set);
  if (!b) return false;
  auto it = b->items.find(e);
  return it != b->items.end() && it->second >= untilMs;
}

void ShadowTable::put(const SetElement& e, int64_t expiresMs, int64_t nowMs) {
  Shard& s = shardOf(e);
  std::unique_lock lock(s.mutex);
  if (e.set >= s.sets.size()) s.sets.resize(e.set + 1u);
  Bucket& b = s.sets[e.set];
  auto it = b.items.find(e);
  if (it != b.items.end()) {
    it->second = std::max(it->second, expiresMs);
    return;
  }
  if (s.size >= perShard_) makeRoom(s, nowMs);
  b.items.emplace(e, expiresMs);
  b.floor = std::min(b.floor, expiresMs);
  ++s.size;
}

void ShadowTable::makeRoom(Shard& s, int64_t nowMs) {
  // One pass drops the expired elements, lists the others and renews each
  // bucket's floor. When that frees nothing, the soonest-expiring
  // 1/kEvictShare of the shard goes at once, so the pass (a walk of the
  // whole shard) is paid once per perShard/kEvictShare inserts, not on
  // every insert into a full shard (answers that keep bringing new
  // addresses: doc/performance.md). tests/bench/bench-shadow 65536, put
  // into a full table: 0.29 to 0.38 M/s at 1/64, 0.57 to 0.78 M/s at 1/16
  // (same run), the shard staying at least 15/16 full. Erasing never
  // lowers a floor.
  using Item = std::pair<Map*, Map::iterator>;
  thread_local std::vector<Item> held;
  held.clear();
  for (Bucket& b : s.sets) {
    b.floor = INT64_MAX;
    for (auto it = b.items.begin(); it != b.items.end();) {
      if (it->second <= nowMs) {
        it = b.items.erase(it);
        --s.size;
      } else {
        b.floor = std::min(b.floor, it->second);
        held.emplace_back(&b.items, it++);
      }
    }
  }
  if (s.size < perShard_) return;
  size_t batch = std::clamp<size_t>(perShard_ / kEvictShare, 1, held.size());
  auto soonest = [](const Item& a, const Item& b) { return a.second->second < b.second->second; };
  std::nth_element(held.begin(), held.begin() + static_cast<long>(batch - 1), held.end(), soonest);
  for (size_t i = 0; i < batch; ++i) held[i].first->erase(held[i].second);
  s.size -= batch;
  evictions_.fetch_add(batch, std::memory_order_relaxed);
  removals_.fetch_add(1, std::memory_order_release);
}

std::optional<int64_t> ShadowTable::expiry(const SetElement& e) const {
  Shard& s = shardOf(e);
  std::shared_lock lock(s.mutex);
  const Bucket* b = bucketOf(s, e.set);
  if (!b) return std::nullopt;
  auto it = b->items.find(e);
  if (it == b->items.end()) return std::nullopt;
  return it->second;
}

size_t ShadowTable::eraseSet(SetIndex set) {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::unique_lock lock(s->mutex);
    if (set >= s->sets.size()) continue;
    Bucket& b = s->sets[set];
    n += b.items.size();
    s->size -= b.items.size();
    b.items.clear();
    b.floor = INT64_MAX;
  }
  removals_.fetch_add(1, std::memory_order_release);
  return n;
}

void ShadowTable::erase(const SetElement& e) {
  Shard& s = shardOf(e);
  std::unique_lock lock(s.mutex);
  if (e.set >= s.sets.size() || s.sets[e.set].items.erase(e) == 0) return;
  --s.size;
  removals_.fetch_add(1, std::memory_order_release);
}

std::vector<std::pair<SetElement, int64_t>> ShadowTable::live(SetIndex set, int64_t nowMs) const {
  std::vector<std::pair<SetElement, int64_t>> out;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mutex);
    if (const Bucket* b = bucketOf(*s, set))
      for (const auto& [e, expires] : b->items)
        if (expires > nowMs) out.emplace_back(e, expires);
  }
  return out;
}

size_t ShadowTable::liveCount(SetIndex set, int64_t nowMs) const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mutex);
    const Bucket* b = bucketOf(*s, set);
    if (!b) continue;
    if (b->floor > nowMs) {  // nothing expired yet: no scan
      n += b->items.size();
      continue;
    }
    for (const auto& kv : b->items) n += kv.second > nowMs;
  }
  return n;
}

std::optional<SetElement> ShadowTable::sample(SetIndex set, int64_t untilMs, size_t start) const {
  for (size_t k = 0; k < shards_.size(); ++k) {
    const Shard& s = *shards_[(start + k) & (shards_.size() - 1)];
    std::shared_lock lock(s.mutex);
    const Bucket* b = bucketOf(s, set);
    if (!b) continue;
    for (const auto& [e, expires] : b->items)
      if (expires >= untilMs) return e;
  }
  return std::nullopt;
}

size_t ShadowTable::size() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::shared_lock lock(s->mutex);
    n += s->size;
  }
  return n;
}

}  // namespace orchard
