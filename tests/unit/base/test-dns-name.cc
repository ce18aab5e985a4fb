/**
 * \file test-dns-name.cc
 * Tests policy/base/dns_name.cc: presentation and wire parsing, limits, case.
 */
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include "policy/base/dns_name.hh"

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

namespace {

/** A wire name of exactly `total` octets (3-255): labels of cycling lengths
 *  (1 to 63, across word edges), bytes of every kind (letters of both
 *  cases, the neighbours of the letters' range, bytes that look like length
 *  octets, bytes above 0x7f). */
std::vector<uint8_t> wireOfLength(size_t total) {
  static const size_t lengths[] = {5, 13, 1, 8, 9, 63, 2, 16, 17, 7};
  static const uint8_t bytes[] = {'A', 'z', 'Q', '@',  '[',  '`',  '{',  'm', 0,    '-', 0x3f,
                                  'Z', 'a', 1,   0x80, 0xc1, 0xda, 0xff, '.', '\\', 'K'};
  std::vector<uint8_t> wire;
  size_t left = total - 1, k = 0, b = 0;  // octets for labels; the root octet ends
  while (left > 0) {
    size_t n = std::min(lengths[k++ % std::size(lengths)], left - 1);
    if (left - 1 - n == 1) n += n > 1 ? -1 : 1;  // one octet cannot hold a label
    wire.push_back(static_cast<uint8_t>(n));
    for (size_t i = 0; i < n; ++i) wire.push_back(bytes[b++ % std::size(bytes)]);
    left -= 1 + n;
  }
  wire.push_back(0);
  return wire;
}

/** The same name as presentation text, every byte as \DDD. */
std::string textOf(const std::vector<uint8_t>& wire) {
  std::string out;
  for (size_t i = 0; wire[i] != 0; i += 1 + wire[i]) {
    if (!out.empty()) out += '.';
    for (size_t k = 1; k <= wire[i]; ++k) {
      char esc[5];
      std::snprintf(esc, sizeof esc, "\\%03u", wire[i + k]);
      out += esc;
    }
  }
  return out;
}

}  // namespace

// parseWire copies and folds eight octets at a time, the last partial word
// taken from the word that ends the name: every wire length from 3 to 255
// (a tail of 0-7 octets, names shorter than a word, the longest name) must
// give the presentation parser's result, folded byte by byte.
BOOST_AUTO_TEST_CASE(wire_copy_at_every_length) {
  for (size_t total = 3; total <= DnsName::kMaxWire; ++total) {
    std::vector<uint8_t> wire = wireOfLength(total);
    BOOST_REQUIRE_EQUAL(wire.size(), total);
    std::string folded;
    for (uint8_t c : wire) folded += static_cast<char>(orchard::foldCase(c));
    DnsName fromWire, fromText;
    BOOST_REQUIRE_MESSAGE(fromWire.parseWire(wire.data(), wire.size()), "length " << total);
    BOOST_REQUIRE_MESSAGE(fromText.parse(textOf(wire)), "length " << total);
    BOOST_TEST(fromWire.wire() == folded, "length " << total);
    BOOST_TEST(fromText.wire() == folded, "length " << total);
    BOOST_TEST(fromWire.toString() == fromText.toString(), "length " << total);
  }
}

// labelWord is what the matcher compares: a label's bytes as a zero-padded
// word, never the bytes of the next label or of anything after the name.
BOOST_AUTO_TEST_CASE(label_words_are_zero_padded) {
  const uint8_t wire[] = {3,   'A', 'b', 'C', 9, 'x', 'x', 'x', 'x', 'x', 'x', 'x',
                          'x', 'Y', 1,   'Z', 0, 'q', 'q', 'q', 'q', 'q', 'q'};
  DnsName n;
  BOOST_REQUIRE(n.parseWire(wire, sizeof wire));
  BOOST_TEST(n.labelCount() == 3u);
  BOOST_TEST(n.labelSize(0) == 3u);
  BOOST_TEST(n.labelWord(0, 0) == 0x636261u);  // "abc", little-endian
  BOOST_TEST(n.labelSize(1) == 9u);
  BOOST_TEST(n.labelWord(1, 0) == 0x7878787878787878u);
  BOOST_TEST(n.labelWord(1, 8) == uint64_t{'y'});
  BOOST_TEST(n.labelWord(2, 0) == uint64_t{'z'});  // not the root octet nor the q's
  BOOST_TEST(n.wire().size() == 17u);              // octets after the root are not the name
  DnsName::PaddedLabel nine{};
  for (size_t i = 0; i < 8; ++i) nine[i] = 'x';
  nine[8] = 'y';
  BOOST_TEST(n.labelIs(1, nine));
  nine[8] = 'Y';
  BOOST_TEST(!n.labelIs(1, nine));
}

BOOST_AUTO_TEST_SUITE_END()
