/**
 * \file test-hostname.cc
 * Tests policy/base/hostname.cc: what is and is not a hostname, the
 * canonical form, and that every refusal says why.
 */
#include <boost/test/unit_test.hpp>
#include <string>

#include "policy/base/hostname.hh"

using orchard::canonicalHostname;
using orchard::hostnameProblem;
using orchard::isCanonicalHostname;

BOOST_AUTO_TEST_SUITE(hostname)

BOOST_AUTO_TEST_CASE(accepts_hostnames_and_service_labels) {
  BOOST_TEST(hostnameProblem("gs.apple.com").empty());
  BOOST_TEST(hostnameProblem("e673.dsce9.akamaiedge.net.").empty());
  BOOST_TEST(hostnameProblem("_tcp.Apple-DNS.net").empty());
  BOOST_TEST(hostnameProblem("localhost").empty());
}

BOOST_AUTO_TEST_CASE(refuses_what_configs_cannot_hold) {
  BOOST_TEST(hostnameProblem("a/b.com") ==
             "label 1 has '/' (only letters, digits, '-' and '_' are allowed)");
  BOOST_TEST(hostnameProblem("*.apple.com") ==
             "label 1 has '*' (only letters, digits, '-' and '_' are allowed)");
  BOOST_TEST(hostnameProblem("a.\x1b[31m.com").find("label 2 has \\x1b") == 0u);
  BOOST_TEST(hostnameProblem("a b.com").find("\\x20") != std::string::npos);
  BOOST_TEST(hostnameProblem("a\\046b.com").find("'\\'") != std::string::npos);
  BOOST_TEST(hostnameProblem("a..com") == "label 2 is empty");
  BOOST_TEST(hostnameProblem(".com") == "label 1 is empty");
  BOOST_TEST(hostnameProblem("") == "the name is empty");
  BOOST_TEST(hostnameProblem(".") == "the name is empty");
  BOOST_TEST(hostnameProblem("a.com..") == "label 3 is empty");
  BOOST_TEST(hostnameProblem(std::string("a\0b.com", 7)).find("\\x00") != std::string::npos);
  BOOST_TEST(hostnameProblem("caf\xc3\xa9.com").find("\\xc3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(limits_labels_and_names) {
  std::string label63(63, 'a'), label64(64, 'a');
  BOOST_TEST(hostnameProblem(label63 + ".com").empty());
  BOOST_TEST(hostnameProblem(label64 + ".com") == "label 1 is longer than 63 characters");
  std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  BOOST_REQUIRE(name253.size() == 253u);
  BOOST_TEST(hostnameProblem(name253).empty());
  BOOST_TEST(hostnameProblem(name253 + ".").empty());
  BOOST_TEST(hostnameProblem(name253 + "b") == "the name is longer than 253 characters");
}

BOOST_AUTO_TEST_CASE(canonical_form_is_lower_case_without_trailing_dot) {
  BOOST_TEST(canonicalHostname("Gs.APPLE.com.").value() == "gs.apple.com");
  BOOST_TEST(!canonicalHostname("a/b.com").has_value());
  BOOST_TEST(isCanonicalHostname("gs.apple.com"));
  BOOST_TEST(!isCanonicalHostname("Gs.apple.com"));
  BOOST_TEST(!isCanonicalHostname("gs.apple.com."));
  BOOST_TEST(!isCanonicalHostname("*.apple.com"));
}

BOOST_AUTO_TEST_SUITE_END()
