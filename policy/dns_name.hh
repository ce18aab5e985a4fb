/**
 * \file dns_name.hh
 * A DNS name split into lower-cased labels, built without heap allocation.
 *
 * Matching is by whole labels and case-insensitive (ASCII only, as DNS
 * defines it), so every name, whether typed by a person (presentation form,
 * with optional trailing dot and \DDD escapes) or taken from a DNS message
 * (uncompressed wire form), is first turned into this view. The matcher then
 * walks the labels from the top of the tree down: it finds a label by its
 * hash and confirms it with labelIs().
 *
 * Parsing runs for every answer the resolver gives, so it works eight bytes
 * at a time: case folding, copy and hash are a few instructions a word.
 */
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace orchard {

class DnsName {
 public:
  static constexpr size_t kMaxWire = 255;  // RFC 1035 limit, wire octets
  static constexpr size_t kMaxLabel = 63;
  static constexpr size_t kMaxLabels = 127;
  /** Labels stored elsewhere for labelIs(): kMaxLabel bytes, zero-padded. */
  using PaddedLabel = std::array<uint8_t, kMaxLabel + 1>;

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
  /** A hash of label i's lower-cased bytes and length, computed while parsing. */
  uint64_t labelHash(size_t i) const { return hash_[i]; }
  /** True when label i is the `other` label held in a zero-padded array
   *  (compared a word at a time; its length is the caller's to check). */
  bool labelIs(size_t i, const PaddedLabel& other) const {
    const uint8_t* a = buf_.data() + off_[i];
    for (size_t at = 0, n = len_[i]; at < n; at += 8)
      if (word(a + at, n - at) != word(other.data() + at, 8)) return false;
    return true;
  }
  bool isRoot() const { return count_ == 0; }
  /** Presentation form without trailing dot, unsafe bytes as \DDD. */
  std::string toString() const;

 private:
  /** Folds, indexes and hashes the wire name in buf_; false if malformed. */
  bool index();
  static uint64_t hashLabel(const uint8_t* p, size_t n);
  /** The first min(n, 8) bytes at p as a word, the rest zero; reads 8 bytes. */
  static uint64_t word(const uint8_t* p, size_t n) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return n >= 8 ? w : w & ((uint64_t{1} << (8 * n)) - 1);
  }
  void clear() { count_ = used_ = 0; }
  // The name in wire form, case-folded; labels are read in place. Left
  // uninitialized on purpose: only the first used_ + 8 octets (zeroed past
  // the name) and count_ entries are read, and zeroing 1.5 KB per lookup
  // would dominate its cost.
  std::array<uint8_t, kMaxWire + 8> buf_;
  std::array<uint8_t, kMaxLabels> off_;
  std::array<uint8_t, kMaxLabels> len_;
  std::array<uint64_t, kMaxLabels> hash_;
  size_t count_ = 0;
  size_t used_ = 0;  // wire octets in buf_
};

/** Lower-cases ASCII letters only; other bytes are kept as they are. */
constexpr uint8_t foldCase(uint8_t c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<uint8_t>(c + ('a' - 'A')) : c;
}

}  // namespace orchard
