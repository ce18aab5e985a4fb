/**
 * \file test-format.cc
 * Tests policy/log/format.cc: the allocation-free texts equal their slower
 * counterparts: addresses inet_ntop's (Address::toString), directly and
 * through the thread's TextCache; decimals std::to_string's; wire names
 * DnsName::toString's, plain and as JSON strings.
 */
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "policy/base/json.hh"
#include "policy/log/format.hh"
#include "tests/unit/log/log_fixture.hh"

using namespace orchard;
using namespace orchard::test;

BOOST_AUTO_TEST_SUITE(log_format)

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

BOOST_AUTO_TEST_SUITE_END()
