/**
 * \file feeder.cc
 * Admission into firewall sets and their upkeep (see sets/feeder.hh).
 */
#include "policy/sets/feeder.hh"

#include <cerrno>
#include <chrono>

#include "policy/base/serial.hh"
#include "policy/sets/cover_memo.hh"
#include "policy/sets/ipset_backend.hh"
#include "policy/sets/nft_backend.hh"
#include "policy/sets/timeout.hh"

namespace orchard {
int64_t SetFeeder::nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

SetFeeder::SetFeeder(const Catalog& catalog, const SetOptions& options,
                     std::unique_ptr<SetBackend> backend, Params params)
    : id_(nextSerial()),
      layout_(catalog, options),
      shadow_(options.shadowMax),
      backend_(std::move(backend)),
      params_(params),
      errors_(params.errorIntervalMs) {
  for (size_t i = 0; i < layout_.sets().size(); ++i)
    watched_.push_back(std::make_unique<Watched>());
  poll();  // static contents now; a missing set is reported at start-up
  if (params_.watcher) watcher_ = std::jthread([this](std::stop_token st) { watch(st); });
}

SetFeeder::~SetFeeder() {
  if (watcher_.joinable()) {
    watcher_.request_stop();
    watcher_.join();
  }
}

void SetFeeder::admit(const Catalog& catalog, const MatchList& matches,
                      std::span<const TtlAddress> addresses, uint64_t policySerial) {
  if (addresses.empty()) return;
  thread_local std::vector<SetElement> elements;
  thread_local std::vector<TimedElement> todo;
  thread_local CoverMemo memo;
  todo.clear();
  int64_t now = nowMs();
  uint64_t removals = shadow_.removals();  // before any lookup
  uint64_t asked = 0, hits = 0;
  for (const TtlAddress& a : addresses) {
    SetTimeout t = setTimeoutFor(a.ttl, layout_.options());
    CoverMemo::Key key{id_, policySerial, matches, a.address};
    if (uint32_t n = memo.held(key, removals, now + t.requiredMs)) {
      asked += n;
      hits += n;
      continue;
    }
    elements.clear();
    layout_.elementsFor(catalog, matches, a.address, elements);
    int64_t heldUntil = INT64_MAX;
    size_t held = sortElements(elements, now + t.requiredMs, t.timeoutMs, now, todo, heldUntil);
    asked += elements.size();
    hits += held;
    if (held == elements.size())
      memo.store(key, removals, heldUntil, static_cast<uint32_t>(elements.size()));
  }
  size_t stripe = counterStripe();
  admitCounts_.addAt(stripe, kAnswers);
  admitCounts_.addAt(stripe, kElements, asked);
  admitCounts_.addAt(stripe, kShadowHits, hits);
  if (todo.empty()) return;

  BackendResult r = backend_->add(todo);
  admitCounts_.addAt(stripe, kBatches);
  admitCounts_.addAt(stripe, kAdded, todo.size());
  // Recorded even on failure: the shadow is what the sets should hold, and
  // the watcher refills a failed set from it once the kernel takes writes.
  for (const TimedElement& t : todo) shadow_.put(t.element, now + t.timeoutMs, now);
  if (!r.ok()) {
    errors_.report(r.what, now);
    for (const TimedElement& t : todo) {
      watched_[t.element.set]->failing = true;
      watched_[t.element.set]->dirty = true;
    }
  }
}

size_t SetFeeder::sortElements(std::span<const SetElement> elements, int64_t requiredUntil,
                               int64_t timeoutMs, int64_t now, std::vector<TimedElement>& todo,
                               int64_t& heldUntil) {
  size_t held = 0;
  for (const SetElement& e : elements) {
    std::optional<int64_t> until = shadow_.expiry(e);
    if (until && *until >= requiredUntil) {
      heldUntil = std::min(heldUntil, *until);
      ++held;
      continue;
    }
    if (watched_[e.set]->failing.load(std::memory_order_relaxed))
      defer(e, now + timeoutMs, now);
    else
      todo.push_back({e, timeoutMs});
  }
  return held;
}

// A set whose last write failed (missing, full, of another type, no
// CAP_NET_ADMIN) is not written from resolver threads until the watcher has
// refilled it: a failed nftables batch costs the kernel an abort, 10 to 30
// ms measured, and a resolver thread paying that for every fresh answer
// answers a few dozen queries a second instead of thousands. The element
// goes into the shadow table, as a failed write does, and the refill that
// ends the failure pushes it.
void SetFeeder::defer(const SetElement& e, int64_t expiresMs, int64_t now) {
  shadow_.put(e, expiresMs, now);
  watched_[e.set]->dirty.store(true, std::memory_order_relaxed);
  admitCounts_.add(kDeferred);
}

void SetFeeder::poll() {
  std::lock_guard lock(pollMutex_);
  int64_t now = nowMs();
  for (SetIndex i = 0; i < layout_.sets().size(); ++i) {
    Watched& w = *watched_[i];
    // Counted before the probe: what the shadow held then, the kernel held
    // too (an element enters the shadow after its write), while elements
    // written during the probe could make a later count exceed the kernel's.
    size_t shadowLive = layout_.isStatic(i) ? 0 : shadow_.liveCount(i, now);
    SetProbe p = backend_->probe(i);
    w.probeError = p.result.error;
    if (!p.result.ok()) {
      w.present = false;
      w.count.reset();
      w.failing = true;
      errors_.report(p.result.what, now);
      continue;
    }
    bool renewed = !w.present || p.identity != w.identity;
    bool lost = !layout_.isStatic(i) && lostElements(i, p, w, now, shadowLive);
    w.present = true;
    w.count = p.count;
    bool dirty = w.dirty.exchange(false);
    if (!(renewed || lost || dirty)) continue;
    if (refill(i, now)) {
      w.identity = p.identity;
      w.failing = false;
    } else {
      w.failing = true;
      w.dirty = true;
    }
  }
}

// An external flush (`nft flush set`, `ipset flush`) empties a set without
// changing its identity, and the shadow table still covers its elements, so
// cache hits would never write them again. Where the probe learns the
// kernel's count (ipset), fewer elements than the shadow held live just
// before means some were lost (counted after, the answers written meanwhile
// made every busy round look like a loss, and refill everything: found by
// tests/bench/run-instructions.sh, 5,000 instructions per never-seen
// answer). nftables' set messages carry no count, and dumping the set four
// times a second costs as much as the set is large, so instead one element
// the shadow holds for at least kCanaryMarginMs more (the kernel's timeout
// for it ends no earlier: it was set before the shadow's) is looked up:
// missing means the set lost elements. Each round starts the search in
// another shard, so the canary changes and a partial deletion is found in
// time too; a flush is found at the next round. One lookup per set and
// round, on the watcher thread only.
bool SetFeeder::lostElements(SetIndex set, const SetProbe& p, Watched& w, int64_t now,
                             size_t shadowLive) {
  constexpr int64_t kCanaryMarginMs = 1000;
  if (p.count) return *p.count < shadowLive;
  auto canary = shadow_.sample(set, now + kCanaryMarginMs, w.cursor++);
  return canary && backend_->holds(*canary).error == ENOENT;
}

bool SetFeeder::refill(SetIndex set, int64_t now) {
  BackendResult r;
  size_t n = 0;
  if (layout_.isStatic(set)) {
    std::vector<StaticElement> statics;
    for (const StaticElement& e : layout_.statics())
      if (e.set == set) statics.push_back(e);
    n = statics.size();
    if (n) r = backend_->addStatic(statics);
  } else {
    std::vector<TimedElement> live;
    for (const auto& [e, expires] : shadow_.live(set, now)) live.push_back({e, expires - now});
    n = live.size();
    if (n) r = backend_->add(live);
  }
  if (!r.ok()) {
    errors_.report(r.what, now);
    return false;
  }
  refills_.fetch_add(1, std::memory_order_relaxed);
  refilled_.fetch_add(n, std::memory_order_relaxed);
  return true;
}

void SetFeeder::refillAll() {
  for (auto& w : watched_) w->dirty = true;
  poll();
}

void SetFeeder::watch(std::stop_token stop) {
  std::unique_lock lock(watchMutex_);
  while (!stop.stop_requested()) {
    watchCv_.wait_for(lock, stop, std::chrono::milliseconds(params_.pollMs), [] { return false; });
    if (stop.stop_requested()) return;
    lock.unlock();
    try {
      poll();
    } catch (const std::exception& e) {
      errors_.report(std::string("watcher: ") + e.what(), nowMs());
    }
    lock.lock();
  }
}

std::optional<int64_t> SetFeeder::heldUntil(const SetElement& e) const {
  auto until = shadow_.expiry(e);
  if (until && *until > nowMs()) return until;
  return std::nullopt;
}

BackendResult SetFeeder::visitKernel(SetIndex set, const ElementVisitor& f, size_t& entries) const {
  return backend_->visit(set, f, entries);
}

std::vector<std::pair<SetElement, int64_t>> SetFeeder::shadowOf(SetIndex set) const {
  return shadow_.live(set, nowMs());
}

size_t SetFeeder::shadowCount(SetIndex set) const { return shadow_.liveCount(set, nowMs()); }

BackendResult SetFeeder::flush(SetIndex set) {
  if (layout_.isStatic(set))
    return {EINVAL,
            "set " + layout_.set(set).name + " is static: its contents come from the catalog"};
  // Forgotten before and after the kernel flush: an answer admitted in
  // between is either flushed with the set and forgotten, or added after the
  // flush (then it is in both, or only in the kernel, which the next answer
  // for it repairs).
  shadow_.eraseSet(set);
  BackendResult r = backend_->flush(set);
  shadow_.eraseSet(set);
  // After the shadow forgot the set: an answer that reads the new
  // generation finds its elements missing there too, and writes them.
  generation_.fetch_add(1, std::memory_order_release);
  if (!r.ok()) errors_.report(r.what, nowMs());
  return r;
}

SetFeederStats SetFeeder::stats() const {
  SetFeederStats s;
  s.answers = admitCounts_.sum(kAnswers);
  s.elements = admitCounts_.sum(kElements);
  s.shadowHits = admitCounts_.sum(kShadowHits);
  s.batches = admitCounts_.sum(kBatches);
  s.added = admitCounts_.sum(kAdded);
  s.failures = errors_.count();
  s.refills = refills_.load(std::memory_order_relaxed);
  s.refilled = refilled_.load(std::memory_order_relaxed);
  s.deferred = admitCounts_.sum(kDeferred);
  s.evictions = shadow_.evictions();
  s.shadowSize = shadow_.size();
  s.shadowCapacity = shadow_.capacity();
  s.lastError = errors_.last();
  return s;
}

std::vector<SetState> SetFeeder::states() const {
  std::lock_guard lock(pollMutex_);
  std::vector<SetState> out;
  int64_t now = nowMs();
  for (SetIndex i = 0; i < layout_.sets().size(); ++i) {
    const Watched& w = *watched_[i];
    out.push_back({layout_.set(i).name, w.present, w.identity, w.count,
                   layout_.isStatic(i) ? 0 : shadow_.liveCount(i, now), w.probeError});
  }
  return out;
}

std::unique_ptr<SetBackend> makeSetBackend(const SetLayout& layout) {
  switch (layout.options().backend) {
    case SetBackendKind::nftables: return std::make_unique<NftBackend>(layout);
    case SetBackendKind::ipset: return std::make_unique<IpsetBackend>(layout);
    case SetBackendKind::none: return nullptr;
  }
  return nullptr;
}

std::unique_ptr<SetFeeder> makeSetFeeder(const Catalog& catalog, const SetOptions& options) {
  if (options.backend == SetBackendKind::none) return nullptr;
  SetLayout layout(catalog, options);
  return std::make_unique<SetFeeder>(catalog, options, makeSetBackend(layout));
}

}  // namespace orchard
