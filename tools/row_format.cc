/**
 * \file row_format.cc
 * Text, TSV and JSON forms of catalog rows (see row_format.hh).
 */
#include "tools/row_format.hh"

#include <algorithm>

namespace orchard::ctl {

std::string portsText(const Row& r) {
  std::string out;
  for (size_t i = 0; i < r.ports.size(); ++i) out += (i ? "," : "") + std::to_string(r.ports[i]);
  return out;
}

std::string osText(const Row& r) {
  static const std::pair<std::string_view, std::string_view> names[] = {
      {"ios", "iOS"},     {"ipados", "iPadOS"},   {"tvos", "tvOS"},
      {"macos", "macOS"}, {"watchos", "watchOS"}, {"visionos", "visionOS"}};
  std::string out;
  for (const auto& os : r.os) {
    std::string shown = os;
    for (const auto& [id, name] : names)
      if (os == id) shown = name;
    out += (out.empty() ? "" : ", ") + shown;
  }
  return out;
}

std::string descText(const Row& r, bool japanese) {
  const std::string& first = japanese ? r.descJa : r.desc;
  return first.empty() ? (japanese ? r.desc : r.descJa) : first;
}

std::string tsvLine(const Row& r, bool japanese) {
  auto clean = [](std::string s) {
    std::replace(s.begin(), s.end(), '\t', ' ');
    return s;
  };
  return r.section + '\t' + r.pattern + '\t' + portsText(r) + '\t' +
         std::string(toString(r.protocol)) + '\t' + osText(r) + '\t' +
         std::string(toString(r.proxy)) + '\t' + clean(descText(r, japanese));
}

void writeRowJson(JsonWriter& w, const Row& r) {
  w.beginObject()
      .field("section", r.section)
      .field("pattern", r.pattern)
      .field("kind", toString(r.kind))
      .field("protocol", toString(r.protocol));
  w.key("ports").beginArray();
  for (auto p : r.ports) w.value(static_cast<unsigned>(p));
  w.endArray().key("os").beginArray();
  for (const auto& os : r.os) w.value(os);
  w.endArray()
      .field("proxy", toString(r.proxy))
      .field("proxy_note", r.proxyNote)
      .field("proxy_note_ja", r.proxyNoteJa)
      .field("description", r.desc)
      .field("description_ja", r.descJa)
      .field("origin", r.origin)
      .endObject();
}

void writeRuleJson(JsonWriter& w, const Rule& r) {
  w.beginObject().field("id", r.id).field("text", r.text).field("text_ja", r.textJa);
  w.key("applies").beginArray();
  for (const auto& a : r.applies) w.value(a);
  w.endArray().key("blocks").beginArray();
  for (const auto& b : r.blocks) w.value(b.toString());
  w.endArray().endObject();
}

namespace {

/** Display columns of a UTF-8 string; CJK and full-width forms count two. */
size_t width(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    w += n == 3 ? 2 : 1;  // three-byte sequences are mostly CJK here
    i += n;
  }
  return w;
}

}  // namespace

std::string TextTable::render(const std::string& indent) const {
  std::vector<size_t> widths;
  for (const auto& row : rows_)
    for (size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], width(row[c]));
    }
  std::string out;
  for (const auto& row : rows_) {
    std::string line = indent;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - width(row[c]) + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace orchard::ctl
