/**
 * \file dns_name.cc
 * Parsing of presentation and wire names into DnsName (see base/dns_name.hh).
 *
 * Both forms end as a wire name in buf_: presentation text is first turned
 * into wire octets. The wire name is copied and case-folded in one pass,
 * eight bytes at a time (length octets are 0-63, never letters), and its
 * labels are indexed: one offset each.
 */
#include "policy/base/dns_name.hh"

#include <algorithm>
#include <cstdio>

namespace orchard {

namespace {

/** Lower-cases the ASCII letters among eight bytes at once. */
uint64_t foldCase8(uint64_t w) {
  constexpr uint64_t ones = 0x0101010101010101ULL;
  uint64_t low7 = w & (0x7f * ones);
  uint64_t aboveZ = low7 + (0x25 * ones);  // top bit set where low7 > 'Z'
  uint64_t fromA = low7 + (0x3f * ones);   // top bit set where low7 >= 'A'
  uint64_t upper = fromA & ~aboveZ & ~w & (0x80 * ones);
  return w | (upper >> 2);  // 0x80 >> 2 == 'a' - 'A'
}

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

/** Ends the label whose length octet is wire[lenAt]; the next octet is `at`. */
bool closeLabel(uint8_t* wire, size_t lenAt, size_t at) {
  size_t n = at - lenAt - 1;
  if (n == 0 || n > DnsName::kMaxLabel) return false;
  wire[lenAt] = static_cast<uint8_t>(n);
  return true;
}

}  // namespace

uint64_t DnsName::hashLabel(const uint8_t* p, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
  for (size_t at = 0; at < n; at += 8) {
    h = (h ^ word(p + at, n - at)) * 0xff51afd7ed558ccdULL;  // one multiply a word
    h ^= h >> 29;
  }
  return h;
}

// Inline (parseWire is their one caller): the calls cost what a short name does.
inline void DnsName::copyFolded(const uint8_t* wire, size_t n) {
  uint8_t* out = buf_.data();
  size_t at = 0;
  for (uint64_t w; at + 8 <= n; at += 8) {
    std::memcpy(&w, wire + at, 8);
    w = foldCase8(w);
    std::memcpy(out + at, &w, 8);
  }
  size_t rest = n - at;
  uint64_t tail = 0;  // the last `rest` octets, then zeros
  if (rest != 0 && n >= 8) {
    std::memcpy(&tail, wire + n - 8, 8);  // the word that ends at n
    tail >>= 8 * (8 - rest);
  } else if (rest != 0) {
    std::memcpy(&tail, wire, rest);  // a name shorter than a word
  }
  tail = foldCase8(tail);
  std::memcpy(out + at, &tail, 8);
  std::memset(out + at + 8, 0, 8);
}

inline bool DnsName::index() {
  // Locals: stores to off_ (bytes) would otherwise reload count_ and used_.
  size_t count = 0, used = used_;
  for (size_t i = 0; i < used;) {
    size_t n = buf_[i];
    if (n == 0) {
      count_ = count;
      used_ = i + 1;
      return true;
    }
    if (n > kMaxLabel || i + 1 + n >= used) return false;  // a root octet must follow
    off_[count++] = static_cast<uint8_t>(i + 1);
    i += 1 + n;
  }
  return false;  // no root octet
}

bool DnsName::parseWire(const uint8_t* wire, size_t len) {
  clear();
  used_ = std::min(len, kMaxWire);  // a longer name has no root octet in range
  copyFolded(wire, used_);
  if (!index()) return (clear(), false);
  return true;
}

bool DnsName::parse(std::string_view text) {
  clear();
  if (!text.empty() && text.back() == '.' && text != ".") {
    size_t slashes = 0;  // an odd count escapes the final dot
    while (slashes + 1 < text.size() && text[text.size() - 2 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 0) text.remove_suffix(1);
  }
  if (text.empty()) return false;
  std::array<uint8_t, kMaxWire + 1> wire;  // first `at` octets written
  size_t at = 0, lenAt = 0;                // lenAt: the open label's length octet
  for (size_t i = 0; i < text.size() && text != "."; ++i) {
    uint8_t c = static_cast<uint8_t>(text[i]);
    if (c == '.') {
      if (!closeLabel(wire.data(), lenAt, at)) return false;
      lenAt = at;
      continue;
    }
    if (c == '\\') {
      size_t used = readEscape(text, i + 1, c);
      if (used == 0) return false;
      i += used;
    }
    if (at == lenAt) ++at;                 // the label's first octet: after its length octet
    if (at + 1 >= kMaxWire) return false;  // with the root octet, over 255
    wire[at++] = c;
  }
  if (at != 0 && !closeLabel(wire.data(), lenAt, at)) return false;
  wire[at++] = 0;
  return parseWire(wire.data(), at);
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

uint64_t hashWire(std::string_view w) {
  auto word = [&w](size_t at) {
    uint64_t v;
    std::memcpy(&v, w.data() + at, 8);
    return v;
  };
  uint64_t h = w.size() * 0x9e3779b97f4a7c15u;
  if (w.size() < 8) {
    for (char c : w) h = (h ^ static_cast<uint8_t>(c)) * 0xbf58476d1ce4e5b9u;
  } else {  // the last word overlaps the one before it
    for (size_t i = 0; i + 8 < w.size(); i += 8) h = (h ^ word(i)) * 0xbf58476d1ce4e5b9u;
    h = (h ^ word(w.size() - 8)) * 0x94d049bb133111ebu;
  }
  return h ^ (h >> 31);
}

}  // namespace orchard
