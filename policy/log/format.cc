/**
 * \file format.cc
 * Allocation-free text pieces of the outcome line (see log/format.hh).
 * Byte classes, octet texts, digit pairs and the zero runs of IPv6
 * addresses come from tables built at compile time, so a piece costs a few
 * instructions per output byte.
 */
#include "policy/log/format.hh"

#include <array>
#include <cstring>
#include <ctime>

#include "policy/base/dns_name.hh"

namespace orchard {

namespace {

/** "00".."99". */
constexpr std::array<char, 200> kPairs = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) {
    t[2 * i] = static_cast<char>('0' + i / 10);
    t[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return t;
}();

char* putPair(char* p, unsigned v) {  // 0-99, two digits
  std::memcpy(p, &kPairs[2 * v], 2);
  return p + 2;
}

/** "0".."255" as the octets of a dotted quad, with their lengths. */
struct Octet {
  char text[3];
  uint8_t len;
};
constexpr std::array<Octet, 256> kOctets = [] {
  std::array<Octet, 256> t{};
  for (unsigned v = 0; v < 256; ++v) {
    Octet& o = t[v];
    if (v >= 100) o.text[o.len++] = static_cast<char>('0' + v / 100);
    if (v >= 10) o.text[o.len++] = static_cast<char>('0' + v / 10 % 10);
    o.text[o.len++] = static_cast<char>('0' + v % 10);
  }
  return t;
}();

char* putV4(char* p, const uint8_t* b) {
  for (int i = 0; i < 4; ++i) {
    const Octet& o = kOctets[b[i]];
    std::memcpy(p, o.text, 3);  // the buffer has room for the spare bytes
    p += o.len;
    *p++ = '.';
  }
  return p - 1;
}

char* putHex16(char* p, unsigned w) {  // no leading zeros
  static constexpr char digits[] = "0123456789abcdef";
  int n = w ? (35 - __builtin_clz(w)) / 4 : 1;  // 32-bit clz: 16-31 for 16-bit words
  for (int i = n - 1; i >= 0; --i, w >>= 4) p[i] = digits[w & 0xf];
  return p + n;
}

struct ZeroRun {
  int8_t base = -1, len = 0;
};

/** For each set of zero words (bit i: word i is zero), the longest run of
 *  them (the first of equals), if two or more: RFC 5952's "::". */
constexpr std::array<ZeroRun, 256> kZeroRuns = [] {
  std::array<ZeroRun, 256> t{};
  for (int mask = 0; mask < 256; ++mask) {
    ZeroRun best, cur;
    for (int i = 0; i <= 8; ++i) {
      if (i < 8 && (mask >> i & 1)) {
        if (cur.base < 0) cur = {static_cast<int8_t>(i), 0};
        ++cur.len;
        continue;
      }
      if (cur.base >= 0 && (best.base < 0 || cur.len > best.len)) best = cur;
      cur.base = -1;
    }
    t[mask] = best.len >= 2 ? best : ZeroRun{};
  }
  return t;
}();

/** inet_ntop's IPv6 text: RFC 5952 zero compression, and the embedded IPv4
 *  forms ::a.b.c.d and ::ffff:a.b.c.d as glibc writes them. */
char* putV6(char* p, const uint8_t* b) {
  unsigned words[8], zeros = 0;
  for (int i = 0; i < 8; ++i) {
    words[i] = unsigned{b[2 * i]} << 8 | b[2 * i + 1];
    zeros |= unsigned{words[i] == 0} << i;
  }
  ZeroRun z = kZeroRuns[zeros];
  for (int i = 0; i < 8; ++i) {
    if (i == z.base) {
      *p++ = ':';
      i += z.len - 1;
      continue;
    }
    if (i) *p++ = ':';
    if (i == 6 && z.base == 0 && (z.len == 6 || (z.len == 5 && words[5] == 0xffff)))
      return putV4(p, b + 12);
    p = putHex16(p, words[i]);
  }
  if (z.base >= 0 && z.base + z.len == 8) *p++ = ':';
  return p;
}

/** How DnsName::toString writes a label byte. */
enum ByteClass : uint8_t { plain, special, decimal };

constexpr std::array<uint8_t, 256> kNameBytes = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (c <= 0x20 || c >= 0x7f)
      t[c] = decimal;
    else if (c == '.' || c == '\\' || c == '"' || c == '#' || c == ';' || c == '(' || c == ')' ||
             c == '$' || c == '@')
      t[c] = special;
  }
  return t;
}();

char* putEscapedByte(char* p, uint8_t c, bool json) {
  *p++ = '\\';
  if (json) *p++ = '\\';
  if (kNameBytes[c] == special) {
    if (json && (c == '"' || c == '\\')) *p++ = '\\';
    *p++ = static_cast<char>(c);
    return p;
  }
  *p++ = static_cast<char>('0' + c / 100);
  return putPair(p, c % 100);
}

/** A label as DnsName::toString writes it: copied as it is while checking
 *  that no byte needs an escape (the usual case), else again, escaped. */
char* putLabel(char* p, const uint8_t* label, size_t n, bool json) {
  uint8_t classes = 0;
#pragma GCC unroll 4
  for (size_t k = 0; k < n; ++k) {
    p[k] = static_cast<char>(label[k]);
    classes |= kNameBytes[label[k]];
  }
  if (classes == plain) return p + n;
  for (const uint8_t *c = label, *end = c + n; c < end; ++c) {
    if (kNameBytes[*c] == plain)
      *p++ = static_cast<char>(*c);
    else
      p = putEscapedByte(p, *c, json);
  }
  return p;
}

