/**
 * \file dns_name.hh
 * A DNS name split into lower-cased labels, built without heap allocation.
 *
 * Matching is by whole labels and case-insensitive (ASCII only, as DNS
 * defines it), so every name, whether typed by a person (presentation form,
 * with optional trailing dot and \DDD escapes) or taken from a DNS message
 * (uncompressed wire form), is first turned into this view. The matcher then
 * walks the labels from the top of the tree down: it finds a label by its
 * first eight bytes (labelWord) and length, and confirms a longer one with
 * labelIs().
 *
 * Parsing runs for every answer the resolver gives, so it works eight bytes
 * at a time: the copy and the case folding are one pass, a few instructions
 * a word, and indexing stores one offset per label. Nothing is hashed while
 * parsing: a matcher reads the labels it needs as words (labelWord) and most
 * names are settled by their last one or two labels.
 */
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace orchard {

// Labels are read and compared as little-endian words (the first byte lowest).
static_assert(std::endian::native == std::endian::little);

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
    return {reinterpret_cast<const char*>(buf_.data()) + off_[i], labelSize(i)};
  }
  /** The length of label i (1-63), the same as label(i).size(). */
  size_t labelSize(size_t i) const { return buf_[off_[i] - 1u]; }
  /** Eight bytes of label i from byte `at` (at < labelSize(i)), as a
   *  little-endian word; bytes past the label's end read as zero. */
  uint64_t labelWord(size_t i, size_t at) const {
    return word(buf_.data() + off_[i] + at, labelSize(i) - at);
  }
  /** A hash of label i's lower-cased bytes and length (computed on demand). */
  uint64_t labelHash(size_t i) const { return hashLabel(buf_.data() + off_[i], labelSize(i)); }
  /** True when label i is the `other` label held in a zero-padded array
   *  (compared a word at a time; its length is the caller's to check). */
  bool labelIs(size_t i, const PaddedLabel& other) const {
    for (size_t at = 0, n = labelSize(i); at < n; at += 8)
      if (labelWord(i, at) != word(other.data() + at, 8)) return false;
    return true;
  }
  /** The whole name in wire form, lower-cased, root octet included. */
  std::string_view wire() const { return {reinterpret_cast<const char*>(buf_.data()), used_}; }
  bool isRoot() const { return count_ == 0; }
  /** Presentation form without trailing dot, unsafe bytes as \DDD. */
  std::string toString() const;

 private:
  /** Copies n wire octets into buf_, case-folded, and zeroes 8 more. */
  void copyFolded(const uint8_t* wire, size_t n);
  /** Indexes the labels of the wire name in buf_; false if malformed. */
  bool index();
  static uint64_t hashLabel(const uint8_t* p, size_t n);
  /** The first min(n, 8) bytes at p as a word, the rest zero; reads 8 bytes. */
  static uint64_t word(const uint8_t* p, size_t n) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return n >= 8 ? w : w & ((uint64_t{1} << (8 * n)) - 1);
  }
  void clear() { count_ = used_ = 0; }
  // The name in wire form, case-folded; labels are read in place (a label's
  // length is its length octet). Left uninitialized on purpose: only the
  // octets copied and the zeroed word after them are read (a label's word
  // reads up to 8 octets from any of its bytes), and off_ up to count_.
  std::array<uint8_t, kMaxWire + 9> buf_;
  std::array<uint8_t, kMaxLabels> off_;
  size_t count_ = 0;
  size_t used_ = 0;  // wire octets in buf_: the name up to its root octet
};

/** Lower-cases ASCII letters only; other bytes are kept as they are. */
constexpr uint8_t foldCase(uint8_t c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<uint8_t>(c + ('a' - 'A')) : c;
}

/** A hash of a name's wire bytes as they are (callers pass the
 *  lower-cased wire(): the log record's query name), a word at a time;
 *  its high bits are as good as its low ones. The log writer's tables key
 *  names by it (log/recent_outcomes.hh, log/line_memo.hh). */
uint64_t hashWire(std::string_view wire);

}  // namespace orchard
