/**
 * \file test-dns-name.cc
 * Tests policy/dns_name.cc: presentation and wire parsing, limits, case.
 */
#include <boost/test/unit_test.hpp>

#include "policy/dns_name.hh"

using orchard::DnsName;

BOOST_AUTO_TEST_SUITE(dns_name)

BOOST_AUTO_TEST_CASE(labels_are_lower_cased_and_trailing_dot_is_optional) {
  DnsName a, b;
  BOOST_REQUIRE(a.parse("Gs.APPLE.com."));
  BOOST_REQUIRE(b.parse("gs.apple.com"));
  BOOST_TEST(a.labelCount() == 3u);
  BOOST_TEST(a.label(0) == "gs");
  BOOST_TEST(a.label(2) == "com");
  BOOST_TEST(a.toString() == b.toString());
}

BOOST_AUTO_TEST_CASE(rejects_empty_labels) {
  DnsName n;
  BOOST_TEST(!n.parse("a..b"));
  BOOST_TEST(!n.parse(".a"));
  BOOST_TEST(!n.parse(""));
  BOOST_TEST(!n.parse("a.b.."));
  BOOST_TEST(n.parse("."));
  BOOST_TEST(n.isRoot());
}

BOOST_AUTO_TEST_CASE(label_and_name_length_limits) {
  DnsName n;
  std::string l63(63, 'a'), l64(64, 'a');
  BOOST_TEST(n.parse(l63 + ".com"));
  BOOST_TEST(!n.parse(l64 + ".com"));
  // 253 characters of text is the longest name (255 wire octets).
  std::string name = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b');
  BOOST_REQUIRE_EQUAL(name.size(), 253u);
  BOOST_TEST(n.parse(name));
  BOOST_TEST(n.parse(name + "."));
  BOOST_TEST(!n.parse(name + "b"));
}

BOOST_AUTO_TEST_CASE(escapes_and_bytes_outside_ascii) {
  DnsName n;
  BOOST_REQUIRE(n.parse("a\\.b.apple.com"));
  BOOST_TEST(n.labelCount() == 3u);
  BOOST_TEST(n.label(0) == "a.b");
  BOOST_REQUIRE(n.parse("\\195\\169.apple.com"));
  BOOST_TEST(n.label(0) == "\xc3\xa9");
  BOOST_TEST(n.toString() == "\\195\\169.apple.com");
  BOOST_TEST(!n.parse("\\999.com"));
  BOOST_TEST(!n.parse("a\\"));
  // Only ASCII letters fold: 0xC3 stays 0xC3.
  BOOST_REQUIRE(n.parse("\xc3\x89.com"));
  BOOST_TEST(n.label(0) == "\xc3\x89");
}

BOOST_AUTO_TEST_CASE(wire_form) {
  const uint8_t wire[] = {2, 'G', 's', 5, 'a', 'p', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
  DnsName n;
  BOOST_REQUIRE(n.parseWire(wire, sizeof wire));
  BOOST_TEST(n.toString() == "gs.apple.com");
  BOOST_TEST(!n.parseWire(wire, sizeof wire - 1));  // no root label
  const uint8_t bad[] = {9, 'a', 0};
  BOOST_TEST(!n.parseWire(bad, sizeof bad));
  const uint8_t root[] = {0};
  BOOST_TEST(n.parseWire(root, 1));
  BOOST_TEST(n.isRoot());
}

BOOST_AUTO_TEST_SUITE_END()
