/**
 * \file log_fixture.hh
 * What the outcome-log unit tests (tests/unit/log/) share: the reference
 * line (the JSON line as JsonWriter formatted it before LogLine existed: the
 * yardstick the fast formatters must equal byte for byte), random entries,
 * addresses and wire names to compare them on, and a catalog answer through
 * a CNAME, logged as the engine logs it.
 */
#pragma once

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <memory>
#include <random>
#include <string>

#include "policy/base/json.hh"
#include "policy/catalog/parser.hh"
#include "policy/engine.hh"
#include "policy/log/log_line.hh"
#include "policy/policy.hh"
#include "tests/unit/test_paths.hh"
#include "tests/unit/test_wire.hh"

namespace orchard::test {

/** "2026-11-29T06:29:27.123456Z" through gmtime_r and strftime. */
inline std::string referenceTime(int64_t us) {
  time_t secs = static_cast<time_t>(us / 1000000);
  int64_t frac = us % 1000000;
  if (frac < 0) frac += 1000000, --secs;
  struct tm tm;
  gmtime_r(&secs, &tm);
  char date[32], out[48];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(out, sizeof out, "%s.%06lldZ", date, static_cast<long long>(frac));
  return out;
}

/** The formatter the outcome line had before LogLine: the reference. */
inline std::string referenceLine(const LogEntry& e) {
  std::string out;
  JsonWriter w(out);
  w.beginObject().field("time", referenceTime(e.timeUs)).field("client", e.client);
  w.field("qname", e.qname).field("qtype", qtypeName(e.qtype)).key("rows").beginArray();
  for (const auto& r : e.rows)
    w.beginObject()
        .field("section", r.section)
        .field("pattern", r.pattern)
        .field("match", toString(r.how))
        .endObject();
  w.endArray().field("outcome", toString(e.kind)).field("reason", e.reason);
  w.field("rcode", unsigned{e.rcode}).field("source", toString(e.source));
  w.key("cnames").beginArray();
  for (const auto& c : e.cnames) w.value(c);
  w.endArray().key("addresses").beginArray();
  for (const auto& a : e.addresses)
    w.beginObject().field("address", a.address.toString()).field("ttl", a.ttl).endObject();
  w.endArray().field("admitted", static_cast<uint64_t>(e.admitted));
  w.field("thread", e.thread).endObject();
  return out;
}

struct Random {
  std::mt19937_64 gen{20261129};
  uint64_t below(uint64_t n) { return gen() % n; }
  std::string text(size_t max) {  // any bytes, specials and controls included
    static const char pool[] = "ab.-_\"\\\n\t/{}\x01\x7f\xc3\xa9 Zz09";
    std::string s(below(max + 1), ' ');
    for (auto& c : s) c = pool[below(sizeof pool - 1)];
    return s;
  }
  Address address() {
    Address a;
    a.family = below(2) ? Family::v4 : Family::v6;
    for (size_t i = 0; i < a.size(); ++i) a.bytes[i] = below(3) ? 0 : static_cast<uint8_t>(gen());
    if (a.family == Family::v6 && below(8) == 0) {  // ::ffff:a.b.c.d, ::a.b.c.d
      a.bytes = {};
      if (below(2)) a.bytes[10] = a.bytes[11] = 0xff;
      for (int i = 12; i < 16; ++i) a.bytes[i] = static_cast<uint8_t>(gen());
    }
    return a;
  }
  std::string wireName() {
    std::string w;
    for (size_t labels = below(5); labels > 0; --labels) {
      size_t n = 1 + below(12);
      w += static_cast<char>(n);
      for (size_t i = 0; i < n; ++i) w += static_cast<char>(below(4) ? 'a' + below(26) : gen());
    }
    return w + '\0';
  }
  std::string qname() {
    std::string w = wireName();
    DnsName n;
    BOOST_REQUIRE(n.parseWire(reinterpret_cast<const uint8_t*>(w.data()), w.size()));
    return n.toString();
  }
};

inline LogEntry randomEntry(Random& r) {
  LogEntry e;
  e.timeUs = static_cast<int64_t>(r.gen() % 4000000000000000ULL) - 100000000000000LL;
  if (r.below(4)) e.client = r.address().toString();
  e.qname = r.qname();
  e.qtype = static_cast<uint16_t>(r.below(3) ? (r.below(2) ? 1 : 28) : r.gen());
  e.rcode = static_cast<uint16_t>(r.below(6));
  e.source = static_cast<AnswerSource>(r.below(4));
  e.thread = static_cast<int>(r.below(5)) - 1;
  for (size_t n = r.below(4); n > 0; --n)
    e.rows.push_back({r.text(12), r.text(20), static_cast<PatternKind>(r.below(3))});
  e.kind = static_cast<OutcomeKind>(r.below(kOutcomeKinds));
  e.reason = r.text(30);
  for (size_t n = r.below(18); n > 0; --n) e.cnames.push_back(r.text(60));
  for (size_t n = r.below(30); n > 0; --n)
    e.addresses.push_back({r.address(), static_cast<uint32_t>(r.gen())});
  e.admitted = r.below(e.addresses.size() + 1);
  return e;
}

/** A catalog answer through a CNAME to `n` addresses (v4 and v6). */
inline Reply chainReply(size_t n) {
  Reply r;
  r.qname.parse("gs.apple.com");
  r.qtype = rrtype::A;
  r.source = AnswerSource::cache;
  r.client = Address::parse("198.51.100.9");
  r.thread = 0;
  r.answer = {{wire("gs.apple.com"), rrtype::CNAME, 120, wire("gs.cdn.example")}};
  for (size_t i = 0; i < n; ++i) {
    bool v6 = i % 2;
    std::string rdata =
        v6 ? std::string("\x20\x01\x0d\xb8", 4) + std::string(11, '\0') + static_cast<char>(i)
           : std::string("\xcb\x00\x71", 3) + static_cast<char>(i);
    r.answer.push_back({wire("gs.cdn.example"), v6 ? rrtype::AAAA : rrtype::A, 30, rdata});
  }
  return r;
}

/** chainReply(addresses) matched against the shipped catalog and
 *  classified, as the engine logs it. */
struct Logged {
  std::shared_ptr<const Policy> policy =
      std::make_shared<const Policy>(loadCatalog(shippedCatalogPath(), ""));
  Reply reply;
  Lookup lookup;
  Outcome outcome;
  explicit Logged(size_t addresses) : reply(chainReply(addresses)) {
    lookup.policy = policy.get();
    policy->matcher.match(reply.qname, lookup.matches);
    outcome = classifyReply(reply, false);
  }
  /** The log line the resolver thread fills for this answer. */
  LogLine line() const {
    LogLine r;
    r.fill(LogFacts{1795933767123456, reply, lookup.matches, policy->logRows, outcome});
    return r;
  }
  /** Its JSON line, by the reference formatter. */
  std::string expected() const {
    return referenceLine(makeLogEntry(lookup, reply, outcome, 1795933767123456));
  }
};

}  // namespace orchard::test
