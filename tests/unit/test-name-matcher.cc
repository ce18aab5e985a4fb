/**
 * \file test-name-matcher.cc
 * Tests policy/name_matcher.cc against the shipped catalog with a table of
 * hard cases: look-alikes, case, trailing dots, wildcard apexes, long names,
 * bytes outside ASCII and the edges of every address block.
 */
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>

#include "policy/catalog_parser.hh"
#include "policy/name_matcher.hh"
#include "test_paths.hh"

using namespace orchard;

namespace {

const Catalog& shipped() {
  static const Catalog c = loadCatalog(shippedCatalogPath(), "");
  return c;
}

/** "section:pattern:how" for every match, in order, joined by spaces. */
std::string describe(const MatchList& ml) {
  std::string out;
  for (const auto& m : ml) {
    const Row& r = shipped().row(m.row);
    out +=
        (out.empty() ? "" : " ") + r.section + ":" + r.pattern + ":" + std::string(toString(m.how));
  }
  return out;
}

std::string matchName(const std::string& name) {
  static const NameMatcher m(shipped());
  return describe(m.match(name));
}

std::string matchAddr(const char* a) {
  static const NameMatcher m(shipped());
  MatchList ml;
  m.match(*Address::parse(a), ml);
  return describe(ml);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(name_matcher)

BOOST_AUTO_TEST_CASE(hard_cases) {
  struct Case {
    std::string name;
    std::string expected;
  };
  const std::string l63(63, 'x');
  const Case cases[] = {
      {"albert.apple.com", "device-setup:albert.apple.com:exact"},
      {"ALBERT.Apple.COM.", "device-setup:albert.apple.com:exact"},
      {"gs.apple.com", "device-setup:gs.apple.com:exact software-update:gs.apple.com:exact"},
      {"1-courier.push.apple.com", "device-management:*.push.apple.com:wildcard"},
      {"a.b.c.push.apple.com", "device-management:*.push.apple.com:wildcard"},
      {"push.apple.com", ""},  // the apex of a wildcard is not covered
      {"itunes.apple.com", "app-store:itunes.apple.com:exact"},
      {"vpp.itunes.apple.com",
       "device-management:vpp.itunes.apple.com:exact app-store:*.itunes.apple.com:wildcard"},
      {"ns.itunes.apple.com",
       "software-update:ns.itunes.apple.com:exact app-store:*.itunes.apple.com:wildcard"},
      {"x.vpp.itunes.apple.com", "app-store:*.itunes.apple.com:wildcard"},
      {"is1-ssl.mzstatic.com", "app-store:*.mzstatic.com:wildcard"},
      {"mzstatic.com", ""},
      {"apple.com", ""},
      {"evilapple.com", ""},
      {"gs.evilapple.com", ""},
      {"apple.com.evil.example", ""},
      {"gs.apple.com.evil.example", ""},
      {"1-courier.push.apple.com.evil.example", ""},
      {"cdn-apple.com", ""},
      {"xgs.apple.com", ""},
      {"gs.apple.co", ""},
      {"gs.apple.com.", "device-setup:gs.apple.com:exact software-update:gs.apple.com:exact"},
      {"updates.cdn-apple.com", "software-update:updates.cdn-apple.com:exact"},
      {"crl3.digicert.com", "certificate-validation:crl3.digicert.com:exact"},
      {"digicert.com", ""},
      {"gs..apple.com", ""},  // empty label: not a name
      {".apple.com", ""},
      {"", ""},
      {"\\195\\169.push.apple.com", "device-management:*.push.apple.com:wildcard"},
      {"\xc3\xa9.apple.com", ""},
      {l63 + ".push.apple.com", "device-management:*.push.apple.com:wildcard"},
      {std::string(64, 'x') + ".push.apple.com", ""},  // label too long
      {l63 + "." + l63 + "." + l63 + "." + std::string(46, 'y') + ".push.apple.com",
       "device-management:*.push.apple.com:wildcard"},  // 253 characters
      {l63 + "." + l63 + "." + l63 + "." + std::string(47, 'y') + ".push.apple.com", ""},
      {"17.248.128.1", ""},  // an address written as a name matches no host
  };
  for (const auto& c : cases)
    BOOST_TEST(matchName(c.name) == c.expected, "name '" << c.name << "'");
}

BOOST_AUTO_TEST_CASE(address_block_edges) {
  const char* none = "";
  BOOST_TEST(matchAddr("17.248.128.0") == "notarization:17.248.128.0/18:block");
  BOOST_TEST(matchAddr("17.248.191.255") == "notarization:17.248.128.0/18:block");
  BOOST_TEST(matchAddr("17.248.192.0") == "notarization:17.248.192.0/19:block");
  BOOST_TEST(matchAddr("17.248.223.255") == "notarization:17.248.192.0/19:block");
  BOOST_TEST(matchAddr("17.248.224.0") == none);
  BOOST_TEST(matchAddr("17.248.127.255") == none);
  BOOST_TEST(matchAddr("17.250.64.0") == "notarization:17.250.64.0/18:block");
  BOOST_TEST(matchAddr("17.250.127.255") == "notarization:17.250.64.0/18:block");
  BOOST_TEST(matchAddr("17.250.128.0") == none);
  BOOST_TEST(matchAddr("::ffff:17.248.128.1") == none);
  BOOST_TEST(matchAddr("2001:db8::1") == none);
}

BOOST_AUTO_TEST_CASE(wire_names_match_like_text) {
  const uint8_t wire[] = {9,   '1', '-', 'C', 'O', 'U', 'R', 'I', 'E', 'R', 4,   'p', 'u',
                          's', 'h', 5,   'a', 'p', 'p', 'l', 'e', 3,   'c', 'o', 'm', 0};
  DnsName n;
  BOOST_REQUIRE(n.parseWire(wire, sizeof wire));
  NameMatcher m(shipped());
  MatchList ml;
  m.match(n, ml);
  BOOST_TEST(describe(ml) == "device-management:*.push.apple.com:wildcard");
}

BOOST_AUTO_TEST_CASE(overflow_is_flagged_not_dropped_silently) {
  std::string many = "";
  for (int i = 0; i < 40; ++i) {
    many += "section s" + std::to_string(i) + " title=S\n";
    many += "host s" + std::to_string(i) + " *.example proto=tcp ports=1 os=ios\n";
  }
  Catalog c = parseCatalog(many, "many");
  NameMatcher m(c);
  MatchList ml = m.match("a.example");
  BOOST_TEST(ml.size() == MatchList::kCapacity);
  BOOST_TEST(ml.truncated());
}

BOOST_AUTO_TEST_CASE(concurrent_readers_agree) {
  NameMatcher m(shipped());
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        if (m.match("gs.apple.com").size() != 2) ++wrong;
        if (!m.match("evilapple.com").empty()) ++wrong;
      }
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
