/**
 * \file test-address.cc
 * Tests policy/base/address.cc: parsing, block edges, bogon classification.
 */
#include <boost/test/unit_test.hpp>

#include "policy/base/address.hh"

using namespace orchard;

BOOST_AUTO_TEST_SUITE(address)

BOOST_AUTO_TEST_CASE(parse_and_print) {
  BOOST_TEST(Address::parse("17.248.128.1")->toString() == "17.248.128.1");
  BOOST_TEST(Address::parse("2001:DB8::1")->toString() == "2001:db8::1");
  BOOST_TEST(!Address::parse("17.248.128"));
  BOOST_TEST(!Address::parse("apple.com"));
  BOOST_TEST(!Address::parse(""));
}

BOOST_AUTO_TEST_CASE(block_edges) {
  auto b = *AddressBlock::parse("17.248.128.0/18");
  BOOST_TEST(b.contains(*Address::parse("17.248.128.0")));
  BOOST_TEST(b.contains(*Address::parse("17.248.191.255")));
  BOOST_TEST(!b.contains(*Address::parse("17.248.192.0")));
  BOOST_TEST(!b.contains(*Address::parse("17.248.127.255")));
  BOOST_TEST(!b.contains(*Address::parse("::ffff:17.248.128.1")));  // other family
  auto v6 = *AddressBlock::parse("2001:db8::/32");
  BOOST_TEST(v6.contains(*Address::parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")));
  BOOST_TEST(!v6.contains(*Address::parse("2001:db9::")));
  BOOST_TEST(AddressBlock::parse("0.0.0.0/0")->contains(*Address::parse("255.255.255.255")));
}

BOOST_AUTO_TEST_CASE(block_parse_errors) {
  BOOST_TEST(!AddressBlock::parse("17.248.128.1/18"));  // host bits set
  BOOST_TEST(!AddressBlock::parse("17.0.0.0/33"));
  BOOST_TEST(!AddressBlock::parse("17.0.0.0/"));
  BOOST_TEST(!AddressBlock::parse("17.0.0.0/8x"));
  BOOST_TEST(AddressBlock::parse("17.0.0.1")->prefix == 32);
}

BOOST_AUTO_TEST_CASE(classification) {
  auto cls = [](const char* a) { return classify(*Address::parse(a)); };
  BOOST_TEST((cls("0.0.0.0") == AddressClass::sinkhole));
  BOOST_TEST((cls("0.1.2.3") == AddressClass::sinkhole));
  BOOST_TEST((cls("::") == AddressClass::sinkhole));
  BOOST_TEST((cls("127.0.0.1") == AddressClass::loopback));
  BOOST_TEST((cls("::1") == AddressClass::loopback));
  BOOST_TEST((cls("169.254.1.1") == AddressClass::linklocal));
  BOOST_TEST((cls("fe80::1") == AddressClass::linklocal));
  BOOST_TEST((cls("224.0.0.1") == AddressClass::multicast));
  BOOST_TEST((cls("ff02::1") == AddressClass::multicast));
  BOOST_TEST((cls("255.255.255.255") == AddressClass::broadcast));
  BOOST_TEST((cls("10.1.2.3") == AddressClass::private_));
  BOOST_TEST((cls("fd00::1") == AddressClass::private_));
  BOOST_TEST((cls("17.253.144.10") == AddressClass::routable));
  BOOST_TEST((cls("192.0.2.1") == AddressClass::routable));
  BOOST_TEST((cls("2001:db8::1") == AddressClass::routable));
}

BOOST_AUTO_TEST_SUITE_END()
