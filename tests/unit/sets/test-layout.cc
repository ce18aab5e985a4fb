/**
 * \file test-layout.cc
 * Tests policy/sets/layout.cc and policy/sets/timeout.hh on the shipped
 * catalog: set names, static contents, elements per answer (union of ports
 * across rows, one protocol per row), and timeouts with floor, ceiling and
 * grace.
 */
#include <boost/test/unit_test.hpp>

#include "policy/catalog/parser.hh"
#include "policy/policy.hh"
#include "policy/sets/layout.hh"
#include "policy/sets/timeout.hh"
#include "tests/unit/test_paths.hh"

using namespace orchard;

namespace {

const Policy& shipped() {
  static Policy p(loadCatalog(shippedCatalogPath(), ""));
  return p;
}

std::vector<std::string> elementsOf(const SetLayout& l, const std::string& name,
                                    const std::string& address) {
  MatchList m = shipped().matcher.match(name);
  std::vector<SetElement> out;
  l.elementsFor(shipped().catalog, m, *Address::parse(address), out);
  std::vector<std::string> text;
  for (const auto& e : out) text.push_back(l.set(e.set).name + " " + toString(e, l.set(e.set)));
  std::sort(text.begin(), text.end());
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(set_layout)

BOOST_AUTO_TEST_CASE(service_mode_names_and_statics) {
  SetLayout l(shipped().catalog, SetOptions{});
  BOOST_REQUIRE(l.sets().size() == 3u);
  BOOST_TEST(l.set(0).name == "orchard4");
  BOOST_TEST(l.set(1).name == "orchard6");
  BOOST_TEST(l.set(2).name == "orchard4_blocks");
  BOOST_TEST((l.set(2).kind == SetKind::blocks));
  BOOST_TEST(l.statics().size() == 3u);  // the three notarization blocks, tcp/443
  for (const auto& s : l.statics()) {
    BOOST_TEST(s.portFirst == 443);
    BOOST_TEST(s.portLast == 443);
  }
}

BOOST_AUTO_TEST_CASE(apple_block_adds_a_nets_set) {
  SetOptions o;
  o.appleBlock = true;
  o.prefix = "apple";
  SetLayout l(shipped().catalog, o);
  auto nets = l.find("apple4_nets");
  BOOST_REQUIRE(nets.has_value());
  size_t n = 0;
  for (const auto& s : l.statics())
    if (s.set == *nets) {
      ++n;
      BOOST_TEST(s.block.toString() == "17.0.0.0/8");
    }
  BOOST_TEST(n == 1u);
}

BOOST_AUTO_TEST_CASE(elements_follow_rows) {
  SetLayout l(shipped().catalog, SetOptions{});
  BOOST_TEST(elementsOf(l, "time.apple.com", "17.253.4.125") ==
                 std::vector<std::string>{"orchard4 17.253.4.125 . udp . 123"},
             boost::test_tools::per_element());
  // gs.apple.com is in two sections: one element per distinct service.
  auto gs = elementsOf(l, "gs.apple.com", "2001:db8::5");
  BOOST_TEST(gs.size() >= 1u);
  BOOST_TEST(gs[0] == "orchard6 2001:db8::5 . tcp . 443");
  BOOST_TEST((std::adjacent_find(gs.begin(), gs.end()) == gs.end()));
  auto push = elementsOf(l, "1-courier.push.apple.com", "192.0.2.9");
  BOOST_TEST(push == (std::vector<std::string>{
                         "orchard4 192.0.2.9 . tcp . 2197", "orchard4 192.0.2.9 . tcp . 443",
                         "orchard4 192.0.2.9 . tcp . 5223", "orchard4 192.0.2.9 . tcp . 80"}),
             boost::test_tools::per_element());
  BOOST_TEST(elementsOf(l, "evilapple.com", "192.0.2.9").empty());
}

BOOST_AUTO_TEST_CASE(section_mode) {
  SetOptions o;
  o.mode = SetMode::section;
  SetLayout l(shipped().catalog, o);
  BOOST_TEST(l.find("orchard4_device_setup").has_value());
  BOOST_TEST(l.find("orchard6_certificate_validation").has_value());
  BOOST_TEST(l.find("orchard4_blocks").has_value());
  BOOST_TEST(elementsOf(l, "time.apple.com", "192.0.2.1") ==
                 std::vector<std::string>{"orchard4_device_setup 192.0.2.1"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_names_are_refused) {
  SetOptions o;
  o.prefix = "a_very_long_prefix_x";
  o.mode = SetMode::section;
  BOOST_CHECK_THROW(SetLayout(shipped().catalog, o), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(last_address_of_a_block) {
  BOOST_TEST(lastAddress(*AddressBlock::parse("17.248.128.0/18")).toString() == "17.248.191.255");
  BOOST_TEST(lastAddress(*AddressBlock::parse("2001:db8::/32")).toString() ==
             "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
}

BOOST_AUTO_TEST_CASE(timeouts_floor_ceiling_grace) {
  SetOptions o;  // floor 300, ceiling 86400, grace 60
  SetTimeout t = setTimeoutFor(30, o);
  BOOST_TEST(t.timeoutMs == 300000);  // floor
  BOOST_TEST(t.requiredMs == 59000);  // ttl + grace/2, less the second of TTL rounding
  t = setTimeoutFor(3600, o);
  BOOST_TEST(t.timeoutMs == 3660000);
  BOOST_TEST(t.requiredMs == 3629000);
  t = setTimeoutFor(7 * 86400, o);
  BOOST_TEST(t.timeoutMs == 86400000);   // ceiling
  BOOST_TEST(t.requiredMs == 43199000);  // half the ceiling: no refresh on every hit
  o.timeoutFloor = 10;
  o.grace = 0;
  BOOST_TEST(setTimeoutFor(0, o).timeoutMs == 10000);
}

BOOST_AUTO_TEST_SUITE_END()
