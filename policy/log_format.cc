/**
 * \file log_format.cc
 * Allocation-free text pieces of the outcome line (see log_format.hh).
 */
#include "policy/log_format.hh"

#include <cstring>
#include <ctime>

#include "policy/dns_name.hh"

namespace orchard {

void appendIsoTime(std::string& out, int64_t us) {
  // The date and time of day are formatted once per second and thread (the
  // writer is one thread), the microseconds by hand.
  thread_local time_t cachedSecs = -1;
  thread_local char cached[32];
  thread_local size_t cachedLen = 0;
  time_t secs = static_cast<time_t>(us / 1000000);
  int64_t frac = us % 1000000;
  if (frac < 0) {  // before 1970: keep the fraction positive
    frac += 1000000;
    --secs;
  }
  if (secs != cachedSecs) {
    struct tm tm;
    gmtime_r(&secs, &tm);
    cachedLen = std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cachedSecs = secs;
  }
  char buf[48];
  std::memcpy(buf, cached, cachedLen);
  char* p = buf + cachedLen;
  *p++ = '.';
  for (int i = 5; i >= 0; --i, frac /= 10) p[i] = static_cast<char>('0' + frac % 10);
  p[6] = 'Z';
  out.append(buf, static_cast<size_t>(p + 7 - buf));
}

void appendDecimal(std::string& out, uint64_t n) {
  char buf[20];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n);
  out.append(p, static_cast<size_t>(buf + sizeof buf - p));
}

void appendDecimal(std::string& out, int64_t n) {
  if (n < 0) {
    out += '-';
    appendDecimal(out, uint64_t{0} - static_cast<uint64_t>(n));
  } else {
    appendDecimal(out, static_cast<uint64_t>(n));
  }
}

namespace {

char* putDecimal8(char* p, unsigned v) {  // 0-255
  if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
  if (v >= 10) *p++ = static_cast<char>('0' + v / 10 % 10);
  *p++ = static_cast<char>('0' + v % 10);
  return p;
}

char* putV4(char* p, const uint8_t* b) {
  for (int i = 0; i < 4; ++i) {
    if (i) *p++ = '.';
    p = putDecimal8(p, b[i]);
  }
  return p;
}

char* putHex16(char* p, unsigned w) {
  static const char digits[] = "0123456789abcdef";
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    unsigned d = (w >> shift) & 0xf;
    if (d || started || shift == 0) *p++ = digits[d], started = true;
  }
  return p;
}

struct ZeroRun {
  int base = -1, len = 0;
};

/** The longest run of zero words (the first of equals), if two or more. */
ZeroRun longestZeroRun(const unsigned* words) {
  ZeroRun best, cur;
  for (int i = 0; i <= 8; ++i) {
    if (i < 8 && words[i] == 0) {
      if (cur.base < 0) cur = {i, 0};
      ++cur.len;
      continue;
    }
    if (cur.base >= 0 && (best.base < 0 || cur.len > best.len)) best = cur;
    cur.base = -1;
  }
  return best.len >= 2 ? best : ZeroRun{};
}

/** inet_ntop's IPv6 text: RFC 5952 zero compression, and the embedded IPv4
 *  forms ::a.b.c.d and ::ffff:a.b.c.d as glibc writes them. */
char* putV6(char* p, const uint8_t* b) {
  unsigned words[8];
  for (int i = 0; i < 8; ++i) words[i] = unsigned{b[2 * i]} << 8 | b[2 * i + 1];
  ZeroRun z = longestZeroRun(words);
  for (int i = 0; i < 8; ++i) {
    if (z.base >= 0 && i >= z.base && i < z.base + z.len) {
      if (i == z.base) *p++ = ':';
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

bool zoneSpecial(uint8_t c) {
  return c == '.' || c == '\\' || c == '"' || c == '#' || c == ';' || c == '(' || c == ')' ||
         c == '$' || c == '@';
}

}  // namespace

void appendAddress(std::string& out, const Address& a) {
  char buf[48];
  char* end = a.family == Family::v4 ? putV4(buf, a.bytes.data()) : putV6(buf, a.bytes.data());
  out.append(buf, static_cast<size_t>(end - buf));
}

void appendWireName(std::string& out, std::string_view wire, bool json) {
  if (json) out += '"';
  if (wire.size() <= 1) out += '.';
  char buf[8 * 256];  // every byte escaped (\DDD, JSON-escaped \\DDD) at worst
  char* p = buf;
  auto backslash = [&p, json] {
    *p++ = '\\';
    if (json) *p++ = '\\';
  };
  wire = wire.substr(0, DnsName::kMaxWire);
  for (size_t i = 0; i < wire.size();) {
    auto n = static_cast<uint8_t>(wire[i]);
    if (n == 0 || i + 1 + n > wire.size()) break;
    if (i) *p++ = '.';
    for (size_t k = i + 1; k <= i + n; ++k) {
      auto c = static_cast<uint8_t>(wire[k]);
      if (zoneSpecial(c)) {
        backslash();
        if (json && c == '"') *p++ = '\\';
        if (json && c == '\\') *p++ = '\\';
        *p++ = static_cast<char>(c);
      } else if (c <= 0x20 || c >= 0x7f) {
        backslash();
        *p++ = static_cast<char>('0' + c / 100);
        *p++ = static_cast<char>('0' + c / 10 % 10);
        *p++ = static_cast<char>('0' + c % 10);
      } else {
        *p++ = static_cast<char>(c);
      }
    }
    i += 1 + n;
  }
  out.append(buf, static_cast<size_t>(p - buf));
  if (json) out += '"';
}

}  // namespace orchard
