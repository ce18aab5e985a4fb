/**
 * \file test-verify-classify.cc
 * Tests tools/verify_classify.cc: how `orchardctl verify` judges a name's
 * answers from the site resolver and the reference.
 */
#include <boost/test/unit_test.hpp>

#include "tools/verify_classify.hh"

using namespace orchard;
using namespace orchard::ctl;

namespace {

Lookup answer(int rcode, std::vector<std::string> addrs = {}) {
  Lookup l;
  l.done = true;
  l.rcode = rcode;
  for (const auto& a : addrs) l.addresses.push_back(*Address::parse(a));
  return l;
}

NameResult result(Lookup a, Lookup aaaa = answer(0)) { return NameResult{a, aaaa}; }

DnsStatus judge(const NameResult& site, const NameResult* ref = nullptr) {
  return classifyDns(site, ref).status;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(verify_classify)

BOOST_AUTO_TEST_CASE(ok_and_nodata_aaaa) {
  BOOST_TEST((judge(result(answer(0, {"203.0.113.10"}))) == DnsStatus::ok));
  BOOST_TEST((judge(result(answer(0), answer(0, {"2001:db8::1"}))) == DnsStatus::ok));
}

BOOST_AUTO_TEST_CASE(sinkholes) {
  BOOST_TEST((judge(result(answer(0, {"0.0.0.0"}))) == DnsStatus::sinkholed));
  BOOST_TEST(
      (judge(result(answer(0, {"203.0.113.10"}), answer(0, {"::"}))) == DnsStatus::sinkholed));
  BOOST_TEST((judge(result(answer(0, {"127.0.0.1"}))) == DnsStatus::sinkholed));
  BOOST_TEST((judge(result(answer(0, {"10.1.2.3"}))) == DnsStatus::ok));  // private: by policy
}

BOOST_AUTO_TEST_CASE(blocked_needs_the_reference) {
  auto ref = result(answer(0, {"203.0.113.10"}));
  BOOST_TEST((judge(result(answer(3), answer(3))) == DnsStatus::nxdomain));
  BOOST_TEST((judge(result(answer(3), answer(3)), &ref) == DnsStatus::blocked));
  BOOST_TEST((judge(result(answer(5), answer(5)), &ref) == DnsStatus::blocked));
  BOOST_TEST((judge(result(answer(0), answer(0)), &ref) == DnsStatus::blocked));
  BOOST_TEST((judge(result(answer(0), answer(0))) == DnsStatus::nodata));
  auto refNx = result(answer(3), answer(3));
  BOOST_TEST((judge(result(answer(3), answer(3)), &refNx) == DnsStatus::nxdomain));
}

BOOST_AUTO_TEST_CASE(failures) {
  BOOST_TEST((judge(result(answer(2))) == DnsStatus::servfail));
  Lookup t;
  t.done = t.timedOut = true;
  BOOST_TEST((judge(result(t, answer(0, {"2001:db8::1"}))) == DnsStatus::timeout));
  Lookup e;
  e.done = true;
  e.error = "syntax error";
  BOOST_TEST((judge(result(e)) == DnsStatus::error));
  BOOST_TEST(isFailure(DnsStatus::blocked));
  BOOST_TEST(!isFailure(DnsStatus::differs));
}

BOOST_AUTO_TEST_CASE(differs_only_without_overlap) {
  auto ref = result(answer(0, {"198.51.100.41", "198.51.100.42"}));
  BOOST_TEST((judge(result(answer(0, {"198.51.100.42", "198.51.100.43"})), &ref) == DnsStatus::ok));
  BOOST_TEST((judge(result(answer(0, {"192.0.2.66"})), &ref) == DnsStatus::differs));
  BOOST_TEST((judge(result(answer(0, {"192.0.2.66"}))) == DnsStatus::ok));  // no reference
}

BOOST_AUTO_TEST_SUITE_END()
