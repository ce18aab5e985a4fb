/**
 * \file set_diff.cc
 * Kernel listing beside shadow table (see set_diff.hh).
 */
#include "policy/set_diff.hh"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>

namespace orchard {
namespace {

auto sortKey(const SetElement& e) { return std::tuple(e.address, e.protocol, e.port); }

struct ElementLess {
  bool operator()(const SetElement& a, const SetElement& b) const {
    return sortKey(a) < sortKey(b);
  }
};

ElementState stateOf(const ElementRow& r) {
  if (!r.inKernel) return ElementState::onlyShadow;
  if (!r.shadowLeftMs) return ElementState::onlyKernel;
  if (r.kernelLeftMs && std::abs(*r.kernelLeftMs - *r.shadowLeftMs) > kTimeoutSlackMs)
    return ElementState::timeoutDiffers;
  return ElementState::both;
}

}  // namespace

std::string_view toString(ElementState s) {
  switch (s) {
    case ElementState::both: return "both";
    case ElementState::onlyKernel: return "only-in-kernel";
    case ElementState::onlyShadow: return "only-in-shadow";
    case ElementState::timeoutDiffers: return "timeout-differs";
  }
  return "?";
}

SetDiff diffSet(const SetFeeder& feeder, SetIndex set) {
  SetDiff d;
  d.set = set;
  SetListing k = feeder.listKernel(set);
  d.kernel = k.result;
  d.kernelEntries = k.entries;
  if (feeder.layout().isStatic(set)) return d;
  std::map<SetElement, ElementRow, ElementLess> rows;
  for (const KernelElement& e : k.elements) {
    ElementRow& r = rows[e.element];
    r.element = e.element;
    r.inKernel = true;
    r.kernelLeftMs = e.expiresMs;
  }
  int64_t now = SetFeeder::nowMs();
  for (const auto& [e, expires] : feeder.shadowOf(set)) {
    ElementRow& r = rows[e];
    r.element = e;
    r.shadowLeftMs = expires - now;
    ++d.shadowElements;
  }
  for (auto& [e, r] : rows) {
    r.state = stateOf(r);
    d.differences += r.state != ElementState::both;
    d.rows.push_back(r);
  }
  return d;
}

const ElementRow* findRow(const SetDiff& d, const SetElement& e) {
  auto it = std::find_if(d.rows.begin(), d.rows.end(),
                         [&e](const ElementRow& r) { return r.element == e; });
  return it == d.rows.end() ? nullptr : &*it;
}

}  // namespace orchard
