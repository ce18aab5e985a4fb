/**
 * \file json.cc
 * JSON escaping and the writer's comma bookkeeping (see json.hh).
 */
#include "policy/json.hh"

#include <cstdio>

namespace orchard {

void appendJsonString(std::string& out, std::string_view s) {
  out += '"';
  // Runs of characters that need no escape go in with one append.
  size_t plain = 0;
  auto needsEscape = [](unsigned char c) { return c < 0x20 || c == 0x7f || c == '"' || c == '\\'; };
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && !needsEscape(static_cast<unsigned char>(s[i]))) continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    if (i == s.size()) break;
    char ch = s[i];
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char esc[7];
          std::snprintf(esc, sizeof esc, "\\u%04x", c);
          out += esc;
        }
    }
  }
  out += '"';  // UTF-8 passes through; invalid bytes come pre-escaped
}

void JsonWriter::separate() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::beginObject() {
  separate();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  out_ += '}';
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  separate();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  out_ += ']';
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  separate();
  appendJsonString(out_, k);
  out_ += ':';
  afterKey_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  separate();
  appendJsonString(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(int64_t n) {
  separate();
  out_ += std::to_string(n);
  return *this;
}

JsonWriter& JsonWriter::value(uint64_t n) {
  separate();
  out_ += std::to_string(n);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view number) {
  separate();
  out_ += number;
  return *this;
}

}  // namespace orchard
