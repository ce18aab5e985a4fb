/**
 * \file name_matcher.hh
 * Finds the catalog rows that match a query name or an address.
 *
 * Names: a tree of labels read from the top (com -> apple -> push). Each node
 * holds the rows for the exact name it spells and the rows of the wildcard
 * `*.<that name>`, which match any name at least one label deeper, never the
 * node's own name. The tree's edges live in one open-addressing table keyed
 * by (parent node, label): a step down is one hash of the label and usually
 * one probe. A lookup walks one node per label and stops at the first label
 * the tree does not know; it allocates nothing and only reads, so any number
 * of threads may share one matcher. Look-alikes (evilapple.com, apple.com.
 * evil.example) fail because labels are compared whole.
 *
 * Addresses: the catalog has a handful of blocks; a linear scan is fastest.
 */
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/address.hh"
#include "policy/catalog.hh"
#include "policy/dns_name.hh"

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
  struct Node {
    std::vector<RowId> exact, wildcard;
  };
  struct Edge {
    uint64_t hash = 0;    // DnsName::labelHash of the label
    uint32_t parent = 0;  // node ids; child 0 (the root) marks a free slot
    uint32_t child = 0;
    uint32_t label = 0;  // index into labels_
    uint8_t len = 0;
  };
  uint32_t insert(const DnsName& name);
  size_t slot(uint32_t parent, uint64_t hash) const {
    return static_cast<size_t>(((hash ^ parent) * 0x9e3779b97f4a7c15ULL) >> shift_);
  }
  /** The child of `parent` for label i of `name`; 0 when there is none. */
  uint32_t child(uint32_t parent, const DnsName& name, size_t i) const;

  std::vector<Node> nodes_;  // nodes_[0] is the root
  std::vector<Edge> edges_;  // 2^(64 - shift_) slots, at most half full
  unsigned shift_ = 64;
  size_t mask_ = 0;                           // slots - 1
  std::vector<DnsName::PaddedLabel> labels_;  // the edges' labels
  std::vector<std::pair<AddressBlock, RowId>> blocks_;
};

}  // namespace orchard
