/**
 * \file layout.cc
 * Set names, element shapes and static contents (see sets/layout.hh).
 */
#include "policy/sets/layout.hh"

#include <algorithm>
#include <stdexcept>

namespace orchard {

namespace {

// ipset's limit (IPSET_MAXNAMELEN - 1); nftables allows longer names, but
// one naming serves both backends.
constexpr size_t kMaxSetName = 31;

char familyDigit(Family f) { return f == Family::v4 ? '4' : '6'; }

std::string setNameFor(const std::string& prefix, Family f, std::string_view suffix) {
  std::string name = prefix + familyDigit(f);
  if (!suffix.empty()) name += "_" + std::string(suffix);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

void checkName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= kMaxSetName &&
            std::all_of(name.begin(), name.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '_';
            });
  if (!ok)
    throw std::runtime_error("set name '" + name +
                             "' is not 1 to 31 letters, digits or '_': shorten set-prefix or the "
                             "section id");
}

}  // namespace

std::string toString(const SetElement& e, const SetSpec& spec) {
  if (spec.kind == SetKind::address) return e.address.toString();
  return e.address.toString() + " . " + std::string(toString(e.protocol)) + " . " +
         std::to_string(e.port);
}

Address lastAddress(const AddressBlock& b) {
  Address a = b.base;
  size_t bits = a.size() * 8;
  for (size_t i = b.prefix; i < bits; ++i) a.bytes[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
  return a;
}

SetLayout::SetLayout(const Catalog& catalog, const SetOptions& options) : options_(options) {
  for (Family f : {Family::v4, Family::v6}) {
    if (options_.mode == SetMode::service) {
      add(setNameFor(options_.prefix, f, ""), f, SetKind::service);
    } else {
      for (const Section& s : catalog.sections())
        add(setNameFor(options_.prefix, f, s.id), f, SetKind::address, s.id);
    }
  }
  addStatics(catalog);
}

SetIndex SetLayout::add(std::string name, Family f, SetKind k, std::string section) {
  checkName(name);
  if (find(name)) throw std::runtime_error("two sets would be named '" + name + "'");
  sets_.push_back({std::move(name), f, k, std::move(section)});
  return static_cast<SetIndex>(sets_.size() - 1);
}

void SetLayout::addStatics(const Catalog& catalog) {
  std::vector<StaticElement> blocks, nets;
  for (const Row& r : catalog.rows()) {
    if (r.kind != PatternKind::block || !r.block) continue;
    for (uint16_t port : r.ports)
      blocks.push_back({0, *r.block, r.protocol, port, port, r.section + " " + r.pattern});
  }
  if (options_.appleBlock)
    if (const Rule* rule = catalog.findRule("firewall"))
      for (const AddressBlock& b : rule->blocks)
        nets.push_back({0, b, Protocol::tcp, 0, 65535, "rule firewall"});
  addStaticSets(blocks, SetKind::blocks, "blocks");
  addStaticSets(nets, SetKind::nets, "nets");
}

void SetLayout::addStaticSets(std::vector<StaticElement>& all, SetKind kind,
                              std::string_view suffix) {
  for (Family f : {Family::v4, Family::v6}) {
    std::optional<SetIndex> set;
    for (StaticElement& e : all) {
      if (e.block.base.family != f) continue;
      if (!set) set = add(setNameFor(options_.prefix, f, suffix), f, kind);
      e.set = *set;
      statics_.push_back(e);
    }
  }
}

std::optional<SetIndex> SetLayout::find(std::string_view name) const {
  for (size_t i = 0; i < sets_.size(); ++i)
    if (sets_[i].name == name) return static_cast<SetIndex>(i);
  return std::nullopt;
}

std::optional<SetIndex> SetLayout::sectionSet(std::string_view section, Family f) const {
  for (size_t i = 0; i < sets_.size(); ++i)
    if (sets_[i].kind == SetKind::address && sets_[i].family == f && sets_[i].section == section)
      return static_cast<SetIndex>(i);
  return std::nullopt;
}

void SetLayout::elementsFor(const Catalog& catalog, const MatchList& matches,
                            const Address& address, std::vector<SetElement>& out) const {
  auto put = [&](const SetElement& e) {
    if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  };
  SetIndex serviceSet = address.family == Family::v4 ? 0 : 1;
  for (const Match& m : matches) {
    const Row& row = catalog.row(m.row);
    if (row.kind == PatternKind::block) continue;
    if (options_.mode == SetMode::service) {
      for (uint16_t port : row.ports) put({serviceSet, row.protocol, port, address});
    } else if (auto set = sectionSet(row.section, address.family)) {
      put({*set, Protocol::tcp, 0, address});
    }
  }
}

}  // namespace orchard
