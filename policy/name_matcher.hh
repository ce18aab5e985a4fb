/**
 * \file name_matcher.hh
 * Finds the catalog rows that match a query name or an address.
 *
 * Names: a tree of labels read from the top (com -> apple -> push). Each node
 * holds the rows for the exact name it spells and the rows of the wildcard
 * `*.<that name>`, which match any name at least one label deeper, never the
 * node's own name. A lookup walks one node per label, so its cost grows with
 * the number of labels; it allocates nothing and only reads, so any number of
 * threads may share one matcher. Look-alikes (evilapple.com, apple.com.evil.
 * example) fail because labels are compared whole.
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
  struct Child {
    uint32_t hash;  // hashLabel(label): compared first
    uint32_t node;
    std::string label;
  };
  struct Node {
    std::vector<Child> children;  // sorted by hash
    std::vector<RowId> exact, wildcard;
  };
  uint32_t insert(const DnsName& name);
  const Node* child(const Node& n, std::string_view label, uint32_t hash) const;

  std::vector<Node> nodes_;  // nodes_[0] is the root
  std::vector<std::pair<AddressBlock, RowId>> blocks_;
};

}  // namespace orchard
