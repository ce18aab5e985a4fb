/**
 * \file set_feeder.cc
 * Admission into firewall sets and their upkeep (see set_feeder.hh).
 */
#include "policy/set_feeder.hh"

#include <cerrno>
#include <chrono>

#include "policy/set_timeout.hh"

namespace orchard {

int64_t SetFeeder::nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

SetFeeder::SetFeeder(const Catalog& catalog, const SetOptions& options,
                     std::unique_ptr<SetBackend> backend, Params params)
    : layout_(catalog, options),
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
                      std::span<const TtlAddress> addresses) {
  if (addresses.empty()) return;
  thread_local std::vector<SetElement> elements;
  thread_local std::vector<TimedElement> todo;
  todo.clear();
  int64_t now = nowMs();
  uint64_t asked = 0, hits = 0;
  for (const TtlAddress& a : addresses) {
    elements.clear();
    layout_.elementsFor(catalog, matches, a.address, elements);
    SetTimeout t = setTimeoutFor(a.ttl, layout_.options());
    for (const SetElement& e : elements) {
      ++asked;
      if (shadow_.covers(e, now + t.requiredMs))
        ++hits;
      else
        todo.push_back({e, t.timeoutMs});
    }
  }
  answers_.fetch_add(1, std::memory_order_relaxed);
  elements_.fetch_add(asked, std::memory_order_relaxed);
  shadowHits_.fetch_add(hits, std::memory_order_relaxed);
  if (todo.empty()) return;

  BackendResult r = backend_->add(todo);
  batches_.fetch_add(1, std::memory_order_relaxed);
  added_.fetch_add(todo.size(), std::memory_order_relaxed);
  // Recorded even on failure: the shadow is what the sets should hold, and
  // the watcher refills a failed set from it once the kernel takes writes.
  for (const TimedElement& t : todo) shadow_.put(t.element, now + t.timeoutMs, now);
  if (!r.ok()) {
    errors_.report(r.what, now);
    for (const TimedElement& t : todo) watched_[t.element.set]->dirty = true;
  }
}

void SetFeeder::poll() {
  std::lock_guard lock(pollMutex_);
  int64_t now = nowMs();
  for (SetIndex i = 0; i < layout_.sets().size(); ++i) {
    Watched& w = *watched_[i];
    SetProbe p = backend_->probe(i);
    if (!p.result.ok()) {
      w.present = false;
      w.count.reset();
      errors_.report(p.result.what, now);
      continue;
    }
    bool renewed = !w.present || p.identity != w.identity;
    bool lost = p.count && !layout_.isStatic(i) && *p.count < shadow_.liveCount(i, now);
    w.present = true;
    w.count = p.count;
    bool dirty = w.dirty.exchange(false);
    if (!(renewed || lost || dirty)) continue;
    if (refill(i, now))
      w.identity = p.identity;
    else
      w.dirty = true;
  }
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

SetListing SetFeeder::listKernel(SetIndex set) const { return backend_->list(set); }

std::vector<std::pair<SetElement, int64_t>> SetFeeder::shadowOf(SetIndex set) const {
  return shadow_.live(set, nowMs());
}

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
  if (!r.ok()) errors_.report(r.what, nowMs());
  return r;
}

SetFeederStats SetFeeder::stats() const {
  SetFeederStats s;
  s.answers = answers_.load(std::memory_order_relaxed);
  s.elements = elements_.load(std::memory_order_relaxed);
  s.shadowHits = shadowHits_.load(std::memory_order_relaxed);
  s.batches = batches_.load(std::memory_order_relaxed);
  s.added = added_.load(std::memory_order_relaxed);
  s.failures = errors_.count();
  s.refills = refills_.load(std::memory_order_relaxed);
  s.refilled = refilled_.load(std::memory_order_relaxed);
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
                   layout_.isStatic(i) ? 0 : shadow_.liveCount(i, now)});
  }
  return out;
}

}  // namespace orchard
