/**
 * \file test-name-matcher.cc
 * Tests policy/catalog/name_matcher.cc against the shipped catalog with a table of
 * hard cases: look-alikes, case, trailing dots, wildcard apexes, long names,
 * bytes outside ASCII and the edges of every address block.
 */
#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cstdio>
#include <thread>

#include "policy/catalog/name_matcher.hh"
#include "policy/catalog/parser.hh"
#include "tests/unit/test_paths.hh"

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

namespace {

/** The rows matching `name`, found the slow way: every row of `c`, labels
 *  compared from the right, in the order match() promises (exact rows, then
 *  wildcards from the deepest parent up; catalog order within each). */
std::vector<Match> reference(const Catalog& c, const DnsName& name) {
  auto endsWith = [&](const DnsName& base) {
    size_t nb = base.labelCount(), nn = name.labelCount();
    if (nb > nn) return false;
    for (size_t i = 1; i <= nb; ++i)
      if (base.label(nb - i) != name.label(nn - i)) return false;
    return true;
  };
  std::vector<Match> exact;
  std::vector<std::pair<size_t, Match>> wild;  // (parent's labels, row)
  for (RowId id = 0; id < c.rows().size(); ++id) {
    const Row& r = c.rows()[id];
    DnsName base;
    if (r.kind == PatternKind::block || !base.parse(r.name) || !endsWith(base)) continue;
    if (r.kind == PatternKind::exact && base.labelCount() == name.labelCount())
      exact.push_back({id, r.kind});
    if (r.kind == PatternKind::wildcard && base.labelCount() < name.labelCount())
      wild.push_back({base.labelCount(), {id, r.kind}});
  }
  std::stable_sort(wild.begin(), wild.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& w : wild) exact.push_back(w.second);
  return exact;
}

std::string describe(const Catalog& c, const Match* begin, const Match* end) {
  std::string out;
  for (const Match* m = begin; m != end; ++m)
    out += c.row(m->row).pattern + ":" + std::string(toString(m->how)) + " ";
  return out;
}

/** Names near the catalog's: its names and wildcard parents, with labels
 *  added in front, case changed, one byte changed at every position
 *  (inside and past a label's first eight bytes), a byte added or removed. */
std::vector<std::string> namesAround(const Catalog& c) {
  std::vector<std::string> out;
  for (const Row& r : c.rows()) {
    if (r.kind == PatternKind::block) continue;
    const std::string& n = r.name;
    for (const char* prefix : {"", "x.", "a.b.", "Deep.er.still."}) out.push_back(prefix + n);
    std::string upper = n;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    out.push_back(upper + ".");
    for (size_t i = 0; i < n.size(); ++i) {
      if (n[i] == '.') continue;
      std::string changed = n;
      changed[i] = static_cast<char>(n[i] == 'q' ? 'r' : 'q');
      out.push_back(changed);
      out.push_back("x." + changed);
      out.push_back(n.substr(0, i) + n.substr(i + 1));        // a byte less
      out.push_back(n.substr(0, i) + "\\000" + n.substr(i));  // a byte more
      char high[5];  // the byte with its top bit set: no letter, never folded
      std::snprintf(high, sizeof high, "\\%03u", static_cast<unsigned char>(n[i]) | 0x80u);
      out.push_back(n.substr(0, i) + high + n.substr(i + 1));
    }
  }
  return out;
}

void crossCheck(const Catalog& c, const std::vector<std::string>& names) {
  NameMatcher m(c);
  size_t checked = 0;
  for (const std::string& text : names) {
    DnsName name;
    if (!name.parse(text)) continue;
    MatchList ml;
    m.match(name, ml);
    std::vector<Match> want = reference(c, name);
    BOOST_TEST(
        describe(c, ml.begin(), ml.end()) == describe(c, want.data(), want.data() + want.size()),
        "name '" << text << "'");
    ++checked;
  }
  BOOST_TEST(checked > 100u);
}

}  // namespace

// The matcher against a brute-force reference, over names one edit away
// from the catalog's: catches a probe that ends too early, a label compared
// by its first word only, a wildcard from the wrong depth.
BOOST_AUTO_TEST_CASE(agrees_with_brute_force_on_the_shipped_catalog) {
  crossCheck(shipped(), namesAround(shipped()));
}

// Labels that share their first eight bytes (the edge key's word) and differ
// after, in length or in content; wildcards at several depths of one name.
BOOST_AUTO_TEST_CASE(agrees_with_brute_force_on_long_labels_and_nested_wildcards) {
  std::string text = "section s title=S\n";
  for (const char* p :
       {"abcdefgh.example", "abcdefghi.example", "abcdefghj.example", "abcdefgh.abcdefgh.example",
        "*.abcdefghijklmnop.example", "*.abcdefghijklmnopq.example", "*.example", "*.a.example",
        "*.b.a.example", "c.b.a.example", "*.c.b.a.example", "aBcDeFgHiJkLmNoPqRsTuVwXyZ.example",
        "x1234567.y1234567.z1234567.example"})
    text += std::string("host s ") + p + " proto=tcp ports=1 os=ios\n";
  Catalog c = parseCatalog(text, "long-labels");
  // Labels whose first word and length are those of a catalog label: the
  // edge is found by its first word, so thousands of them land in its slot
  // and must still be told apart by the bytes after the first eight.
  std::vector<std::string> names = namesAround(c);
  for (size_t len : {9, 16, 17, 26}) {
    for (unsigned v = 0; v < 3000; ++v) {
      std::string label = "abcdefgh";
      for (unsigned k = v; label.size() < len; k /= 26) label += static_cast<char>('a' + k % 26);
      names.push_back(label + ".example");
      names.push_back("x." + label + ".example");
    }
  }
  crossCheck(c, names);
}

BOOST_AUTO_TEST_SUITE_END()
