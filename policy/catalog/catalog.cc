/**
 * \file catalog.cc
 * Catalog queries and the text of a set of services (see catalog/catalog.hh).
 */
#include "policy/catalog/catalog.hh"

#include <algorithm>

namespace orchard {

std::string toString(const std::set<Service>& services) {
  std::string out;
  std::optional<Protocol> current;
  for (const Service& s : services) {
    if (current != s.protocol) {
      if (current) out += "; ";
      out += toString(s.protocol);
      out += ' ';
      current = s.protocol;
    } else {
      out += ',';
    }
    out += std::to_string(s.port);
  }
  return out;
}

const Section* Catalog::findSection(std::string_view id) const {
  for (const auto& s : sections_)
    if (s.id == id) return &s;
  return nullptr;
}

const Rule* Catalog::findRule(std::string_view id) const {
  for (const auto& r : rules_)
    if (r.id == id) return &r;
  return nullptr;
}

std::vector<RowId> Catalog::rowsWithPattern(std::string_view pattern) const {
  std::vector<RowId> out;
  for (RowId i = 0; i < rows_.size(); ++i)
    if (rows_[i].pattern == pattern) out.push_back(i);
  return out;
}

std::set<Service> Catalog::portsUnion(const std::vector<RowId>& ids) const {
  std::set<Service> out;
  for (RowId id : ids)
    for (uint16_t port : rows_.at(id).ports) out.insert({rows_[id].protocol, port});
  return out;
}

void Catalog::addSection(Section s) { sections_.push_back(std::move(s)); }

void Catalog::addRule(Rule r) {
  auto same = [&](const Rule& x) { return x.id == r.id; };
  auto it = std::find_if(rules_.begin(), rules_.end(), same);
  if (it != rules_.end())
    *it = std::move(r);
  else
    rules_.push_back(std::move(r));
}

void Catalog::putRow(Row r) {
  auto same = [&](const Row& x) { return x.section == r.section && x.pattern == r.pattern; };
  auto it = std::find_if(rows_.begin(), rows_.end(), same);
  if (it != rows_.end())
    *it = std::move(r);
  else
    rows_.push_back(std::move(r));
}

bool Catalog::removeRow(std::string_view section, std::string_view pattern) {
  auto same = [&](const Row& x) { return x.section == section && x.pattern == pattern; };
  auto it = std::find_if(rows_.begin(), rows_.end(), same);
  if (it == rows_.end()) return false;
  rows_.erase(it);
  return true;
}

}  // namespace orchard
