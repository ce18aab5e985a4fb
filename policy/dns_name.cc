/**
 * \file dns_name.cc
 * Parsing of presentation and wire names into DnsName (see dns_name.hh).
 */
#include "policy/dns_name.hh"

#include <cstdio>

namespace orchard {

bool DnsName::push(const uint8_t* bytes, size_t n) {
  if (n == 0 || n > kMaxLabel || count_ >= kMaxLabels || wire_ + 1 + n > kMaxWire) return false;
  off_[count_] = static_cast<uint8_t>(used_);
  len_[count_] = static_cast<uint8_t>(n);
  uint32_t h = 2166136261u;  // FNV-1a, as hashLabel()
  for (size_t i = 0; i < n; ++i) {
    uint8_t c = foldCase(bytes[i]);
    buf_[used_ + i] = c;
    h = (h ^ c) * 16777619u;
  }
  hash_[count_] = h;
  used_ += n;
  wire_ += 1 + n;
  ++count_;
  return true;
}

namespace {

/** Reads one escape after a backslash; returns chars consumed or 0. */
size_t readEscape(std::string_view s, size_t i, uint8_t& out) {
  if (i >= s.size()) return 0;
  auto digit = [&](size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  if (!digit(i)) {
    out = static_cast<uint8_t>(s[i]);
    return 1;
  }
  if (!digit(i + 1) || !digit(i + 2)) return 0;
  int v = (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
  if (v > 255) return 0;
  out = static_cast<uint8_t>(v);
  return 3;
}

}  // namespace

bool DnsName::parse(std::string_view text) {
  clear();
  if (text == ".") return true;
  if (!text.empty() && text.back() == '.') {
    size_t slashes = 0;  // an odd count escapes the final dot
    while (slashes + 1 < text.size() && text[text.size() - 2 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 0) text.remove_suffix(1);
  }
  if (text.empty()) return false;
  std::array<uint8_t, kMaxLabel + 1> label{};
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    uint8_t c = static_cast<uint8_t>(text[i]);
    if (c == '.') {
      if (!push(label.data(), n)) return (clear(), false);
      n = 0;
      continue;
    }
    if (c == '\\') {
      size_t used = readEscape(text, i + 1, c);
      if (used == 0) return (clear(), false);
      i += used;
    }
    if (n > kMaxLabel) return (clear(), false);
    label[n++] = c;
  }
  if (!push(label.data(), n)) return (clear(), false);
  return true;
}

bool DnsName::parseWire(const uint8_t* wire, size_t len) {
  clear();
  size_t i = 0;
  while (i < len) {
    size_t n = wire[i];
    if (n == 0) return true;
    if (n > kMaxLabel || i + 1 + n > len || !push(wire + i + 1, n)) return (clear(), false);
    i += 1 + n;
  }
  return (clear(), false);  // no terminating root label
}

std::string DnsName::toString() const {
  std::string out;
  for (size_t i = 0; i < count_; ++i) {
    if (i) out += '.';
    for (char ch : label(i)) {
      auto c = static_cast<uint8_t>(ch);
      // Zone-file and state-file specials are escaped too: a name written
      // into an RPZ zone or the CNAME state file must read back the same.
      if (c == '.' || c == '\\' || c == '"' || c == '#' || c == ';' || c == '(' || c == ')' ||
          c == '$' || c == '@') {
        out += '\\';
        out += ch;
      } else if (c <= 0x20 || c >= 0x7f) {
        char esc[5];
        std::snprintf(esc, sizeof esc, "\\%03u", c);
        out += esc;
      } else {
        out += ch;
      }
    }
  }
  return count_ ? out : ".";
}

}  // namespace orchard
