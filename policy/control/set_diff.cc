/**
 * \file set_diff.cc
 * Kernel listing beside shadow table, streamed (see control/set_diff.hh).
 */
#include "policy/control/set_diff.hh"

#include <algorithm>
#include <cstdlib>
#include <tuple>

namespace orchard {
namespace {

auto sortKey(const SetElement& e) { return std::tuple(e.address, e.protocol, e.port); }

bool elementLess(const SetElement& a, const SetElement& b) { return sortKey(a) < sortKey(b); }

ElementState stateOf(const ElementRow& r) {
  if (!r.inKernel) return ElementState::onlyShadow;
  if (!r.shadowLeftMs) return ElementState::onlyKernel;
  if (r.kernelLeftMs && std::abs(*r.kernelLeftMs - *r.shadowLeftMs) > kTimeoutSlackMs)
    return ElementState::timeoutDiffers;
  return ElementState::both;
}

/** A kernel element's row, its shadow expiry (if held) compared now. */
ElementRow kernelRow(const KernelElement& k, std::optional<int64_t> shadowUntil) {
  ElementRow r;
  r.element = k.element;
  r.inKernel = true;
  r.kernelLeftMs = k.expiresMs;
  if (shadowUntil) r.shadowLeftMs = *shadowUntil - SetFeeder::nowMs();
  r.state = stateOf(r);
  return r;
}

/** Rows kept under a limit: differences first, then agreements. */
class RowKeeper {
 public:
  explicit RowKeeper(size_t limit) : limit_(limit) {}
  void offer(const ElementRow& r) {
    ++seen_;
    auto& part = r.state == ElementState::both ? both_ : differ_;
    if (part.size() < limit_) part.push_back(r);
  }
  void finish(SetDiff& d) {
    auto less = [](const ElementRow& a, const ElementRow& b) {
      return elementLess(a.element, b.element);
    };
    std::sort(differ_.begin(), differ_.end(), less);
    std::sort(both_.begin(), both_.end(), less);
    d.rows = std::move(differ_);
    for (ElementRow& r : both_)
      if (d.rows.size() < limit_) d.rows.push_back(std::move(r));
    d.more = seen_ - d.rows.size();
  }

 private:
  size_t limit_, seen_ = 0;
  std::vector<ElementRow> differ_, both_;
};

using Shadow = std::vector<std::pair<SetElement, int64_t>>;

/** The set's shadow elements, sorted for lookups by element. */
Shadow sortedShadow(const SetFeeder& feeder, SetIndex set) {
  Shadow s = feeder.shadowOf(set);
  std::sort(s.begin(), s.end(),
            [](const auto& a, const auto& b) { return elementLess(a.first, b.first); });
  return s;
}

const std::pair<SetElement, int64_t>* lookUp(const Shadow& s, const SetElement& e) {
  auto it = std::lower_bound(s.begin(), s.end(), e, [](const auto& item, const SetElement& k) {
    return elementLess(item.first, k);
  });
  return it != s.end() && it->first == e ? &*it : nullptr;
}

}  // namespace

void SetSummary::count(ElementState s) {
  onlyShadow += s == ElementState::onlyShadow;
  onlyKernel += s == ElementState::onlyKernel;
  timeoutDiffers += s == ElementState::timeoutDiffers;
}

SetSummary summarizeSet(const SetFeeder& feeder, SetIndex set) {
  SetSummary d;
  d.set = set;
  size_t matched = 0;
  bool dynamic = !feeder.layout().isStatic(set);
  d.kernel = feeder.visitKernel(
      set,
      [&](const KernelElement& k) {
        if (!dynamic) return;
        ElementRow r = kernelRow(k, feeder.heldUntil(k.element));
        matched += r.shadowLeftMs.has_value();
        d.count(r.state);
      },
      d.kernelEntries);
  if (!dynamic) return d;
  // Counted after the listing: elements that expired meanwhile are in
  // neither count, those admitted meanwhile count as missing.
  d.shadowElements = feeder.shadowCount(set);
  d.onlyShadow = d.shadowElements > matched ? d.shadowElements - matched : 0;
  return d;
}

SetDiff diffSet(const SetFeeder& feeder, SetIndex set, size_t limit) {
  SetDiff d;
  d.set = set;
  bool dynamic = !feeder.layout().isStatic(set);
  Shadow shadow = dynamic ? sortedShadow(feeder, set) : Shadow{};
  std::vector<bool> seen(shadow.size());
  RowKeeper keep(limit);
  d.kernel = feeder.visitKernel(
      set,
      [&](const KernelElement& k) {
        if (!dynamic) return;
        const auto* held = lookUp(shadow, k.element);
        if (held) seen[static_cast<size_t>(held - shadow.data())] = true;
        ElementRow r = kernelRow(k, held ? std::optional(held->second) : std::nullopt);
        d.count(r.state);
        keep.offer(r);
      },
      d.kernelEntries);
  int64_t now = SetFeeder::nowMs();
  for (size_t i = 0; i < shadow.size(); ++i) {
    if (seen[i]) continue;
    ElementRow r;
    r.element = shadow[i].first;
    r.shadowLeftMs = shadow[i].second - now;
    r.state = ElementState::onlyShadow;
    d.count(r.state);
    keep.offer(r);
  }
  d.shadowElements = shadow.size();
  keep.finish(d);
  return d;
}

BackendResult findInKernel(const SetFeeder& feeder, SetIndex set,
                           const std::vector<SetElement>& wanted,
                           std::vector<std::optional<KernelElement>>& found) {
  found.assign(wanted.size(), std::nullopt);
  size_t entries = 0;
  return feeder.visitKernel(
      set,
      [&](const KernelElement& k) {
        for (size_t i = 0; i < wanted.size(); ++i)
          if (wanted[i] == k.element) found[i] = k;
      },
      entries);
}

}  // namespace orchard
