/**
 * \file parser.cc
 * From directives to catalog rows, with validation (see catalog/parser.hh).
 */
#include "policy/catalog/parser.hh"

#include <charconv>

#include "policy/base/config_lexer.hh"
#include "policy/base/dns_name.hh"

namespace orchard {
namespace {

bool validId(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

std::string optText(const Directive& r, std::string_view key) {
  const Token* t = r.option(key);
  return t ? t->text : std::string();
}

uint16_t parsePort(const Directive& r, const Token& at, const std::string& s) {
  unsigned v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v == 0 || v > 65535)
    r.fail(at, "expected a port from 1 to 65535, found '" + s + "'");
  return static_cast<uint16_t>(v);
}

/** Fills kind/name/block from the pattern text of a host or block directive. */
void parsePattern(const Directive& r, const Token& t, Row& row) {
  row.pattern = t.text;
  if (r.keyword.text == "block") {
    row.kind = PatternKind::block;
    row.block = AddressBlock::parse(t.text);
    if (!row.block)
      r.fail(t, "expected an address block such as 17.248.128.0/18, found '" + t.text + "'");
    return;
  }
  std::string_view name = t.text;
  if (name.starts_with("*.")) {
    row.kind = PatternKind::wildcard;
    name.remove_prefix(2);
  }
  DnsName parsed;
  if (name.find('*') != std::string_view::npos || !parsed.parse(name) || parsed.isRoot())
    r.fail(t, "expected a host name or *.name, found '" + t.text + "'");
  row.name = parsed.toString();
  row.pattern = row.kind == PatternKind::wildcard ? "*." + row.name : row.name;
}

Row parseRow(const Directive& r, const Catalog& c) {
  r.expectArgs(2, 2, r.keyword.text + " SECTION PATTERN key=value...");
  Row row;
  row.section = r.args[0].text;
  if (!c.findSection(row.section))
    r.fail(r.args[0], "expected a section defined earlier, found '" + row.section + "'");
  parsePattern(r, r.args[1], row);
  const Token& proto = r.required("proto");
  auto p = fromString<Protocol>(proto.text);
  if (!p) r.fail(proto, "expected proto=tcp or proto=udp, found '" + proto.text + "'");
  row.protocol = *p;
  const Token& ports = r.required("ports");
  for (const auto& s : splitList(r, ports)) row.ports.push_back(parsePort(r, ports, s));
  row.os = splitList(r, r.required("os"));
  if (const Token* proxy = r.option("proxy")) {
    auto v = fromString<Proxy>(proxy->text);
    if (!v) r.fail(*proxy, "expected proxy=yes, no or unspecified, found '" + proxy->text + "'");
    row.proxy = *v;
  }
  row.proxyNote = optText(r, "proxy-note");
  row.proxyNoteJa = optText(r, "proxy-note-ja");
  row.desc = optText(r, "desc");
  row.descJa = optText(r, "desc-ja");
  if (const Token* s = r.option("sample")) {
    if (row.kind != PatternKind::wildcard)
      r.fail(*s, "expected sample= on a wildcard only, found it on '" + row.pattern + "'");
    row.samples = splitList(r, *s);
  }
  r.rejectUnknownOptions();
  row.origin = r.file + ":" + std::to_string(r.keyword.line);
  return row;
}

Section parseSection(const Directive& r, const Catalog& c) {
  r.expectArgs(1, 1, "section ID title=...");
  Section s;
  s.id = r.args[0].text;
  if (!validId(s.id))
    r.fail(r.args[0], "expected a section id of a-z, 0-9 and '-', found '" + s.id + "'");
  if (c.findSection(s.id))
    r.fail(r.args[0], "expected a new section id, found '" + s.id + "' again");
  s.title = r.required("title").text;
  s.titleJa = optText(r, "title-ja");
  s.note = optText(r, "note");
  s.noteJa = optText(r, "note-ja");
  r.rejectUnknownOptions();
  return s;
}

Rule parseRule(const Directive& r) {
  r.expectArgs(1, 1, "rule ID text=... applies=...");
  Rule rule;
  rule.id = r.args[0].text;
  if (!validId(rule.id))
    r.fail(r.args[0], "expected a rule id of a-z, 0-9 and '-', found '" + rule.id + "'");
  rule.text = r.required("text").text;
  rule.textJa = optText(r, "text-ja");
  rule.applies = splitList(r, r.required("applies"));
  if (const Token* b = r.option("blocks"))
    for (const auto& s : splitList(r, *b)) {
      auto block = AddressBlock::parse(s);
      if (!block) r.fail(*b, "expected an address block, found '" + s + "'");
      rule.blocks.push_back(*block);
    }
  r.rejectUnknownOptions();
  rule.origin = r.file + ":" + std::to_string(r.keyword.line);
  return rule;
}

void applyDirective(const Directive& r, Catalog& c, bool site) {
  const std::string& kw = r.keyword.text;
  if (kw == "section") {
    c.addSection(parseSection(r, c));
  } else if (kw == "host" || kw == "block") {
    Row row = parseRow(r, c);
    if (!site)
      for (RowId id : c.rowsWithPattern(row.pattern))
        if (c.row(id).section == row.section)
          r.fail(r.args[1], "expected each pattern once per section, found '" + row.pattern +
                                "' again (first at " + c.row(id).origin + ")");
    c.putRow(std::move(row));
  } else if (kw == "rule") {
    c.addRule(parseRule(r));
  } else if (kw == "remove" && site) {
    r.expectArgs(2, 2, "remove SECTION PATTERN");
    if (!c.removeRow(r.args[0].text, r.args[1].text))
      r.fail(r.args[1], "expected a catalog row to remove, found no row '" + r.args[1].text +
                            "' in section '" + r.args[0].text + "'");
    r.rejectUnknownOptions();
  } else {
    r.fail("expected section, host, block, rule" + std::string(site ? " or remove" : "") +
           ", found '" + kw + "'");
  }
}

void applyAll(std::string_view text, const std::string& file, Catalog& c, bool site) {
  for (const Directive& r : readDirectives(text, file)) applyDirective(r, c, site);
}

}  // namespace

Catalog parseCatalog(std::string_view text, const std::string& file) {
  Catalog c;
  applyAll(text, file, c, false);
  return c;
}

Catalog applySite(const Catalog& base, std::string_view text, const std::string& file) {
  Catalog c = base;
  applyAll(text, file, c, true);
  return c;
}

Catalog loadCatalog(const std::string& catalogPath, const std::string& sitePath) {
  Catalog c = parseCatalog(readFile(catalogPath), catalogPath);
  if (sitePath.empty()) return c;
  return applySite(c, readFile(sitePath), sitePath);
}

}  // namespace orchard
