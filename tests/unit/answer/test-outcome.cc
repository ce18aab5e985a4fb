/**
 * \file test-outcome.cc
 * Tests policy/answer/reply.cc (CNAME chains) and policy/answer/outcome.cc
 * (classification of answers, including blocked answers).
 */
#include <boost/test/unit_test.hpp>

#include "policy/answer/outcome.hh"
#include "tests/unit/test_wire.hh"

using namespace orchard;

namespace {

AnswerRecord cname(const std::string& owner, const std::string& target, uint32_t ttl = 120) {
  return {wire(owner), rrtype::CNAME, ttl, wire(target)};
}

AnswerRecord a(const std::string& owner, const char* addr, uint32_t ttl = 30) {
  auto ad = *Address::parse(addr);
  return {wire(owner), ad.family == Family::v4 ? rrtype::A : rrtype::AAAA, ttl,
          std::string(reinterpret_cast<const char*>(ad.bytes.data()), ad.size())};
}

Reply reply(const char* qname, uint16_t qtype = rrtype::A) {
  Reply r;
  r.qname.parse(qname);
  r.qtype = qtype;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outcome)

BOOST_AUTO_TEST_CASE(chain_is_followed_to_the_final_addresses) {
  Reply r = reply("Mesu.Apple.com");
  r.answer = {cname("mesu.apple.com", "mesu.apple.com.akadns.example", 120),
              cname("MESU.apple.com.akadns.example", "e2.cdn.example", 60),
              a("e2.cdn.example", "192.0.2.10"), a("e2.cdn.example", "192.0.2.11", 20),
              a("other.example", "198.51.100.1")};
  Outcome o = classifyReply(r, false);
  BOOST_TEST((o.kind == OutcomeKind::answered));
  BOOST_TEST(o.chain.cnames ==
             (std::vector<std::string>{"mesu.apple.com.akadns.example", "e2.cdn.example"}));
  BOOST_REQUIRE_EQUAL(o.chain.addresses.size(), 2u);
  BOOST_TEST(o.chain.addresses[1].address.toString() == "192.0.2.11");
  BOOST_TEST(o.chain.addresses[1].ttl == 20u);
  BOOST_TEST(o.chain.minCnameTtl == 60u);
  BOOST_TEST(o.admit.size() == 2u);
}

BOOST_AUTO_TEST_CASE(cname_loops_and_malformed_records_are_contained) {
  Reply r = reply("a.example");
  r.answer = {cname("a.example", "b.example"),
              cname("b.example", "a.example"),
              {wire("b.example"), rrtype::CNAME, 1,
               "\x05"
               "ab"},                                          // truncated target
              {wire("b.example"), rrtype::A, 1, "\x01\x02"}};  // short A rdata
  Outcome o = classifyReply(r, false);
  BOOST_TEST(o.chain.loop);
  BOOST_TEST(o.chain.cnames.size() == 1u);
  BOOST_TEST(o.chain.addresses.empty());
  BOOST_TEST((o.kind == OutcomeKind::nodata));
}

BOOST_AUTO_TEST_CASE(long_chains_are_truncated) {
  Reply r = reply("c0.example");
  for (int i = 0; i < 40; ++i)
    r.answer.push_back(
        cname("c" + std::to_string(i) + ".example", "c" + std::to_string(i + 1) + ".example"));
  Outcome o = classifyReply(r, false);
  BOOST_TEST(o.chain.truncated);
  BOOST_TEST(o.chain.cnames.size() == Chain::kMaxChain);
}

BOOST_AUTO_TEST_CASE(rcodes_and_sources) {
  struct Case {
    AnswerSource source;
    uint16_t rc;
    std::vector<AnswerRecord> answer;
    OutcomeKind kind;
    std::string reason;
  };
  const Case cases[] = {
      {AnswerSource::resolved, rcode::NXDOMAIN, {}, OutcomeKind::nxdomain, ""},
      {AnswerSource::cache, rcode::NOERROR, {}, OutcomeKind::nodata, ""},
      {AnswerSource::resolved, rcode::REFUSED, {}, OutcomeKind::refused, ""},
      {AnswerSource::servfail, rcode::SERVFAIL, {}, OutcomeKind::servfail, "resolution failed"},
      {AnswerSource::resolved, rcode::SERVFAIL, {}, OutcomeKind::servfail, "rcode 2"},
      {AnswerSource::local, rcode::NXDOMAIN, {}, OutcomeKind::blocked, "local data: nxdomain"},
      {AnswerSource::local, rcode::REFUSED, {}, OutcomeKind::blocked, "local data: refused"},
      {AnswerSource::local, rcode::NOERROR, {}, OutcomeKind::blocked, "local data: nodata"},
      {AnswerSource::local,
       rcode::NOERROR,
       {a("xp.apple.com", "0.0.0.0")},
       OutcomeKind::blocked,
       "local data: sinkhole 0.0.0.0"},
      {AnswerSource::resolved,
       rcode::NOERROR,
       {a("xp.apple.com", "127.0.0.1")},
       OutcomeKind::blocked,
       "answer: loopback 127.0.0.1"},
      {AnswerSource::resolved,
       rcode::NOERROR,
       {a("xp.apple.com", "10.0.0.1")},
       OutcomeKind::blocked,
       "answer: private 10.0.0.1"},
      {AnswerSource::local,
       rcode::NOERROR,
       {a("xp.apple.com", "192.0.2.1")},
       OutcomeKind::answered,
       ""},
  };
  for (const auto& c : cases) {
    Reply r = reply("xp.apple.com");
    r.source = c.source;
    r.rcode = c.rc;
    r.answer = c.answer;
    Outcome o = classifyReply(r, false);
    BOOST_TEST_CONTEXT(toString(c.source) << " rcode " << c.rc) {
      BOOST_TEST(toString(o.kind) == toString(c.kind));
      BOOST_TEST(o.reason == c.reason);
    }
  }
}

BOOST_AUTO_TEST_CASE(bogons_are_never_admitted_private_only_by_policy) {
  Reply r = reply("gs.apple.com");
  r.answer = {a("gs.apple.com", "0.0.0.0"), a("gs.apple.com", "192.0.2.5"),
              a("gs.apple.com", "10.1.1.1"), a("gs.apple.com", "::1")};
  Outcome strict = classifyReply(r, false);
  BOOST_TEST((strict.kind == OutcomeKind::answered));
  BOOST_REQUIRE_EQUAL(strict.admit.size(), 1u);
  BOOST_TEST(strict.admit[0].address.toString() == "192.0.2.5");
  BOOST_TEST(classifyReply(r, true).admit.size() == 2u);
}

BOOST_AUTO_TEST_CASE(only_answers_admit_addresses) {
  // Records sent with NXDOMAIN, REFUSED or SERVFAIL, or a blocked answer,
  // never reach the firewall sets (found by tests/fuzz/fuzz-dns-answer).
  for (auto [source, rc] : {std::pair{AnswerSource::local, rcode::NXDOMAIN},
                            std::pair{AnswerSource::resolved, rcode::REFUSED},
                            std::pair{AnswerSource::resolved, rcode::SERVFAIL},
                            std::pair{AnswerSource::servfail, rcode::SERVFAIL}}) {
    Reply r = reply("gs.apple.com");
    r.source = source;
    r.rcode = rc;
    r.answer = {a("gs.apple.com", "192.0.2.5")};
    BOOST_TEST(classifyReply(r, false).admit.empty(), toString(source) << " rcode " << rc);
  }
}

BOOST_AUTO_TEST_CASE(non_address_queries) {
  Reply r = reply("gs.apple.com", 16);  // TXT
  r.answer = {{wire("gs.apple.com"), 16, 60, "\x02hi"}};
  BOOST_TEST((classifyReply(r, false).kind == OutcomeKind::answered));
  r.answer.clear();
  BOOST_TEST((classifyReply(r, false).kind == OutcomeKind::nodata));
}

BOOST_AUTO_TEST_SUITE_END()
