/**
 * \file json.cc
 * JSON escaping and the writer's comma bookkeeping (see base/json.hh).
 */
#include "policy/base/json.hh"

#include <array>
#include <cstring>

namespace orchard {

namespace {

/** The escape of each byte: 0 none, else the character after the
 *  backslash ('u' for \u00XX). */
constexpr std::array<char, 256> kEscapes = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 'u';
  t[0x7f] = 'u';
  t['"'] = '"';
  t['\\'] = '\\';
  t['\n'] = 'n';
  t['\r'] = 'r';
  t['\t'] = 't';
  return t;
}();

}  // namespace

char* putJsonString(char* p, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  *p++ = '"';
  // Copied as it is while checking that nothing needs an escape (the usual
  // case), else again, escaped.
  char escapes = 0;
#pragma GCC unroll 4
  for (size_t k = 0; k < s.size(); ++k) {
    p[k] = s[k];
    escapes |= kEscapes[static_cast<unsigned char>(s[k])];
  }
  if (!escapes) {
    p[s.size()] = '"';
    return p + s.size() + 1;
  }
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    char e = kEscapes[c];
    if (!e) {
      *p++ = ch;
      continue;
    }
    *p++ = '\\';
    *p++ = e;
    if (e == 'u') {
      std::memcpy(p, "00", 2);
      p[2] = hex[c >> 4];
      p[3] = hex[c & 0xf];
      p += 4;
    }
  }
  *p++ = '"';  // UTF-8 passes through; invalid bytes come pre-escaped
  return p;
}

void appendJsonString(std::string& out, std::string_view s) {
  // Short strings (keys, names) through a stack buffer, one append.
  char buf[jsonStringText(64)];
  if (s.size() <= 64) {
    out.append(buf, static_cast<size_t>(putJsonString(buf, s) - buf));
    return;
  }
  size_t at = out.size();
  out.resize(at + jsonStringText(s.size()));
  out.resize(static_cast<size_t>(putJsonString(out.data() + at, s) - out.data()));
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
