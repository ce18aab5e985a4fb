/**
 * \file name_matcher.hh
 * Finds the catalog rows that match a query name or an address.
 *
 * Names: a tree of labels read from the top (com -> apple -> push). Each node
 * holds the rows for the exact name it spells and the rows of the wildcard
 * `*.<that name>`, which match any name at least one label deeper, never the
 * node's own name. The tree's edges live in one open-addressing table keyed
 * by (parent node, label). An edge is found by the label's first eight
 * bytes read as one word (most labels are shorter: the catalog's are 2-23
 * bytes, most under 9), its length and its parent; its slot is a hash of the
 * label's words xored with the parent's salt, a per-node constant carried in
 * the edge that led to the parent. So the label's hash does not wait for the
 * previous step, and a step is one multiply and usually one probe comparing
 * two words. Labels over eight bytes also fold their further words into the
 * hash and are confirmed against the stored label: a collision cannot make
 * a look-alike match. A lookup walks one node per label from the top and
 * stops at the first label the tree does not know (for most names outside
 * the catalog the TLD or the label below it); it allocates nothing and only
 * reads, so any number of threads may share one matcher. Look-alikes
 * (evilapple.com, apple.com.evil.example) fail because labels are compared
 * whole.
 *
 * Addresses: the catalog has a handful of blocks; a linear scan is fastest.
 */
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/base/address.hh"
#include "policy/base/dns_name.hh"
#include "policy/catalog/catalog.hh"

namespace orchard {

struct Match {
  RowId row;
  PatternKind how;
};

/** The matches of one lookup, held inline (no allocation). */
class MatchList {
 public:
  static constexpr size_t kCapacity = 32;
  void add(Match m) {
    if (n_ < kCapacity)
      items_[n_++] = m;
    else
      truncated_ = true;
  }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  bool truncated() const { return truncated_; }
  const Match* begin() const { return items_.data(); }
  const Match* end() const { return items_.data() + n_; }
  const Match& operator[](size_t i) const { return items_[i]; }

 private:
  std::array<Match, kCapacity> items_;  // first n_ are valid
  size_t n_ = 0;
  bool truncated_ = false;
};

class NameMatcher {
 public:
  explicit NameMatcher(const Catalog& catalog);

  /** Appends every row matching `name`: exact rows first, then wildcards
   *  from the most specific parent to the least. */
  void match(const DnsName& name, MatchList& out) const;
  /** Appends every block row containing `addr`. */
  void match(const Address& addr, MatchList& out) const;
  /** Convenience for tools: parses `text` as a name. */
  MatchList match(std::string_view name) const;

 private:
  /** A node's rows: rows_[first, +exact) exact, then `wildcard` wildcard rows. */
  struct Node {
    uint32_t first = 0;
    uint32_t exact = 0, wildcard = 0;
  };
  /** Where a walk stands: a node and its salt (see Edge). */
  struct At {
    uint32_t node = 0;  // 0: the root
    uint32_t salt = 0;
  };
  struct Edge {
    uint64_t word = 0;  // the label's first eight bytes, DnsName::labelWord(i, 0)
    uint64_t tag = 0;   // parent << 8 | label length; 0 marks a free slot
    uint32_t child = 0;
    uint32_t salt = 0;      // the child's, xored into the slots of the child's edges
    uint32_t label = 0;     // index into labels_: the whole label, for labels over 8 bytes
    bool wildcard = false;  // the child has wildcard rows
  };
  /** The slot of label i before the parent's salt: a hash of its words.
   *  It does not depend on the parent, so a walk can compute it early. */
  size_t home(const DnsName& name, size_t i) const {
    uint64_t mix = name.labelSize(i) <= 8 ? name.labelWord(i, 0) : mixLong(name, i);
    return static_cast<size_t>((mix * 0x9e3779b97f4a7c15ULL) >> shift_);
  }
  /** The words of a label over 8 bytes folded into one (out of line: rare,
   *  and inlined it would crowd the registers of the walk). */
  [[gnu::noinline]] static uint64_t mixLong(const DnsName& name, size_t i);
  /** Label i (over 8 bytes) is the edge's, whole. */
  [[gnu::noinline]] bool sameLong(const Edge& e, const DnsName& name, size_t i) const {
    return name.labelIs(i, labels_[e.label]);
  }
  /** The edge from `at` for label i of `name`; nullptr when there is none. */
  const Edge* find(At at, const DnsName& name, size_t i) const;
  /** The node for `name`, created with its parents if new. */
  uint32_t insert(const DnsName& name);
  /** Lays out the rows of (node, row) pairs in rows_, exact rows first. */
  void placeRows(std::vector<std::pair<uint32_t, Match>> rows);

  std::vector<Node> nodes_;  // nodes_[0] is the root
  std::vector<RowId> rows_;  // every node's rows, one range each
  std::vector<Edge> edges_;  // 2^(64 - shift_) slots, at most half full
  unsigned shift_ = 64;
  size_t mask_ = 0;                           // slots - 1
  std::vector<DnsName::PaddedLabel> labels_;  // the edges' labels
  std::vector<std::pair<AddressBlock, RowId>> blocks_;
};

}  // namespace orchard
