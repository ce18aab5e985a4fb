/**
 * \file test-address-provenance.cc
 * Tests policy/log/address_provenance.cc: each address names the answer
 * that last carried it (name, CNAMEs, rows, TTL, times, how often), one
 * shared record per answer; the table starts afresh when full.
 */
#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include "policy/log/address_provenance.hh"
#include "tests/unit/log/log_fixture.hh"

using namespace orchard;
using namespace orchard::test;

namespace {

/** A catalog answer for `qname` at `us` with `addrs` (TTL `ttl`). */
LogLine provenanceLine(const std::string& qname, int64_t us, std::vector<std::string> addrs,
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

}  // namespace

BOOST_AUTO_TEST_SUITE(address_provenance)

BOOST_AUTO_TEST_CASE(provenance_reads_log_lines) {
  AddressProvenance prov;
  Logged l(4);
  LogLine r = l.line();
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

BOOST_AUTO_TEST_CASE(provenance_shares_a_record_per_answer) {
  AddressProvenance prov;
  std::vector<std::string> four = {"203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.1"};
  prov.add(provenanceLine("a.push.apple.com", 1000000, four, 60, {"a.cdn.example"}));
  BOOST_TEST(prov.size() == 3u);
  BOOST_TEST(prov.records() == 1u);  // one copy for the answer, not one per address
  BOOST_TEST(prov.find(*Address::parse("203.0.113.1"))->answers == 2u);  // listed twice

  // The same answer again, later and with a lower TTL: no new record, and
  // the time and TTL are this answer's.
  prov.add(provenanceLine("a.push.apple.com", 1700000, four, 59, {"a.cdn.example"}));
  BOOST_TEST(prov.records() == 1u);
  auto p = prov.find(*Address::parse("203.0.113.2"));
  BOOST_TEST_REQUIRE(p.has_value());
  BOOST_TEST(p->firstSeenUs == 1000000);
  BOOST_TEST(p->lastSeenUs == 1700000);
  BOOST_TEST(p->ttl == 59u);
  BOOST_TEST(p->answers == 2u);

  // Another name (or another chain) carries two of them: they name it, the
  // third still names the first answer.
  prov.add(provenanceLine("b.push.apple.com", 2000000, {"203.0.113.1", "203.0.113.2"}, 30));
  BOOST_TEST(prov.records() == 2u);
  BOOST_TEST(prov.find(*Address::parse("203.0.113.1"))->qname == "b.push.apple.com");
  BOOST_TEST(prov.find(*Address::parse("203.0.113.1"))->cnames.empty());
  BOOST_TEST(prov.find(*Address::parse("203.0.113.3"))->qname == "a.push.apple.com");
  BOOST_TEST(prov.find(*Address::parse("203.0.113.3"))->cnames ==
             std::vector<std::string>{"a.cdn.example"});
  prov.add(provenanceLine("a.push.apple.com", 2100000, four, 60, {"a2.cdn.example"}));
  BOOST_TEST(prov.find(*Address::parse("203.0.113.2"))->cnames ==
             std::vector<std::string>{"a2.cdn.example"});
  BOOST_TEST(prov.records() == 1u);  // no address refers to the older two
  BOOST_TEST(prov.find(*Address::parse("203.0.113.1"))->answers == 7u);  // 2 + 2 + 1 + 2
}

BOOST_AUTO_TEST_CASE(provenance_starts_afresh_when_full) {
  AddressProvenance prov(3);
  prov.add(provenanceLine("a.push.apple.com", 1, {"203.0.113.1", "203.0.113.2"}, 60));
  prov.add(provenanceLine("b.push.apple.com", 2, {"203.0.113.3", "203.0.113.4"}, 60));
  BOOST_TEST(prov.size() == 1u);  // the fourth found it full
  BOOST_TEST(prov.records() == 1u);
  BOOST_TEST(prov.find(*Address::parse("203.0.113.4"))->qname == "b.push.apple.com");
  BOOST_TEST(!prov.find(*Address::parse("203.0.113.3")).has_value());
  for (int i = 0; i < 100; ++i)  // records are reused, not accumulated
    prov.add(provenanceLine("n" + std::to_string(i) + ".push.apple.com", 3 + i,
                            {"203.0.113.4", "203.0.113.5"}, 60));
  BOOST_TEST(prov.records() == 1u);
  BOOST_TEST(prov.find(*Address::parse("203.0.113.5"))->qname == "n99.push.apple.com");
}

BOOST_AUTO_TEST_SUITE_END()
