/**
 * \file layout.hh
 * The firewall sets Orchard feeds, derived from the catalog and the set
 * options: their names, their element shapes, their static contents, and
 * which elements an answer adds. The runtime feeder (sets/feeder.hh) and the
 * generators (`orchardctl gen nftables|ipset|pf`) both build one, so the
 * ruleset an administrator loads always names the sets the resolver fills.
 *
 * Service mode (default), with prefix "orchard":
 *   orchard4, orchard6       address . protocol . port, with timeouts: an
 *                            address answered for time.apple.com opens udp/123
 *                            only; a host in several rows gets the union
 *   orchard4_blocks          static: the catalog's block rows (notarization)
 *                            with their ports; intervals, no timeouts
 *   orchard4_nets            static, only with apple-block yes: the
 *                            firewall rule's 17.0.0.0/8, any port
 * Section mode: one plain address set per catalog section and family
 * (orchard4_device_setup, ...), plus the same static block sets.
 *
 * Dynamic and static contents are kept apart because interval sets (nft's
 * pipapo) copy the whole set on every commit: fine for a handful of blocks,
 * too slow for addresses added on every answer.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/base/address.hh"
#include "policy/base/enum_names.hh"
#include "policy/catalog/catalog.hh"
#include "policy/catalog/name_matcher.hh"
#include "policy/sets/options.hh"

namespace orchard {

enum class SetKind : uint8_t {
  service,  // address . protocol . port, timeouts (hash:ip,port)
  address,  // address only, timeouts (hash:ip)
  blocks,   // address block . protocol . port, static (intervals)
  nets,     // address block, any port, static (intervals; hash:net)
};
constexpr auto namesOf(SetKind) {
  return std::to_array<EnumName<SetKind>>({
      {SetKind::service, "service"},
      {SetKind::address, "address"},
      {SetKind::blocks, "blocks"},
      {SetKind::nets, "nets"},
  });
}

using SetIndex = uint16_t;

struct SetSpec {
  std::string name;  // "orchard4"
  Family family = Family::v4;
  SetKind kind = SetKind::service;
  std::string section;  // address sets: the catalog section they serve
};

/** One dynamic element. For address sets protocol and port are zero. */
struct SetElement {
  SetIndex set = 0;
  Protocol protocol = Protocol::tcp;
  uint16_t port = 0;
  Address address;
  bool operator==(const SetElement&) const = default;
};
std::string toString(const SetElement& e, const SetSpec& spec);

/** One static element of a block or nets set (nets: ports unused). */
struct StaticElement {
  SetIndex set = 0;
  AddressBlock block;
  Protocol protocol = Protocol::tcp;
  uint16_t portFirst = 0, portLast = 0;
  std::string origin;  // the catalog row or rule it comes from
};

/** The highest address of a block (for interval ends). */
Address lastAddress(const AddressBlock& b);

class SetLayout {
 public:
  /** Throws std::runtime_error when a set name would be invalid. */
  SetLayout(const Catalog& catalog, const SetOptions& options);

  const SetOptions& options() const { return options_; }
  const std::vector<SetSpec>& sets() const { return sets_; }
  const SetSpec& set(SetIndex i) const { return sets_.at(i); }
  const std::vector<StaticElement>& statics() const { return statics_; }
  std::optional<SetIndex> find(std::string_view name) const;

  bool isStatic(SetIndex i) const {
    return set(i).kind == SetKind::blocks || set(i).kind == SetKind::nets;
  }

  /** Appends the elements that `address`, answered for a name matching
   *  `matches` (rows of `catalog`), belongs in; without duplicates. */
  void elementsFor(const Catalog& catalog, const MatchList& matches, const Address& address,
                   std::vector<SetElement>& out) const;

 private:
  SetIndex add(std::string name, Family f, SetKind k, std::string section = "");
  std::optional<SetIndex> sectionSet(std::string_view section, Family f) const;
  void addStatics(const Catalog& catalog);
  void addStaticSets(std::vector<StaticElement>& all, SetKind kind, std::string_view suffix);

  SetOptions options_;
  std::vector<SetSpec> sets_;
  std::vector<StaticElement> statics_;
};

}  // namespace orchard
