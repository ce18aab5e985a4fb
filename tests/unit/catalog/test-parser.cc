/**
 * \file test-parser.cc
 * Tests policy/catalog/parser.cc: rows, site-file merging, and rejection
 * of bad input with file:line messages and no half-loaded result.
 */
#include <boost/test/unit_test.hpp>

#include "policy/base/config_lexer.hh"
#include "policy/catalog/parser.hh"

using namespace orchard;

namespace {

const char* kBase =
    "section s title=S\n"
    "host s gs.apple.com proto=tcp ports=443 os=ios,macos proxy=yes desc=d desc-ja=説明\n"
    "host s *.Push.Apple.com. proto=tcp ports=443,5223 os=ios sample=1-courier\n"
    "block s 17.248.128.0/18 proto=tcp ports=443 os=macos\n"
    "rule firewall applies=*.apple.com blocks=17.0.0.0/8 text=t\n";

std::string errorOf(const std::string& text, bool site = false) {
  try {
    if (site)
      applySite(parseCatalog(kBase, "base"), text, "site.catalog");
    else
      parseCatalog(text, "apple.catalog");
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(catalog_parser)

BOOST_AUTO_TEST_CASE(rows_are_parsed_and_normalized) {
  Catalog c = parseCatalog(kBase, "base");
  BOOST_REQUIRE_EQUAL(c.rows().size(), 3u);
  const Row& gs = c.rows()[0];
  BOOST_TEST(gs.pattern == "gs.apple.com");
  BOOST_TEST((gs.proxy == Proxy::yes));
  BOOST_TEST(gs.descJa == "説明");
  BOOST_TEST(gs.origin == "base:2");
  const Row& push = c.rows()[1];
  BOOST_TEST((push.kind == PatternKind::wildcard));
  BOOST_TEST(push.pattern == "*.push.apple.com");
  BOOST_TEST(push.name == "push.apple.com");
  BOOST_TEST((push.proxy == Proxy::unspecified));  // a blank cell is not "no"
  BOOST_TEST(push.samples.size() == 1u);
  BOOST_TEST((c.rows()[2].kind == PatternKind::block));
  BOOST_REQUIRE(c.findRule("firewall"));
  BOOST_TEST(c.findRule("firewall")->blocks.size() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_input_names_file_line_expected_and_found) {
  BOOST_TEST(errorOf("section s title=S\nhost t a.com proto=tcp ports=1 os=ios\n") ==
             "apple.catalog:2: expected a section defined earlier, found 't'");
  BOOST_TEST(errorOf("section s title=S\nhost s a.com proto=sctp ports=1 os=ios\n") ==
             "apple.catalog:2: expected proto=tcp or proto=udp, found 'sctp'");
  BOOST_TEST(errorOf("section s title=S\nhost s a.com proto=tcp\n  ports=0 os=ios\n") ==
             "apple.catalog:3: expected a port from 1 to 65535, found '0'");
  BOOST_TEST(errorOf("section s title=S\nhost s a.com proto=tcp ports=1 os=ios proxy=maybe\n") ==
             "apple.catalog:2: expected proxy=yes, no or unspecified, found 'maybe'");
  BOOST_TEST(errorOf("section s title=S\nhost s a..com proto=tcp ports=1 os=ios\n") ==
             "apple.catalog:2: expected a host name or *.name, found 'a..com'");
  BOOST_TEST(errorOf("section s title=S\nhost s a.*.com proto=tcp ports=1 os=ios\n") ==
             "apple.catalog:2: expected a host name or *.name, found 'a.*.com'");
  BOOST_TEST(errorOf("section s title=S\nblock s 17.0.0.1/8 proto=tcp ports=1 os=ios\n") ==
             "apple.catalog:2: expected an address block such as 17.248.128.0/18, found "
             "'17.0.0.1/8'");
  BOOST_TEST(errorOf("section s title=S\nhost s a.com proto=tcp os=ios\n") ==
             "apple.catalog:2: expected ports=... in 'host', found none");
  BOOST_TEST(errorOf("section s title=S\nhost s a.com proto=tcp ports=1 os=ios colour=red\n") ==
             "apple.catalog:2: expected an option of 'host', found unknown 'colour='");
  BOOST_TEST(errorOf("frobnicate x\n") ==
             "apple.catalog:1: expected section, host, block, rule, found 'frobnicate'");
  BOOST_TEST(errorOf("section s title=S\nsection s title=T\n") ==
             "apple.catalog:2: expected a new section id, found 's' again");
  BOOST_TEST(errorOf("section s title=S\nhost s a.com proto=tcp ports=1 os=ios\n"
                     "host s A.com. proto=tcp ports=2 os=ios\n") ==
             "apple.catalog:3: expected each pattern once per section, found 'a.com' again "
             "(first at apple.catalog:2)");
  BOOST_TEST(errorOf("section s title=S\nhost s a.com\n") ==
             "apple.catalog:2: expected proto=... in 'host', found none");
  BOOST_TEST(errorOf("section s title=S\nhost s proto=tcp\n") ==
             "apple.catalog:2: expected 'host SECTION PATTERN key=value...', found 1 argument(s)");
}

BOOST_AUTO_TEST_CASE(site_file_adds_replaces_and_removes) {
  Catalog base = parseCatalog(kBase, "base");
  Catalog merged = applySite(base,
                             "section local title=Local\n"
                             "host local mdm.example.com proto=tcp ports=443 os=ios\n"
                             "host s gs.apple.com proto=tcp ports=8443 os=ios\n"
                             "remove s 17.248.128.0/18\n",
                             "site.catalog");
  BOOST_TEST(merged.rows().size() == 3u);
  auto gs = merged.rowsWithPattern("gs.apple.com");
  BOOST_REQUIRE_EQUAL(gs.size(), 1u);
  BOOST_TEST(merged.row(gs[0]).ports == std::vector<uint16_t>{8443});
  BOOST_TEST(merged.row(gs[0]).origin == "site.catalog:3");
  BOOST_TEST(merged.rowsWithPattern("17.248.128.0/18").empty());
  BOOST_TEST(merged.rowsWithPattern("mdm.example.com").size() == 1u);
  BOOST_TEST(base.rows().size() == 3u);  // the base is untouched
}

BOOST_AUTO_TEST_CASE(site_file_errors_are_all_or_nothing) {
  BOOST_TEST(errorOf("remove s nothere.apple.com\n", true) ==
             "site.catalog:1: expected a catalog row to remove, found no row 'nothere.apple.com' "
             "in section 's'");
  BOOST_TEST(errorOf("remove s\n", true) ==
             "site.catalog:1: expected 'remove SECTION PATTERN', found 1 argument(s)");
  BOOST_TEST(
      errorOf("remove s gs.apple.com\n", false)
          .starts_with("apple.catalog:1: expected section, host, block, rule, found 'remove'"));
}

BOOST_AUTO_TEST_CASE(missing_files_are_reported) {
  BOOST_CHECK_THROW(loadCatalog("/nonexistent.catalog", ""), FileError);
}

BOOST_AUTO_TEST_SUITE_END()
