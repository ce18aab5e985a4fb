/**
 * \file test-coverage.cc
 * Tests policy/catalog/coverage.cc: which names the generators cover, with what
 * scope, how CNAME targets join, dedupe and canonical order.
 */
#include <boost/test/unit_test.hpp>

#include "policy/catalog/coverage.hh"
#include "policy/catalog/parser.hh"
#include "tests/unit/test_paths.hh"

using namespace orchard;

namespace {

Catalog tiny() {
  Catalog c;
  c.addSection(Section{"s", "S", "", "", ""});
  auto row = [&](std::string pattern, PatternKind kind, std::string name) {
    Row r;
    r.section = "s";
    r.pattern = std::move(pattern);
    r.kind = kind;
    r.name = std::move(name);
    r.ports = {443};
    c.putRow(r);
  };
  row("xp.apple.com", PatternKind::exact, "xp.apple.com");
  row("*.push.apple.com", PatternKind::wildcard, "push.apple.com");
  row("itunes.apple.com", PatternKind::exact, "itunes.apple.com");
  row("*.itunes.apple.com", PatternKind::wildcard, "itunes.apple.com");
  row("vpp.itunes.apple.com", PatternKind::exact, "vpp.itunes.apple.com");
  return c;
}

CnameTarget target(std::string name, std::string pattern) {
  return CnameTarget{std::move(name), std::move(pattern), 1, 1, 1};
}

const Cover* find(const std::vector<Cover>& v, std::string_view name) {
  for (const auto& c : v)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(coverage)

BOOST_AUTO_TEST_CASE(catalog_scopes) {
  auto v = coverSet(tiny(), {}, CnameScope::none);
  BOOST_TEST(v.size() == 4u);
  BOOST_TEST((find(v, "xp.apple.com")->scope == Scope::exact));
  BOOST_TEST((find(v, "push.apple.com")->scope == Scope::below));
  BOOST_TEST((find(v, "itunes.apple.com")->scope == Scope::subtree));  // exact + wildcard
  BOOST_TEST((find(v, "vpp.itunes.apple.com")->scope == Scope::exact));
}

BOOST_AUTO_TEST_CASE(canonical_order) {
  auto v = coverSet(tiny(), {}, CnameScope::none);
  std::vector<std::string> names;
  for (const auto& c : v) names.push_back(c.name);
  std::vector<std::string> want{"itunes.apple.com", "vpp.itunes.apple.com", "push.apple.com",
                                "xp.apple.com"};
  BOOST_TEST(names == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cname_targets_exact_and_parent) {
  std::vector<CnameTarget> t{target("xp.apple.com.edgekey.example", "xp.apple.com"),
                             target("E673.dsce9.AkamaiEdge.example.", "xp.apple.com"),
                             target("1-courier.push.apple.com", "*.push.apple.com"),
                             target("bad..name", "xp.apple.com")};
  auto exact = coverSet(tiny(), t, CnameScope::exact);
  BOOST_TEST(find(exact, "e673.dsce9.akamaiedge.example")->fromCname);
  BOOST_TEST(find(exact, "e673.dsce9.akamaiedge.example")->pattern == "xp.apple.com");
  BOOST_TEST(!find(exact, "1-courier.push.apple.com"));  // the wildcard covers it
  BOOST_TEST(exact.size() == 6u);                        // malformed name skipped
  auto parent = coverSet(tiny(), t, CnameScope::parent);
  BOOST_TEST((find(parent, "dsce9.akamaiedge.example")->scope == Scope::subtree));
  BOOST_TEST((find(parent, "apple.com.edgekey.example")->scope == Scope::subtree));
}

BOOST_AUTO_TEST_CASE(parent_never_a_tld) {
  auto v = coverSet(Catalog{}, {target("edge.example", "x")}, CnameScope::parent);
  BOOST_TEST(v.size() == 1u);
  BOOST_TEST(v[0].name == "edge.example");
  BOOST_TEST((v[0].scope == Scope::exact));
}

BOOST_AUTO_TEST_CASE(zones_are_minimal) {
  auto zones = zonesOf(coverSet(tiny(), {}, CnameScope::none));
  std::vector<std::string> names;
  for (const auto& z : zones) names.push_back(z.name);
  std::vector<std::string> want{"itunes.apple.com", "push.apple.com", "xp.apple.com"};
  BOOST_TEST(names == want, boost::test_tools::per_element());
  for (const auto& z : zones) BOOST_TEST((z.scope == Scope::subtree));
}

BOOST_AUTO_TEST_CASE(without_redundant_keeps_apex_semantics) {
  auto v = withoutRedundant(coverSet(tiny(), {}, CnameScope::none));
  BOOST_TEST(!find(v, "vpp.itunes.apple.com"));  // inside itunes.apple.com's subtree
  BOOST_TEST((find(v, "push.apple.com")->scope == Scope::below));
  Cover below{"push.apple.com", Scope::below, false, ""};
  BOOST_TEST(!covers(below, Cover{"push.apple.com", Scope::exact, false, ""}));
  BOOST_TEST(covers(below, Cover{"a.b.push.apple.com", Scope::exact, false, ""}));
}

BOOST_AUTO_TEST_CASE(whole_labels_only) {
  BOOST_TEST(isAtOrBelow("apple.com", "apple.com"));
  BOOST_TEST(isAtOrBelow("xp.apple.com", "apple.com"));
  BOOST_TEST(!isAtOrBelow("evilapple.com", "apple.com"));
  BOOST_TEST(!isAtOrBelow("com", "apple.com"));
  BOOST_TEST(parentOf("a.b.c") == "b.c");
  BOOST_TEST(parentOf("c").empty());
}

BOOST_AUTO_TEST_CASE(shipped_catalog) {
  auto c = loadCatalog(shippedCatalogPath(), "");
  auto v = coverSet(c, {}, CnameScope::none);
  BOOST_TEST(v.size() == 45u);  // 47 host and wildcard rows; gs twice; itunes merged
  BOOST_TEST((find(v, "push.apple.com")->scope == Scope::below));
  BOOST_TEST((find(v, "mzstatic.com")->scope == Scope::below));
  BOOST_TEST(!find(v, "17.248.128.0/18"));
}

BOOST_AUTO_TEST_SUITE_END()
