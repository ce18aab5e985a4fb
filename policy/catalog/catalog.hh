/**
 * \file catalog.hh
 * The catalog: the rows of Apple's "Use Apple products on enterprise
 * networks" article, kept as the article has them, plus the article's rules
 * that are not table rows (firewall, proxy, APNs with PAC files).
 *
 * A row is a host name, a wildcard (`*.push.apple.com`) or an address block,
 * with its ports, protocol, operating systems, description (English and the
 * original Japanese) and proxy support in three states. A host that the
 * article lists in two sections (gs.apple.com) stays two rows; consumers that
 * need one answer per host take the union (see portsUnion()).
 *
 * Filled by catalog/parser.hh from the shipped catalog file and the site
 * file; read by the matcher, the engine and orchardctl. Immutable once built.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/base/address.hh"
#include "policy/base/enum_names.hh"

namespace orchard {

enum class Proxy : uint8_t { unspecified, yes, no };
constexpr auto namesOf(Proxy) {
  return std::to_array<EnumName<Proxy>>({
      {Proxy::unspecified, "unspecified"},
      {Proxy::yes, "yes"},
      {Proxy::no, "no"},
  });
}

enum class Protocol : uint8_t { tcp, udp };
constexpr auto namesOf(Protocol) {
  return std::to_array<EnumName<Protocol>>({
      {Protocol::tcp, "tcp"},
      {Protocol::udp, "udp"},
  });
}

enum class PatternKind : uint8_t { exact, wildcard, block };
constexpr auto namesOf(PatternKind) {
  return std::to_array<EnumName<PatternKind>>({
      {PatternKind::exact, "exact"},
      {PatternKind::wildcard, "wildcard"},
      {PatternKind::block, "block"},
  });
}

/** A port and its protocol: the unit a firewall rule allows. */
struct Service {
  Protocol protocol = Protocol::tcp;
  uint16_t port = 0;
  auto operator<=>(const Service&) const = default;
};
std::string toString(const std::set<Service>& services);

struct Section {
  std::string id;  // "device-setup": used in files, logs and commands
  std::string title, titleJa;
  std::string note, noteJa;  // the article's text before the table
};

using RowId = uint32_t;

struct Row {
  std::string section;  // Section::id
  std::string pattern;  // as written: "gs.apple.com", "*.push.apple.com", CIDR
  PatternKind kind = PatternKind::exact;
  std::string name;  // exact name, or the wildcard's parent ("push.apple.com")
  std::optional<AddressBlock> block;
  Protocol protocol = Protocol::tcp;
  std::vector<uint16_t> ports;  // in the article's order
  std::vector<std::string> os;  // "ios", "tvos", "macos", ...
  Proxy proxy = Proxy::unspecified;
  std::string proxyNote, proxyNoteJa;  // when the cell is a pointer, not yes/no
  std::string desc, descJa;
  std::vector<std::string> samples;  // labels to try under a wildcard
  std::string origin;                // "file:line" of the defining line
};

/** A rule of the article that is not a table row. */
struct Rule {
  std::string id;  // "firewall", "proxy", "apns-pac"
  std::string text, textJa;
  std::vector<std::string> applies;  // patterns, or "catalog" for every row
  std::vector<AddressBlock> blocks;  // address-only alternative (17.0.0.0/8)
  std::string origin;
};

class Catalog {
 public:
  const std::vector<Section>& sections() const { return sections_; }
  const std::vector<Row>& rows() const { return rows_; }
  const std::vector<Rule>& rules() const { return rules_; }
  const Row& row(RowId id) const { return rows_.at(id); }
  const Section* findSection(std::string_view id) const;
  const Rule* findRule(std::string_view id) const;
  /** Rows of the same pattern in any section (gs.apple.com gives two). */
  std::vector<RowId> rowsWithPattern(std::string_view pattern) const;
  /** Union of the services of the given rows. */
  std::set<Service> portsUnion(const std::vector<RowId>& ids) const;

  // Building (used by the parser, which validates first).
  void addSection(Section s);
  void addRule(Rule r);
  /** Adds a row, or replaces the row with the same section and pattern. */
  void putRow(Row r);
  /** Removes the row with this section and pattern; false if none. */
  bool removeRow(std::string_view section, std::string_view pattern);

 private:
  std::vector<Section> sections_;
  std::vector<Row> rows_;
  std::vector<Rule> rules_;
};

}  // namespace orchard
