/**
 * \file address.cc
 * Parsing, printing and classification of addresses (see base/address.hh).
 */
#include "policy/base/address.hh"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <vector>

namespace orchard {

std::optional<Address> Address::parse(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  Address a;
  if (inet_pton(AF_INET, buf, a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, buf, a.bytes.data()) == 1) {
    a.family = Family::v6;
    return a;
  }
  return std::nullopt;
}

Address Address::v4(const uint8_t b[4]) {
  Address a;
  std::memcpy(a.bytes.data(), b, 4);
  return a;
}

Address Address::v6(const uint8_t b[16]) {
  Address a;
  a.family = Family::v6;
  std::memcpy(a.bytes.data(), b, 16);
  return a;
}

std::string Address::toString() const {
  char buf[INET6_ADDRSTRLEN];
  int af = family == Family::v4 ? AF_INET : AF_INET6;
  if (!inet_ntop(af, bytes.data(), buf, sizeof buf)) return "?";
  return buf;
}

namespace {

/** True when the first `bits` bits of a and b are equal. */
bool samePrefix(const uint8_t* a, const uint8_t* b, unsigned bits) {
  unsigned whole = bits / 8, rest = bits % 8;
  if (std::memcmp(a, b, whole) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

std::optional<AddressBlock> AddressBlock::parse(std::string_view text) {
  auto slash = text.find('/');
  auto addr = Address::parse(text.substr(0, slash));
  if (!addr) return std::nullopt;
  unsigned max = addr->family == Family::v4 ? 32 : 128;
  unsigned prefix = max;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || prefix > max)
      return std::nullopt;
  }
  // Host bits must be clear: compare with a copy that has them cleared.
  Address masked = *addr;
  for (unsigned bit = prefix; bit < max; ++bit)
    masked.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
  if (!(masked == *addr)) return std::nullopt;
  return AddressBlock{*addr, static_cast<uint8_t>(prefix)};
}

bool AddressBlock::contains(const Address& a) const {
  return a.family == base.family && samePrefix(a.bytes.data(), base.bytes.data(), prefix);
}

std::string AddressBlock::toString() const {
  return base.toString() + "/" + std::to_string(prefix);
}

namespace {

struct ClassBlock {
  AddressBlock block;
  AddressClass cls;
};

std::vector<ClassBlock> makeClassTable() {
  static const std::pair<const char*, AddressClass> table[] = {
      {"0.0.0.0/8", AddressClass::sinkhole},       {"::/128", AddressClass::sinkhole},
      {"127.0.0.0/8", AddressClass::loopback},     {"::1/128", AddressClass::loopback},
      {"169.254.0.0/16", AddressClass::linklocal}, {"fe80::/10", AddressClass::linklocal},
      {"224.0.0.0/4", AddressClass::multicast},    {"ff00::/8", AddressClass::multicast},
      {"240.0.0.0/4", AddressClass::broadcast},    {"10.0.0.0/8", AddressClass::private_},
      {"172.16.0.0/12", AddressClass::private_},   {"192.168.0.0/16", AddressClass::private_},
      {"100.64.0.0/10", AddressClass::private_},   {"fc00::/7", AddressClass::private_},
  };
  std::vector<ClassBlock> out;
  for (const auto& [text, cls] : table) out.push_back({*AddressBlock::parse(text), cls});
  return out;
}

/** Per family, the first bytes that some block of the table can start
 *  with: an address whose first byte is not one of them is routable at
 *  once. Most answers are, and the scan of the table for each address of
 *  each answer showed in profiles (doc/performance.md). */
struct FirstBytes {
  std::array<bool, 256> v4{}, v6{};
  explicit FirstBytes(const std::vector<ClassBlock>& table) {
    for (const auto& entry : table) {
      auto& map = entry.block.base.family == Family::v4 ? v4 : v6;
      unsigned bits = std::min<unsigned>(entry.block.prefix, 8);
      unsigned first = entry.block.base.bytes[0], count = 1u << (8 - bits);
      for (unsigned b = first; b < first + count && b < 256; ++b) map[b] = true;
    }
  }
};

}  // namespace

AddressClass classify(const Address& a) {
  // Checked in order; the first block that contains the address wins.
  static const std::vector<ClassBlock> table = makeClassTable();
  static const FirstBytes firstBytes(table);
  if (!(a.family == Family::v4 ? firstBytes.v4 : firstBytes.v6)[a.bytes[0]])
    return AddressClass::routable;
  for (const auto& entry : table)
    if (entry.block.contains(a)) return entry.cls;
  return AddressClass::routable;
}

}  // namespace orchard
