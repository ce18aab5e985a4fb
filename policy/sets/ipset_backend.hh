/**
 * \file ipset_backend.hh
 * The ipset backend, for iptables-based firewalls: raw netlink (libmnl)
 * messages in ipset's protocol 7, several to a send, each acknowledged and
 * every acknowledgement read. Without NLM_F_EXCL an element already present
 * gets the new timeout (ipset's -exist), as the feeder wants.
 *
 * Set types: service sets are hash:ip,port; address sets hash:ip; block
 * sets hash:net,port; nets sets hash:net. probe() lists the set's header:
 * ipset has no handle that changes when a set is recreated, so the feeder
 * compares the element count with its shadow table instead.
 *
 * list() dumps a set's elements (IPSET_CMD_LIST) with the seconds each has
 * left; flush() empties it (IPSET_CMD_FLUSH). Both are in
 * sets/ipset_backend_admin.cc.
 */
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/sets/backend.hh"
#include "policy/sets/netlink_socket.hh"

namespace orchard {

class IpsetBackend : public SetBackend {
 public:
  explicit IpsetBackend(const SetLayout& layout);
  std::string_view name() const override { return "ipset"; }
  BackendResult add(std::span<const TimedElement> elements) override;
  BackendResult addStatic(std::span<const StaticElement> elements) override;
  SetProbe probe(SetIndex set) override;
  BackendResult visit(SetIndex set, const ElementVisitor& f, size_t& entries) override;
  BackendResult flush(SetIndex set) override;

 private:
  struct Target {
    std::string name;
    Family family;
    SetKind kind;
  };
  template <typename Element, typename Put>
  BackendResult send(std::span<const Element> elements, Put put);
  /** "ipset: doing: error text"; ok when f is. */
  static BackendResult failure(const NetlinkFailure& f);
  /** One request naming set `set` (list, flush), one reply or dump. */
  BackendResult command(SetIndex set, uint8_t cmd, uint16_t flags, std::string_view verb,
                        std::function<void(const nlmsghdr*)> onData);

  std::vector<Target> sets_;
  NetlinkPool pool_;
};

}  // namespace orchard
