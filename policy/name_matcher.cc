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
    auto& kids = nodes_[at].children;
    auto it = std::lower_bound(kids.begin(), kids.end(), label,
                               [](const auto& kid, std::string_view l) { return kid.first < l; });
    if (it != kids.end() && it->first == label) {
      at = it->second;
      continue;
    }
    auto next = static_cast<uint32_t>(nodes_.size());
    kids.insert(it, {std::string(label), next});
    nodes_.emplace_back();  // invalidates `kids`; not used after this
    at = next;
  }
  return at;
}

const NameMatcher::Node* NameMatcher::child(const Node& n, std::string_view label) const {
  const auto& kids = n.children;
  auto it = std::lower_bound(kids.begin(), kids.end(), label,
                             [](const auto& kid, std::string_view l) { return kid.first < l; });
  return it != kids.end() && it->first == label ? &nodes_[it->second] : nullptr;
}

void NameMatcher::match(const DnsName& name, MatchList& out) const {
  // Walk down from the top label; collect wildcards of every proper parent.
  std::array<const Node*, DnsName::kMaxLabels> parents;  // first `depth` are set
  size_t depth = 0;
  const Node* node = &nodes_[0];
  for (size_t i = name.labelCount(); i-- > 0 && node;) {
    parents[depth++] = node;
    node = child(*node, name.label(i));
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
