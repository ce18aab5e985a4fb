/**
 * \file test-dns-name.cc
 * Tests policy/dns_name.cc: presentation and wire parsing, limits, case.
 */
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

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

// Parsing folds and hashes eight bytes at a time: check every position of a
// word, bytes next to the letters' range, and length octets inside words.
BOOST_AUTO_TEST_CASE(word_at_a_time_folding_and_hashing) {
  DnsName upper, lower;
  std::string up = "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{.Z.Q1234567890", low = up;
  for (auto& c : low) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  BOOST_REQUIRE(upper.parse(up));
  BOOST_REQUIRE(lower.parse(low));
  BOOST_TEST(upper.label(0) == "abcdefghijklmnopqrstuvwxyz@[`{");  // '@' '[' '`' '{' stay
  for (size_t i = 0; i < upper.labelCount(); ++i) {
    BOOST_TEST(upper.label(i) == lower.label(i));
    BOOST_TEST(upper.labelHash(i) == lower.labelHash(i));
  }
  // Labels equal in their first 16 bytes but not after hash differently.
  DnsName a, b;
  BOOST_REQUIRE(a.parse(std::string(16, 'x') + "a.com"));
  BOOST_REQUIRE(b.parse(std::string(16, 'x') + "b.com"));
  BOOST_TEST(a.labelHash(0) != b.labelHash(0));
  BOOST_TEST(a.labelHash(1) == b.labelHash(1));
  // Bytes 0x00-0x3f inside a label look like length octets: they are data.
  BOOST_REQUIRE(a.parse("\\000\\003x.com"));
  BOOST_TEST(a.labelCount() == 2u);
  BOOST_TEST(a.label(0) == std::string("\0\3x", 3));
  BOOST_TEST(a.toString() == "\\000\\003x.com");
}

BOOST_AUTO_TEST_CASE(wire_limits_and_trailing_octets) {
  DnsName n;
  // Octets after the root label are not part of the name.
  const uint8_t trailing[] = {1, 'A', 0, 0xff, 0xff};
  BOOST_REQUIRE(n.parseWire(trailing, sizeof trailing));
  BOOST_TEST(n.toString() == "a");
  // 255 octets is the limit, root octet included.
  std::vector<uint8_t> wire;
  for (int i = 0; i < 4; ++i) {
    wire.push_back(63);
    wire.insert(wire.end(), 63, 'A');
  }
  wire.resize(254);  // four labels of 63 would be 256 octets: cut the last
  wire[192] = 61;
  wire.push_back(0);
  BOOST_REQUIRE_EQUAL(wire.size(), 255u);
  BOOST_TEST(n.parseWire(wire.data(), wire.size()));
  BOOST_TEST(n.labelCount() == 4u);
  BOOST_TEST(n.label(3) == std::string(61, 'a'));
  wire[192] = 62;  // now the root octet would be the 256th
  wire.insert(wire.end() - 1, 'A');
  BOOST_TEST(!n.parseWire(wire.data(), wire.size()));
}

BOOST_AUTO_TEST_SUITE_END()
