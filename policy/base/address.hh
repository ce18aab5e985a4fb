/**
 * \file address.hh
 * IPv4/IPv6 addresses and address blocks (CIDR) as small value types.
 *
 * The catalog lists address blocks (the notarization rows, 17.0.0.0/8 in the
 * firewall rule); answers carry addresses that must be matched against those
 * blocks, classified (bogon, sinkhole, private) and pushed into firewall sets.
 * One representation serves all of that: 16 bytes plus the family.
 */
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "policy/base/enum_names.hh"

namespace orchard {

enum class Family : uint8_t { v4 = 4, v6 = 6 };

struct Address {
  Family family = Family::v4;
  std::array<uint8_t, 16> bytes{};  // v4 uses the first 4

  static std::optional<Address> parse(std::string_view text);
  static Address v4(const uint8_t b[4]);
  static Address v6(const uint8_t b[16]);
  size_t size() const { return family == Family::v4 ? 4 : 16; }
  std::string toString() const;
  bool operator==(const Address&) const = default;
  auto operator<=>(const Address&) const = default;
};

struct AddressBlock {
  Address base;  // host bits cleared
  uint8_t prefix = 0;

  /** Parses "17.248.128.0/18" or "2001:db8::/32"; a bare address is a
   *  host block. Rejects set host bits ("10.0.0.1/8"), as a typo guard. */
  static std::optional<AddressBlock> parse(std::string_view text);
  bool contains(const Address& a) const;
  std::string toString() const;
  bool operator==(const AddressBlock&) const = default;
};

/** Why an address must never enter a firewall set. */
enum class AddressClass : uint8_t {
  routable,   // fine to admit
  sinkhole,   // 0.0.0.0/8 or :: : what blocklists answer with
  loopback,   // 127/8, ::1
  linklocal,  // 169.254/16, fe80::/10
  multicast,  // 224/4, ff00::/8
  broadcast,  // 255.255.255.255, 240/4 reserved
  private_,   // RFC 1918, 100.64/10 (CGNAT), fc00::/7: admitted only by policy
};
constexpr auto namesOf(AddressClass) {
  return std::to_array<EnumName<AddressClass>>({
      {AddressClass::routable, "routable"},
      {AddressClass::sinkhole, "sinkhole"},
      {AddressClass::loopback, "loopback"},
      {AddressClass::linklocal, "link-local"},
      {AddressClass::multicast, "multicast"},
      {AddressClass::broadcast, "broadcast"},
      {AddressClass::private_, "private"},
  });
}

AddressClass classify(const Address& a);

/** A hash of an address as two words (`lo`, `hi`: its 16 bytes, an IPv4
 *  address's first 4 then zeros) and one more word of what else keys the
 *  table. Each word is multiplied by its own odd constant, then MurmurHash3's
 *  finalizer brings every input bit to every output bit: a product alone
 *  carries entropy upward only, and the bytes that differ between
 *  neighbouring IPv6 addresses sit at the top of `hi`. Shared by the tables
 *  keyed by address (shadow table, cover memo, provenance). */
inline uint64_t hashAddressWords(uint64_t lo, uint64_t hi, uint64_t extra) {
  uint64_t h =
      lo * 0x9e3779b97f4a7c15ull ^ hi * 0xc2b2ae3d27d4eb4full ^ extra * 0x165667b19e3779f9ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}

/** hashAddressWords() of `a`'s bytes and `extra`. */
inline uint64_t hashAddress(const Address& a, uint64_t extra) {
  uint64_t lo, hi;
  std::memcpy(&lo, a.bytes.data(), sizeof lo);
  std::memcpy(&hi, a.bytes.data() + sizeof lo, sizeof hi);
  return hashAddressWords(lo, hi, extra);
}

}  // namespace orchard
