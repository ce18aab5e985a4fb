/**
 * \file name_matcher.cc
 * Label tree construction and lookup (see catalog/name_matcher.hh).
 */
#include "policy/catalog/name_matcher.hh"

#include <algorithm>
#include <cstring>

namespace orchard {

uint64_t NameMatcher::mixLong(const DnsName& name, size_t i) {
  uint64_t mix = name.labelWord(i, 0);
  for (size_t at = 8; at < name.labelSize(i); at += 8)
    mix = mix * 0xff51afd7ed558ccdULL ^ name.labelWord(i, at);
  return mix;
}

// Inline: match() calls it once a label, and a call costs as much as the probe.
[[gnu::always_inline]] inline const NameMatcher::Edge* NameMatcher::find(At at, const DnsName& name,
                                                                         size_t i) const {
  uint64_t word = name.labelWord(i, 0);
  uint64_t tag = uint64_t{at.node} << 8 | name.labelSize(i);
  for (size_t s = home(name, i) ^ at.salt;; s = (s + 1) & mask_) {
    const Edge& e = edges_[s];
    if (e.word == word && e.tag == tag) {
      if (name.labelSize(i) <= 8 || sameLong(e, name, i)) return &e;
    } else if (e.tag == 0) {
      return nullptr;  // never full: a free slot ends every probe
    }
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
  std::vector<std::pair<uint32_t, Match>> rows;  // (node, row)
  for (RowId id = 0; id < catalog.rows().size(); ++id) {
    const Row& row = catalog.rows()[id];
    if (row.kind == PatternKind::block) {
      blocks_.emplace_back(*row.block, id);
      continue;
    }
    DnsName name;
    name.parse(row.name);  // validated by the parser
    rows.push_back({insert(name), {id, row.kind}});
  }
  placeRows(std::move(rows));
}

uint32_t NameMatcher::insert(const DnsName& name) {
  At at;
  for (size_t i = name.labelCount(); i-- > 0;) {
    if (const Edge* e = find(at, name, i)) {
      at = {e->child, e->salt};
      continue;
    }
    std::string_view label = name.label(i);
    auto& copy = labels_.emplace_back();  // zero-filled, as labelIs() wants it
    std::memcpy(copy.data(), label.data(), label.size());
    auto next = static_cast<uint32_t>(nodes_.size());
    nodes_.emplace_back();
    size_t s = home(name, i) ^ at.salt;
    while (edges_[s].tag != 0) s = (s + 1) & mask_;
    auto salt = static_cast<uint32_t>((next * 0x9e3779b97f4a7c15ULL) >> shift_);  // < slots
    edges_[s] = Edge{name.labelWord(i, 0), uint64_t{at.node} << 8 | label.size(), next, salt,
                     static_cast<uint32_t>(labels_.size() - 1)};
    at = {next, salt};
  }
  return at.node;
}

void NameMatcher::placeRows(std::vector<std::pair<uint32_t, Match>> rows) {
  // By node, then exact before wildcard; catalog order within each.
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::pair(a.first, a.second.how) < std::pair(b.first, b.second.how);
  });
  for (const auto& [node, m] : rows) {
    Node& n = nodes_[node];
    if (n.exact == 0 && n.wildcard == 0) n.first = static_cast<uint32_t>(rows_.size());
    rows_.push_back(m.row);
    ++(m.how == PatternKind::exact ? n.exact : n.wildcard);
  }
  for (Edge& e : edges_) e.wildcard = e.tag != 0 && nodes_[e.child].wildcard != 0;
}

void NameMatcher::match(const DnsName& name, MatchList& out) const {
  // Walk down from the top label; note every proper parent with wildcard rows.
  std::array<uint32_t, DnsName::kMaxLabels> wild;  // first `nWild` are set
  size_t nWild = 0;
  At at;
  bool hasWild = false;  // at.node has wildcard rows (the root's never apply)
  for (size_t i = name.labelCount(); i-- > 0;) {
    if (hasWild) wild[nWild++] = at.node;
    const Edge* e = find(at, name, i);
    if (e == nullptr) {
      at.node = 0;
      break;
    }
    at = {e->child, e->salt};
    hasWild = e->wildcard;
  }
  if (at.node != 0 || name.isRoot()) {  // the walk reached the name's own node
    const Node& n = nodes_[at.node];
    for (uint32_t r = n.first; r < n.first + n.exact; ++r) out.add({rows_[r], PatternKind::exact});
  }
  while (nWild > 0) {  // the most specific parent first
    const Node& n = nodes_[wild[--nWild]];
    for (uint32_t r = n.first + n.exact; r < n.first + n.exact + n.wildcard; ++r)
      out.add({rows_[r], PatternKind::wildcard});
  }
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