/** For each byte in a name's text: 1 for a dot, 0 for a byte written as
 *  it is, more than a name has dots for one to escape. */
constexpr std::array<uint16_t, 256> kTextBytes = [] {
  std::array<uint16_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = kNameBytes[c] == plain ? 0 : 256;
  t['.'] = 1;
  return t;
}();

/** The usual name, whole: its wire bytes copied at once, the length
 *  octets turned into dots, and the text checked for any byte that needs
 *  an escape (a dot too many is one inside a label). Null if it needs
 *  escapes or is not a well-formed, root-terminated name: the label path
 *  then writes it again. */
char* putPlainName(char* p, const uint8_t* w, size_t size) {
  if (size < 2 || w[size - 1] != 0) return nullptr;
  size_t len = size - 2;  // without the first length octet and the root
  std::memcpy(p, w + 1, len);
  unsigned labels = 0;
  size_t i = 0;
  for (; i < size - 1 && w[i]; i += 1 + w[i], ++labels)
    if (i) p[i - 1] = '.';
  if (i != size - 1) return nullptr;  // a label runs past the root
  unsigned sum = 0;
#pragma GCC unroll 4
  for (size_t k = 0; k < len; ++k) sum += kTextBytes[static_cast<uint8_t>(p[k])];
  return sum == labels - 1 ? p + len : nullptr;
}

}  // namespace

TextCache& TextCache::forThisThread() {
  thread_local TextCache cache;
  return cache;
}

char* TextCache::putIsoTime(char* p, int64_t us) {
  // The date and time of day are formatted once per second, the
  // microseconds by hand.
  time_t secs = static_cast<time_t>(us / 1000000);
  int64_t frac = us % 1000000;
  if (frac < 0) {  // before 1970: keep the fraction positive
    frac += 1000000;
    --secs;
  }
  if (secs != secs_) {
    struct tm tm;
    gmtime_r(&secs, &tm);
    dateLen_ = std::strftime(date_, sizeof date_, "%Y-%m-%dT%H:%M:%S", &tm);
    secs_ = secs;
  }
  std::memcpy(p, date_, sizeof date_);  // whole: a fixed-size copy
  p += dateLen_;
  *p++ = '.';
  auto f = static_cast<unsigned>(frac);
  p = putPair(p, f / 10000);
  p = putPair(p, f / 100 % 100);
  p = putPair(p, f % 100);
  *p++ = 'Z';
  return p;
}

void TextCache::fill(AddressText& t, const Address& a, uint64_t lo, uint64_t hi) {
  t.lo = lo, t.hi = hi, t.family = static_cast<uint8_t>(a.family);
  t.len = static_cast<uint8_t>(orchard::putAddress(t.text, a) - t.text);
}

char* putIsoTime(char* p, int64_t us) { return TextCache::forThisThread().putIsoTime(p, us); }

char* putDecimal(char* p, uint64_t n) {
  if (n < 10) {
    *p = static_cast<char>('0' + n);
    return p + 1;
  }
  if (n < 100) return putPair(p, static_cast<unsigned>(n));
  char buf[kDecimalText];
  char* b = buf + sizeof buf;
  for (; n >= 100; n /= 100) {
    b -= 2;
    putPair(b, static_cast<unsigned>(n % 100));
  }
  if (n >= 10) {
    b -= 2;
    putPair(b, static_cast<unsigned>(n));
  } else {
    *--b = static_cast<char>('0' + n);
  }
  size_t len = static_cast<size_t>(buf + sizeof buf - b);
  std::memcpy(p, b, len);
  return p + len;
}

char* putDecimal(char* p, int64_t n) {
  if (n >= 0) return putDecimal(p, static_cast<uint64_t>(n));
  *p++ = '-';
  return putDecimal(p, uint64_t{0} - static_cast<uint64_t>(n));
}

char* putAddress(char* p, const Address& a) {
  return a.family == Family::v4 ? putV4(p, a.bytes.data()) : putV6(p, a.bytes.data());
}

char* putWireName(char* p, std::string_view wire, bool json) {
  if (json) *p++ = '"';
  if (wire.size() <= 1) *p++ = '.';
  wire = wire.substr(0, DnsName::kMaxWire);
  const auto* w = reinterpret_cast<const uint8_t*>(wire.data());
  if (char* end = putPlainName(p, w, wire.size())) {
    p = end;
  } else {
    for (size_t i = 0; i < wire.size();) {
      uint8_t n = w[i];
      if (n == 0 || i + 1 + n > wire.size()) break;
      if (i) *p++ = '.';
      p = putLabel(p, w + i + 1, n, json);
      i += 1 + n;
    }
  }
  if (json) *p++ = '"';
  return p;
}

void appendIsoTime(std::string& out, int64_t us) {
  char buf[kIsoTimeText];
  out.append(buf, static_cast<size_t>(putIsoTime(buf, us) - buf));
}

void appendDecimal(std::string& out, uint64_t n) {
  char buf[kDecimalText];
  out.append(buf, static_cast<size_t>(putDecimal(buf, n) - buf));
}

void appendDecimal(std::string& out, int64_t n) {
  char buf[kDecimalText + 1];
  out.append(buf, static_cast<size_t>(putDecimal(buf, n) - buf));
}

void appendAddress(std::string& out, const Address& a) {
  char buf[kAddressText + 4];
  out.append(buf, static_cast<size_t>(putAddress(buf, a) - buf));
}

void appendWireName(std::string& out, std::string_view wire, bool json) {
  char buf[wireNameText(DnsName::kMaxWire)];
  out.append(buf, static_cast<size_t>(putWireName(buf, wire, json) - buf));
}

}  // namespace orchard
