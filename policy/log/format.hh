/**
 * \file format.hh
 * The text pieces of an outcome-log line, without any temporary allocation:
 * the time stamp, decimal numbers, addresses and DNS names in presentation
 * form. Each comes twice: put* writes through a raw pointer into a buffer
 * the caller sized (the log writer sizes the whole line once, see
 * LogLine::appendJson) and returns the end; append* appends to a string.
 *
 * The log writer formats one line per logged answer; snprintf, inet_ntop's
 * internal sprintf, the temporary strings of Address::toString and
 * DnsName::toString, and then a std::string append per piece were a visible
 * part of that cost (doc/performance.md). Each function here produces
 * exactly the text of its slower counterpart (tests/unit/log/test-format.cc
 * compares them): the address that of inet_ntop (Address::toString), the
 * wire name that of DnsName::toString.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>

#include "policy/base/address.hh"

namespace orchard {

constexpr size_t kIsoTimeText = 48;  // at most; "2026-11-29T06:29:27.123456Z" is 27
constexpr size_t kAddressText = 46;  // INET6_ADDRSTRLEN
constexpr size_t kDecimalText = 20;  // UINT64_MAX; INT64_MIN takes 20 too
/** At most this many bytes for a wire name of `wireSize` bytes (JSON
 *  escapes and quotes included). */
constexpr size_t wireNameText(size_t wireSize) { return 5 * wireSize + 3; }

/** "2026-11-29T06:29:27.123456Z" for microseconds since the epoch (UTC). */
char* putIsoTime(char* p, int64_t us);
char* putDecimal(char* p, uint64_t n);
char* putDecimal(char* p, int64_t n);
/** The address as inet_ntop writes it ("192.0.2.1", "2001:db8::1"). */
char* putAddress(char* p, const Address& a);
/** Presentation form of an uncompressed wire name, as DnsName::toString
 *  writes it ("." for the root, specials and unsafe bytes escaped). The
 *  wire name must be well formed (labels of 1-63 bytes, root-terminated);
 *  at most DnsName::kMaxWire bytes of it are read. With `json`, as a JSON
 *  string literal: quoted, backslashes doubled. */
char* putWireName(char* p, std::string_view wire, bool json = false);

/** What a thread keeps between the lines it writes: the date and time of
 *  day of the last second it formatted, and the texts of the addresses it
 *  wrote lately (kAddresses, direct-mapped by a hash of the address; a
 *  miss formats and replaces). The log writer fetches it once per line
 *  (one thread-local access) and passes it down: answers repeat their
 *  addresses, and an IPv6 text costs ten times its cached copy. */
class TextCache {
 public:
  static constexpr size_t kAddresses = 256;
  static TextCache& forThisThread();
  char* putIsoTime(char* p, int64_t us);
  /** putAddress through the cache; writes up to kAddressText bytes at p
   *  whatever the text's length (the caller's buffer has room for them). */
  char* putAddress(char* p, const Address& a) {
    uint64_t lo, hi;
    std::memcpy(&lo, a.bytes.data(), 8);
    std::memcpy(&hi, a.bytes.data() + 8, 8);
    uint64_t h =
        (lo ^ (hi * 0xbf58476d1ce4e5b9u) ^ static_cast<uint8_t>(a.family)) * 0x9e3779b97f4a7c15u;
    static_assert(kAddresses == 256, "the index is the hash's top byte");
    AddressText& t = addresses_[h >> 56];
    if (t.lo != lo || t.hi != hi || t.family != static_cast<uint8_t>(a.family)) fill(t, a, lo, hi);
    std::memcpy(p, t.text, sizeof t.text);  // whole: a fixed-size copy
    return p + t.len;
  }

 private:
  struct AddressText {
    uint64_t lo = 0, hi = 0;  // the address's bytes
    uint8_t family = 0;       // 0: empty
    uint8_t len = 0;
    char text[kAddressText];
  };
  static void fill(AddressText& t, const Address& a, uint64_t lo, uint64_t hi);
  time_t secs_ = -1;
  size_t dateLen_ = 0;
  char date_[32];  // "2026-11-29T06:29:27" of secs_
  AddressText addresses_[kAddresses];
};

void appendIsoTime(std::string& out, int64_t us);
void appendDecimal(std::string& out, uint64_t n);
void appendDecimal(std::string& out, int64_t n);
void appendAddress(std::string& out, const Address& a);
void appendWireName(std::string& out, std::string_view wire, bool json = false);

}  // namespace orchard
