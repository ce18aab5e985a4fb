/**
 * \file test-config-lexer.cc
 * Tests policy/base/config_lexer.cc: tokens, quoting, continuation lines and
 * error messages that name the file and line.
 */
#include <boost/test/unit_test.hpp>

#include "policy/base/config_lexer.hh"

using namespace orchard;

namespace {

std::string errorOf(const std::string& text) {
  try {
    readDirectives(text, "site.catalog");
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_lexer)

BOOST_AUTO_TEST_CASE(directives_args_options_and_continuations) {
  auto directives = readDirectives(
      "# comment\n"
      "host a b  k=v  # trailing comment\n"
      "    q=\"two words\" e=\"say \\\"hi\\\"\"\n"
      "\n"
      "rule r\n",
      "f.catalog");
  BOOST_REQUIRE_EQUAL(directives.size(), 2u);
  BOOST_TEST(directives[0].keyword.text == "host");
  BOOST_TEST(directives[0].keyword.line == 2u);
  BOOST_REQUIRE_EQUAL(directives[0].args.size(), 2u);
  BOOST_TEST(directives[0].args[1].text == "b");
  BOOST_TEST(directives[0].option("q")->text == "two words");
  BOOST_TEST(directives[0].option("q")->line == 3u);
  BOOST_TEST(directives[0].option("e")->text == "say \"hi\"");
  BOOST_TEST(directives[1].keyword.line == 5u);
}

BOOST_AUTO_TEST_CASE(errors_name_file_and_line) {
  BOOST_TEST(errorOf("a\nb x=\"open\n") ==
             "site.catalog:2: expected a closing '\"', found end of line");
  BOOST_TEST(errorOf("  indented first\n").starts_with("site.catalog:1: expected a keyword"));
  BOOST_TEST(errorOf("a k=1 k=2\n").starts_with("site.catalog:1: expected each option once"));
  BOOST_TEST(errorOf("a k=1 positional\n").starts_with("site.catalog:1: expected key=value"));
  BOOST_TEST(errorOf("a =x\n").starts_with("site.catalog:1: expected key before '='"));
  BOOST_TEST(errorOf("a\n\nb \x01\n").starts_with("site.catalog:3: expected printable"));
}

BOOST_AUTO_TEST_CASE(unknown_and_missing_options) {
  auto directives = readDirectives("host x y=1 z=2\n", "f");
  BOOST_TEST(directives[0].option("y")->text == "1");
  BOOST_CHECK_THROW(directives[0].rejectUnknownOptions(), FileError);
  BOOST_CHECK_THROW(directives[0].required("w"), FileError);
}

BOOST_AUTO_TEST_CASE(lists) {
  auto directives = readDirectives("a l=1,2,3 bad=1,,2\n", "f");
  BOOST_TEST(splitList(directives[0], *directives[0].option("l")).size() == 3u);
  BOOST_CHECK_THROW(splitList(directives[0], *directives[0].option("bad")), FileError);
}

BOOST_AUTO_TEST_CASE(unreadable_file) {
  try {
    readFile("/nonexistent/orchard.catalog");
    BOOST_FAIL("no error");
  } catch (const FileError& e) {
    BOOST_TEST(std::string(e.what()).starts_with("/nonexistent/orchard.catalog: cannot read"));
  }
}

BOOST_AUTO_TEST_SUITE_END()
