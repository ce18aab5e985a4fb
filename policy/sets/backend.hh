/**
 * \file backend.hh
 * What the set feeder needs from a firewall: add elements (or extend their
 * timeouts), add static contents, and tell whether a set exists and whether
 * it is still the one that was filled; for the control commands (`sets`,
 * `why`, `flush`) also list what a set holds and empty it. sets/nft_backend.hh
 * and sets/ipset_backend.hh implement it over raw netlink; tests use a fake.
 *
 * Every call is synchronous, reads every acknowledgement the kernel sends,
 * and may be made from any number of threads at once.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policy/sets/layout.hh"

namespace orchard {

/** A dynamic element with the timeout to give it. */
struct TimedElement {
  SetElement element;
  int64_t timeoutMs = 0;
};

/** The outcome of one call: 0, or an errno and a line saying what failed. */
struct BackendResult {
  int error = 0;
  std::string what;
  bool ok() const { return error == 0; }
};

/** A set as the kernel has it now. */
struct SetProbe {
  BackendResult result;         // ENOENT when the set (or table) is missing
  uint64_t identity = 0;        // changes when the set is created anew
  std::optional<size_t> count;  // elements held, where cheap to learn
};

/** One element as the kernel holds it. */
struct KernelElement {
  SetElement element;
  std::optional<int64_t> expiresMs;  // time left, where the kernel says
};

/** Called for each element of a listing, in the kernel's order. */
using ElementVisitor = std::function<void(const KernelElement&)>;

/** What a set holds now. Dynamic sets are decoded into elements; static
 *  (interval) sets are only counted. */
struct SetListing {
  BackendResult result;
  std::vector<KernelElement> elements;
  size_t entries = 0;  // kernel entries seen (intervals count their ends)
};

class SetBackend {
 public:
  virtual ~SetBackend() = default;
  virtual std::string_view name() const = 0;
  /** Adds the elements, or extends the timeout of those present. */
  virtual BackendResult add(std::span<const TimedElement> elements) = 0;
  /** Adds static block elements (no timeout). */
  virtual BackendResult addStatic(std::span<const StaticElement> elements) = 0;
  virtual SetProbe probe(SetIndex set) = 0;
  /** Streams what the set holds (a netlink dump) to `f`, one decoded
   *  element at a time, collecting nothing: the memory is one netlink
   *  message whatever the set's size. `entries` counts the kernel's entries
   *  (static sets are only counted). */
  virtual BackendResult visit(SetIndex set, const ElementVisitor& f, size_t& entries);
  /** Everything the set holds, collected from visit() (tests, small sets). */
  SetListing list(SetIndex set);
  /** Removes every element of the set. */
  virtual BackendResult flush(SetIndex set);
  /** Whether the kernel holds `e` now: ok, ENOENT when it does not, another
   *  error when it cannot tell (EOPNOTSUPP by default). */
  virtual BackendResult holds(const SetElement& e);
};

}  // namespace orchard
