/**
 * \file test-log-line.cc
 * Tests policy/log/log_line.cc, policy/log/format.cc and policy/log/rows.cc:
 * the queued record gives byte for byte the JSON line of the former
 * JsonWriter formatter (kept below as the reference) for random entries;
 * the allocation-free address and name texts equal inet_ntop's and
 * DnsName::toString's; records spill without loss, copy deeply, and name
 * their rows after the policy that made them is gone; the recent-outcome
 * ring and address provenance read records, share them and stay bounded;
 * their lock excludes.
 */
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <random>
#include <thread>

#include "policy/base/json.hh"
#include "policy/catalog/parser.hh"
#include "policy/engine.hh"
#include "policy/log/address_provenance.hh"
#include "policy/log/format.hh"
#include "policy/log/line_memo.hh"
#include "policy/log/log_line.hh"
#include "policy/log/outcome_log.hh"
#include "policy/log/recent_outcomes.hh"
#include "policy/log/table_lock.hh"
#include "policy/policy.hh"
#include "tests/unit/test_paths.hh"
#include "tests/unit/test_wire.hh"

using namespace orchard;

namespace {

std::string referenceTime(int64_t us) {
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

/** The formatter the outcome line had before records: the reference. */
std::string referenceLine(const LogEntry& e) {
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

LogEntry randomEntry(Random& r) {
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

void requireSameEntry(const LogEntry& a, const LogEntry& b) {
  BOOST_TEST(a.timeUs == b.timeUs);
  BOOST_TEST(a.client == b.client);
  BOOST_TEST(a.qname == b.qname);
  BOOST_TEST(a.rows.size() == b.rows.size());
  BOOST_TEST(a.cnames == b.cnames);
  BOOST_TEST(a.addresses.size() == b.addresses.size());
  for (size_t i = 0; i < std::min(a.addresses.size(), b.addresses.size()); ++i)
    BOOST_TEST((a.addresses[i].address == b.addresses[i].address &&
                a.addresses[i].ttl == b.addresses[i].ttl));
  BOOST_TEST(referenceLine(a) == referenceLine(b));
}

/** A catalog answer through a CNAME to `n` addresses (v4 and v6). */
Reply chainReply(size_t n) {
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
  LogLine record() const {
    LogLine r;
    r.fill(LogFacts{1795933767123456, reply, lookup.matches, policy->logRows, outcome});
    return r;
  }
  std::string expected() const {
    return referenceLine(makeLogEntry(lookup, reply, outcome, 1795933767123456));
  }
};

std::string json(const LogLine& r) {
  std::string out;
  r.appendJson(out);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_record)

BOOST_AUTO_TEST_CASE(line_is_the_reference_line_for_random_entries) {
  Random rnd;
  for (int i = 0; i < 3000; ++i) {
    LogEntry e = randomEntry(rnd);
    std::string want = referenceLine(e);
    BOOST_TEST_REQUIRE(formatLogLine(e) == want, "entry " << i);
    LogLine r;
    r.fill(e);
    requireSameEntry(r.expand(), e);
  }
}

BOOST_AUTO_TEST_CASE(line_memo_writes_the_reference_line) {
  // Cache answers logged again (another time, client, thread) reuse the
  // middle of their line; any other change to the answer must not.
  Random rnd;
  LineMemo memo;
  auto check = [&memo](const LogEntry& e) {
    LogLine r;
    r.fill(e);
    std::string got;
    memo.append(r, got);
    BOOST_TEST_REQUIRE(got == referenceLine(e));
  };
  for (int i = 0; i < 2000; ++i) {
    LogEntry e = randomEntry(rnd);
    e.source = rnd.below(8) ? AnswerSource::cache : AnswerSource::resolved;
    check(e);
    e.timeUs += 1 + static_cast<int64_t>(rnd.below(999999));
    e.client = rnd.below(2) ? rnd.address().toString() : "";
    e.thread = static_cast<int>(rnd.below(5)) - 1;
    check(e);  // the same answer again
    switch (rnd.below(5)) {
      case 0:
        if (!e.addresses.empty()) ++e.addresses.back().ttl;
        break;
      case 1:
        e.kind = static_cast<OutcomeKind>((static_cast<size_t>(e.kind) + 1) % kOutcomeKinds);
        break;
      case 2: e.reason += "x"; break;
      case 3: e.admitted = e.admitted ? e.admitted - 1 : e.addresses.size(); break;
      default: e.rcode = static_cast<uint16_t>(e.rcode + 1); break;
    }
    check(e);  // another answer for the same name
  }
  BOOST_TEST(memo.reused() > 1000u);
}

BOOST_AUTO_TEST_CASE(address_text_is_inet_ntop) {
  Random rnd;
  TextCache& cache = TextCache::forThisThread();
  std::vector<Address> seen;
  for (int i = 0; i < 20000; ++i) {
    Address a = rnd.address();
    std::string s;
    appendAddress(s, a);
    BOOST_TEST_REQUIRE(s == a.toString());
    // Through the cache: formatted and kept, then the kept text, for this
    // address and for one seen before (likely replaced since).
    seen.push_back(a);
    for (const Address& b : {a, a, seen[rnd.below(seen.size())]}) {
      char buf[kAddressText];
      BOOST_TEST_REQUIRE(std::string(buf, cache.putAddress(buf, b)) == b.toString());
    }
  }
  for (unsigned zeros = 0; zeros < 256; ++zeros) {  // every pattern of zero words
    Address a;
    a.family = Family::v6;
    for (int w = 0; w < 8; ++w)
      a.bytes[2 * w + 1] = (zeros >> w & 1) ? 0 : static_cast<uint8_t>(w + 1);
    std::string s;
    appendAddress(s, a);
    BOOST_TEST_REQUIRE(s == a.toString(), "zero words " << zeros);
  }
}

BOOST_AUTO_TEST_CASE(decimal_text_is_to_string) {
  for (uint64_t n : {0ull, 9ull, 10ull, 99ull, 100ull, 101ull, 999ull, 1000ull, 4294967295ull,
                     18446744073709551615ull}) {
    std::string s;
    appendDecimal(s, n);
    BOOST_TEST(s == std::to_string(n));
  }
  for (int64_t n : {int64_t{-1}, int64_t{-99}, int64_t{-100}, INT64_MIN, INT64_MAX}) {
    std::string s;
    appendDecimal(s, n);
    BOOST_TEST(s == std::to_string(n));
  }
}

BOOST_AUTO_TEST_CASE(name_text_is_dns_name_text) {
  Random rnd;
  for (int i = 0; i < 20000; ++i) {
    std::string w = rnd.wireName();
    DnsName n;
    BOOST_REQUIRE(n.parseWire(reinterpret_cast<const uint8_t*>(w.data()), w.size()));
    std::string_view canonical = n.wire();
    std::string plain, quoted, want;
    appendWireName(plain, canonical);
    appendWireName(quoted, canonical, true);
    appendJsonString(want, n.toString());
    BOOST_TEST_REQUIRE(plain == n.toString());
    BOOST_TEST_REQUIRE(quoted == want);
  }
}

BOOST_AUTO_TEST_CASE(answer_record_is_the_answer_line_inline_or_spilled) {
  for (size_t n : {1, 4, 40}) {
    Logged l(n);
    LogLine r = l.record();
    BOOST_TEST(r.spilled() == (n == 40));
    BOOST_TEST(json(r) == l.expected());
    BOOST_TEST(r.addressCount() == n);
  }
}

BOOST_AUTO_TEST_CASE(rows_outlive_their_policy) {
  LogLine r;
  std::string want;
  {
    Logged l(2);
    r = l.record();
    want = l.expected();
  }  // the policy, its catalog and rows are freed, as after a reload
  BOOST_TEST(json(r) == want);
  Logged again(2);  // the same catalog again: the same ids
  BOOST_TEST(again.policy->logRows.size() == again.policy->catalog.rows().size());
  BOOST_TEST(internLogRows(again.policy->catalog) == again.policy->logRows);
  BOOST_TEST(internLogRow("s", "p") == internLogRow("s", "p"));
  BOOST_TEST(internLogRow("s", "p") != internLogRow("s", "q"));
  BOOST_TEST(logRowText(internLogRow("a\"b", "c")).element(1) ==
             R"({"section":"a\"b","pattern":"c","match":"wildcard"})");
  BOOST_TEST(logRowText(internLogRow("a\"b", "c")).element(7) ==
             R"({"section":"a\"b","pattern":"c","match":"?"})");
  BOOST_TEST(maxLogRowElement() >= logRowText(internLogRow("a\"b", "c")).element(1).size());
}

BOOST_AUTO_TEST_CASE(copies_are_deep) {
  Logged l(40);
  std::string want = l.expected();
  auto original = std::make_unique<LogLine>(l.record());
  LogLine copy(*original), assigned;
  assigned = *original;
  LogLine moved(std::move(*original));
  original.reset();
  BOOST_TEST(json(copy) == want);
  BOOST_TEST(json(assigned) == want);
  BOOST_TEST(json(moved) == want);
  copy = copy;  // self-assignment keeps it
  BOOST_TEST(json(copy) == want);
}

BOOST_AUTO_TEST_CASE(recent_outcomes_keep_records) {
  RecentOutcomes recent(3, 2);
  Random rnd;
  std::vector<LogEntry> added;
  for (int i = 0; i < 5; ++i) {
    LogEntry e = randomEntry(rnd);
    e.kind = i == 3 ? OutcomeKind::blocked : OutcomeKind::answered;
    LogLine r;
    r.fill(e);
    recent.add(r);
    added.push_back(e);
  }
  std::vector<LogEntry> all = recent.list({});
  BOOST_TEST_REQUIRE(all.size() == 3u);  // the last three, oldest first
  for (int i = 0; i < 3; ++i) BOOST_TEST(formatLogLine(all[i]) == formatLogLine(added[2 + i]));
  RecentFilter blocked;
  blocked.blockedOnly = true;
  BOOST_TEST(recent.list(blocked).size() == 1u);
  RecentFilter byName;
  byName.name = added[4].qname;
  BOOST_TEST(recent.list(byName).size() >= 1u);
  auto last = recent.last(added[4].qname);
  BOOST_TEST_REQUIRE(last.has_value());
  BOOST_TEST(formatLogLine(*last) == formatLogLine(added[4]));
  BOOST_TEST(!recent.last("never.example").has_value());
}

BOOST_AUTO_TEST_CASE(provenance_reads_records) {
  AddressProvenance prov;
  Logged l(4);
  LogLine r = l.record();
  prov.add(r);
  prov.add(r);
  auto p = prov.find(*Address::parse("203.0.113.2"));
  BOOST_TEST_REQUIRE(p.has_value());
  BOOST_TEST(p->qname == "gs.apple.com");
  BOOST_TEST(p->cnames == std::vector<std::string>{"gs.cdn.example"});
  BOOST_TEST(p->answers == 2u);
  BOOST_TEST(p->ttl == 30u);
  BOOST_TEST(p->refused == "");
  BOOST_TEST(!p->rows.empty());
  BOOST_TEST(p->rows[0].pattern == "gs.apple.com");
  BOOST_TEST(prov.find(*Address::parse("2001:db8::3")).has_value());
  BOOST_TEST(!prov.find(*Address::parse("203.0.113.3")).has_value());
  BOOST_TEST(prov.size() == 4u);
}

BOOST_AUTO_TEST_CASE(recent_names_are_bounded_and_keep_the_latest) {
  RecentOutcomes recent(4, 8);  // 2 sets of 4 ways
  auto entry = [](const std::string& name, int64_t us) {
    LogEntry e;
    e.qname = name;
    e.timeUs = us;
    LogLine r;
    r.fill(e);
    return r;
  };
  std::vector<std::string> names;
  for (int i = 0; i < 200; ++i) {
    names.push_back("n" + std::to_string(i) + ".example");
    recent.add(entry(names.back(), i));
    if (i % 3 == 0) recent.add(entry("kept.example", 1000 + i));  // logged again and again
    BOOST_TEST_REQUIRE(recent.last(names.back()).has_value(), "name " << i);
    BOOST_TEST_REQUIRE(recent.last("kept.example")->timeUs == 1000 + i / 3 * 3);
  }
  size_t held = 0;
  for (const auto& n : names) held += recent.last(n).has_value();
  BOOST_TEST(held >= 4u);  // the newest of each set are there
  BOOST_TEST(held <= 7u);  // 8 ways, one of them kept.example's
  BOOST_TEST(recent.list({}).size() == 4u);
  RecentOutcomes none(4, 0);
  none.add(entry("a.example", 1));
  BOOST_TEST(!none.last("a.example").has_value());
  BOOST_TEST(none.list({}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(record_table_lock_excludes) {
  LogTableLock lock;
  uint64_t counter = 0;  // not atomic: only the lock keeps the increments whole
  auto work = [&] {
    for (int i = 0; i < 200000; ++i) {
      std::lock_guard guard(lock);
      ++counter;
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  BOOST_TEST(counter == 400000u);
}

/** A catalog answer for `qname` at `us` with `addrs` (TTL `ttl`). */
LogLine provenanceRecord(const std::string& qname, int64_t us, std::vector<std::string> addrs,
                         uint32_t ttl, std::vector<std::string> cnames = {}) {
  LogEntry e;
  e.timeUs = us;
  e.qname = qname;
  e.rows.push_back({"device-management", "*.push.apple.com", PatternKind::wildcard});
  e.cnames = std::move(cnames);
  for (const auto& a : addrs) e.addresses.push_back({*Address::parse(a), ttl});
  LogLine r;
  r.fill(e);
  return r;
}

BOOST_AUTO_TEST_CASE(provenance_shares_a_record_per_answer) {
  AddressProvenance prov;
  std::vector<std::string> four = {"203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.1"};
  prov.add(provenanceRecord("a.push.apple.com", 1000000, four, 60, {"a.cdn.example"}));
  BOOST_TEST(prov.size() == 3u);
  BOOST_TEST(prov.records() == 1u);  // one copy for the answer, not one per address
  BOOST_TEST(prov.find(*Address::parse("203.0.113.1"))->answers == 2u);  // listed twice

  // The same answer again, later and with a lower TTL: no new record, and
  // the time and TTL are this answer's.
  prov.add(provenanceRecord("a.push.apple.com", 1700000, four, 59, {"a.cdn.example"}));
  BOOST_TEST(prov.records() == 1u);
  auto p = prov.find(*Address::parse("203.0.113.2"));
  BOOST_TEST_REQUIRE(p.has_value());
  BOOST_TEST(p->firstSeenUs == 1000000);
  BOOST_TEST(p->lastSeenUs == 1700000);
  BOOST_TEST(p->ttl == 59u);
  BOOST_TEST(p->answers == 2u);

  // Another name (or another chain) carries two of them: they name it, the
  // third still names the first answer.
  prov.add(provenanceRecord("b.push.apple.com", 2000000, {"203.0.113.1", "203.0.113.2"}, 30));
  BOOST_TEST(prov.records() == 2u);
  BOOST_TEST(prov.find(*Address::parse("203.0.113.1"))->qname == "b.push.apple.com");
  BOOST_TEST(prov.find(*Address::parse("203.0.113.1"))->cnames.empty());
  BOOST_TEST(prov.find(*Address::parse("203.0.113.3"))->qname == "a.push.apple.com");
  BOOST_TEST(prov.find(*Address::parse("203.0.113.3"))->cnames ==
             std::vector<std::string>{"a.cdn.example"});
  prov.add(provenanceRecord("a.push.apple.com", 2100000, four, 60, {"a2.cdn.example"}));
  BOOST_TEST(prov.find(*Address::parse("203.0.113.2"))->cnames ==
             std::vector<std::string>{"a2.cdn.example"});
  BOOST_TEST(prov.records() == 1u);  // no address refers to the older two
  BOOST_TEST(prov.find(*Address::parse("203.0.113.1"))->answers == 7u);  // 2 + 2 + 1 + 2
}

BOOST_AUTO_TEST_CASE(provenance_starts_afresh_when_full) {
  AddressProvenance prov(3);
  prov.add(provenanceRecord("a.push.apple.com", 1, {"203.0.113.1", "203.0.113.2"}, 60));
  prov.add(provenanceRecord("b.push.apple.com", 2, {"203.0.113.3", "203.0.113.4"}, 60));
  BOOST_TEST(prov.size() == 1u);  // the fourth found it full
  BOOST_TEST(prov.records() == 1u);
  BOOST_TEST(prov.find(*Address::parse("203.0.113.4"))->qname == "b.push.apple.com");
  BOOST_TEST(!prov.find(*Address::parse("203.0.113.3")).has_value());
  for (int i = 0; i < 100; ++i)  // records are reused, not accumulated
    prov.add(provenanceRecord("n" + std::to_string(i) + ".push.apple.com", 3 + i,
                              {"203.0.113.4", "203.0.113.5"}, 60));
  BOOST_TEST(prov.records() == 1u);
  BOOST_TEST(prov.find(*Address::parse("203.0.113.5"))->qname == "n99.push.apple.com");
}

BOOST_AUTO_TEST_SUITE_END()
