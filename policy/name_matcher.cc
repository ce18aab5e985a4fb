/**
 * \file name_matcher.cc
 * Label tree construction and lookup (see name_matcher.hh).
 */
#include "policy/name_matcher.hh"

#include <algorithm>

namespace orchard {

NameMatcher::NameMatcher(const Catalog& catalog) : nodes_(1) {
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
    std::string_view label = name.label(i);
    if (const Node* existing = child(nodes_[at], label, name.labelHash(i))) {
      at = static_cast<uint32_t>(existing - nodes_.data());
      continue;
    }
    auto next = static_cast<uint32_t>(nodes_.size());
    auto& kids = nodes_[at].children;
    auto it = std::lower_bound(kids.begin(), kids.end(), name.labelHash(i),
                               [](const Child& kid, uint32_t h) { return kid.hash < h; });
    kids.insert(it, Child{name.labelHash(i), next, std::string(label)});
    nodes_.emplace_back();  // invalidates `kids`; not used after this
    at = next;
  }
  return at;
}

const NameMatcher::Node* NameMatcher::child(const Node& n, std::string_view label,
                                            uint32_t hash) const {
  const auto& kids = n.children;
  auto it = std::lower_bound(kids.begin(), kids.end(), hash,
                             [](const Child& kid, uint32_t h) { return kid.hash < h; });
  for (; it != kids.end() && it->hash == hash; ++it)
    if (it->label == label) return &nodes_[it->node];
  return nullptr;
}

void NameMatcher::match(const DnsName& name, MatchList& out) const {
  // Walk down from the top label; collect wildcards of every proper parent.
  std::array<const Node*, DnsName::kMaxLabels> parents;  // first `depth` are set
  size_t depth = 0;
  const Node* node = &nodes_[0];
  for (size_t i = name.labelCount(); i-- > 0 && node;) {
    parents[depth++] = node;
    node = child(*node, name.label(i), name.labelHash(i));
  }
  if (node && depth == name.labelCount())
    for (RowId id : node->exact) out.add({id, PatternKind::exact});
  // parents[k] spells the name's top k labels; its wildcard covers the name
  // when the name is deeper than k labels, which holds for every k < depth.
  for (size_t k = depth; k-- > 1;)
    for (RowId id : parents[k]->wildcard) out.add({id, PatternKind::wildcard});
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
