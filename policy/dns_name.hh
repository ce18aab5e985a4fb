/**
 * \file dns_name.hh
 * A DNS name split into lower-cased labels, built without heap allocation.
 *
 * Matching is by whole labels and case-insensitive (ASCII only, as DNS
 * defines it), so every name, whether typed by a person (presentation form,
 * with optional trailing dot and \DDD escapes) or taken from a DNS message
 * (uncompressed wire form), is first turned into this view. The matcher then
 * walks the labels from the top of the tree down.
 */
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace orchard {

class DnsName {
 public:
  static constexpr size_t kMaxWire = 255;  // RFC 1035 limit, wire octets
  static constexpr size_t kMaxLabel = 63;
  static constexpr size_t kMaxLabels = 127;

  /** Parses presentation form ("Foo.Apple.COM." or "apple.com").
   *  @return false (and leaves the name empty) when the text is not a valid
   *  name: empty label, label over 63 octets, name over 255, bad escape. */
  bool parse(std::string_view text);
  /** Parses uncompressed wire form, as a query name is held in memory. */
  bool parseWire(const uint8_t* wire, size_t len);

  size_t labelCount() const { return count_; }
  /** Label i, counted from the left (0 is the leftmost), lower-cased. */
  std::string_view label(size_t i) const {
    return {reinterpret_cast<const char*>(buf_.data()) + off_[i], len_[i]};
  }
  /** A hash of label i (FNV-1a over its lower-cased bytes), computed while
   *  parsing so the matcher compares integers before it compares bytes. */
  uint32_t labelHash(size_t i) const { return hash_[i]; }
  bool isRoot() const { return count_ == 0; }
  /** Presentation form without trailing dot, unsafe bytes as \DDD. */
  std::string toString() const;

 private:
  bool push(const uint8_t* bytes, size_t n);
  void clear() { count_ = used_ = 0, wire_ = 1; }
  // Left uninitialized on purpose: only the first count_/used_ entries are
  // ever read, and zeroing 500 bytes per lookup would dominate its cost.
  std::array<uint8_t, kMaxWire> buf_;
  std::array<uint8_t, kMaxLabels> off_;
  std::array<uint8_t, kMaxLabels> len_;
  std::array<uint32_t, kMaxLabels> hash_;
  size_t count_ = 0;
  size_t used_ = 0;  // octets in buf_
  size_t wire_ = 1;  // wire length so far (root octet)
};

/** Lower-cases ASCII letters only; other bytes are kept as they are. */
constexpr uint8_t foldCase(uint8_t c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<uint8_t>(c + ('a' - 'A')) : c;
}

/** The label hash DnsName computes, for labels held elsewhere. */
constexpr uint32_t hashLabel(std::string_view lowerCased) {
  uint32_t h = 2166136261u;
  for (char c : lowerCased) h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
  return h;
}

}  // namespace orchard
