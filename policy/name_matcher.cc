/**
 * \file name_matcher.cc
 * Label tree construction and lookup (see name_matcher.hh).
 */
#include "policy/name_matcher.hh"

#include <algorithm>
#include <cstring>

namespace orchard {

// Inline: match() calls it once a label, and a call costs as much as the probe.
[[gnu::always_inline]] inline uint32_t NameMatcher::child(uint32_t parent, const DnsName& name,
                                                          size_t i) const {
  uint64_t hash = name.labelHash(i);
  for (size_t s = slot(parent, hash);; s = (s + 1) & mask_) {
    const Edge& e = edges_[s];
    if (e.child == 0) return 0;  // never full: a free slot ends every probe
    if (e.hash == hash && e.parent == parent && e.len == name.label(i).size() &&
        name.labelIs(i, labels_[e.label]))
      return e.child;
  }
}

NameMatcher::NameMatcher(const Catalog& catalog) : nodes_(1) {
  size_t labels = 0;  // an upper bound of the edges
  for (const Row& row : catalog.rows())
    if (row.kind != PatternKind::block)
      labels += 1 + std::count(row.name.begin(), row.name.end(), '.');
  size_t slots = 16;
  for (shift_ = 60; slots < 2 * labels; --shift_) slots *= 2;
  edges_.resize(slots);
  mask_ = slots - 1;
  for (RowId id = 0; id < catalog.rows().size(); ++id) {
    const Row& row = catalog.rows()[id];
    if (row.kind == PatternKind::block) {
      blocks_.emplace_back(*row.block, id);
      continue;
    }
    DnsName name;
    name.parse(row.name);  // validated by the parser
    Node& node = nodes_[insert(name)];
    (row.kind == PatternKind::exact ? node.exact : node.wildcard).push_back(id);
  }
}

uint32_t NameMatcher::insert(const DnsName& name) {
  uint32_t at = 0;
  for (size_t i = name.labelCount(); i-- > 0;) {
    if (uint32_t next = child(at, name, i)) {
      at = next;
      continue;
    }
    std::string_view label = name.label(i);
    auto& copy = labels_.emplace_back();  // zero-filled, as labelIs() wants it
    std::memcpy(copy.data(), label.data(), label.size());
    auto next = static_cast<uint32_t>(nodes_.size());
    nodes_.emplace_back();
    size_t s = slot(at, name.labelHash(i));
    while (edges_[s].child != 0) s = (s + 1) & mask_;
    edges_[s] = Edge{name.labelHash(i), at, next, static_cast<uint32_t>(labels_.size() - 1),
                     static_cast<uint8_t>(label.size())};
    at = next;
  }
  return at;
}

void NameMatcher::match(const DnsName& name, MatchList& out) const {
  // Walk down from the top label; collect wildcards of every proper parent.
  std::array<uint32_t, DnsName::kMaxLabels> parents;  // first `depth` are set
  size_t depth = 0;
  uint32_t node = 0;
  bool known = true;  // the walk is still inside the tree
  for (size_t i = name.labelCount(); i-- > 0;) {
    parents[depth++] = node;
    node = child(node, name, i);
    if (node == 0) {
      known = false;
      break;
    }
  }
  if (known)
    for (RowId id : nodes_[node].exact) out.add({id, PatternKind::exact});
  // parents[k] spells the name's top k labels; its wildcard covers the name
  // when the name is deeper than k labels, which holds for every k < depth.
  for (size_t k = depth; k-- > 1;)
    for (RowId id : nodes_[parents[k]].wildcard) out.add({id, PatternKind::wildcard});
}

void NameMatcher::match(const Address& addr, MatchList& out) const {
  for (const auto& [block, id] : blocks_)
    if (block.contains(addr)) out.add({id, PatternKind::block});
}

MatchList NameMatcher::match(std::string_view text) const {
  MatchList out;
  DnsName name;
  if (name.parse(text)) match(name, out);
  return out;
}

}  // namespace orchard
