/**
 * \file nft_backend.hh
 * The nftables backend: writes set elements with raw netlink batches
 * (libmnl's attribute helpers lay the elements out in a thread-local buffer,
 * as libnftnl would, without an allocation per element or call), about a
 * tenth of the cost of libnftables' text API. One batch per set and call,
 * each element with NLM_F_CREATE but not NLM_F_EXCL, so an element already
 * present gets its timeout extended (Linux 6.10 and later) instead of an
 * error. Element batches ask for no ack: the kernel commits them inside
 * sendto(), and every error it queued is read right after (one send and
 * one non-blocking receive per batch); other requests read every ack.
 *
 * probe() asks for the table's and the set's handles: `nft -f` of a ruleset
 * that deletes and recreates the table gives new handles, which is how the
 * feeder learns that the set was emptied. holds() looks up one element
 * (NFT_MSG_GETSETELEM with its key, as `nft get element` does): how the
 * feeder learns that a set kept its handle but lost elements (`nft flush
 * set`).
 *
 * list() dumps a set's elements (NFT_MSG_GETSETELEM) with the time each has
 * left; flush() empties it (NFT_MSG_DELSETELEM without elements, in a
 * batch, as `nft flush set` does). Both are in sets/nft_backend_admin.cc.
 */
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "policy/sets/backend.hh"
#include "policy/sets/netlink_socket.hh"

namespace orchard {

class NftBackend : public SetBackend {
 public:
  /** Throws std::runtime_error on an unknown nft family. */
  explicit NftBackend(const SetLayout& layout);
  std::string_view name() const override { return "nftables"; }
  BackendResult add(std::span<const TimedElement> elements) override;
  BackendResult addStatic(std::span<const StaticElement> elements) override;
  SetProbe probe(SetIndex set) override;
  BackendResult visit(SetIndex set, const ElementVisitor& f, size_t& entries) override;
  BackendResult flush(SetIndex set) override;
  BackendResult holds(const SetElement& e) override;

 private:
  struct Target {
    std::string name;
    Family family;
    SetKind kind;
  };
  template <typename Element, typename Put>
  BackendResult write(std::span<const Element> elements, Put put);
  /** "nftables FAMILY TABLE: doing: error text"; ok when f is. */
  BackendResult failure(const NetlinkFailure& f) const;
  int getHandle(NetlinkSocket& s, bool table, const std::string& set, uint64_t& handle);
  BackendResult getElements(SetIndex set, const SetElement* key, const std::string& what,
                            std::function<void(const nlmsghdr*)> onData);

  uint16_t family_;
  std::string familyName_, table_;
  std::vector<Target> sets_;
  NetlinkPool pool_;
};

/** One set element of a NEWSETELEM message. */
struct NftElement {
  const uint8_t* key = nullptr;
  size_t keyLen = 0;
  const uint8_t* keyEnd = nullptr;  // concatenated ranges: keyLen bytes too
  uint32_t flags = 0;               // NFT_SET_ELEM_*
  int64_t timeoutMs = -1;           // none when negative; also the expiration
};

/** Appends `e` as element `index` (1, 2, ...) of the
 *  NFTA_SET_ELEM_LIST_ELEMENTS nest being built in `h`, laid out as
 *  libnftnl's nftnl_set_elems_nlmsg_build_payload lays it out, straight
 *  into the message (no allocation). */
void putNftElement(nlmsghdr* h, uint16_t index, const NftElement& e);

/** Writes the key of an element of a set of `kind` as nftables lays out a
 *  concatenation: each field in 32-bit registers, zero-padded. Returns its
 *  length (at most 24). */
size_t putKey(uint8_t* out, const Address& a, SetKind kind, Protocol p, uint16_t port);

/** NFPROTO_* for "inet", "ip", "ip6", "bridge", "netdev", "arp"; -1 if none. */
int nftFamilyFromString(const std::string& s);

}  // namespace orchard
