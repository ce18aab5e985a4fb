/**
 * \file test-enum-names.cc
 * Tests policy/base/enum_names.hh and every table that uses it: each value
 * has a word and comes back from it, the words are the ones configuration
 * files, log lines and control answers use (pinned here, in table order),
 * and words outside a table are refused.
 */
#include <boost/test/unit_test.hpp>
#include <string>

#include "policy/answer/outcome.hh"
#include "policy/answer/reply.hh"
#include "policy/base/address.hh"
#include "policy/base/enum_names.hh"
#include "policy/catalog/catalog.hh"
#include "policy/catalog/coverage.hh"
#include "policy/log/options.hh"
#include "policy/sets/layout.hh"
#include "policy/sets/options.hh"
#include "tools/tcp_probe.hh"
#include "tools/verify_classify.hh"

using namespace orchard;

namespace {

enum class Single : uint8_t { only };
constexpr auto namesOf(Single) { return std::to_array<EnumName<Single>>({{Single::only, "only"}}); }

enum class Pair : uint8_t { left, right };
constexpr auto namesOf(Pair) {
  return std::to_array<EnumName<Pair>>({{Pair::right, "right"}, {Pair::left, "left"}});
}

/** Checks that E's values 0 .. count-1 all have words, that each word gives
 *  its value back, that `words` lists them, and that the next value and
 *  words outside the table have none. */
template <typename E>
void checkNames(size_t count, const std::string& words) {
  BOOST_TEST(wordList<E>() == words);
  BOOST_TEST(kEnumNames<E>.size() == count);
  for (size_t i = 0; i < count; ++i) {
    E value = static_cast<E>(i);
    std::string_view word = toString(value);
    BOOST_TEST(word != "?", "value " << i);
    BOOST_TEST((fromString<E>(word) == value), word);
    std::string upper(word);
    upper[0] = static_cast<char>(upper[0] - 'a' + 'A');
    BOOST_TEST(!fromString<E>(upper).has_value(), upper);  // case matters
    BOOST_TEST(!fromString<E>(std::string(word) + " ").has_value(), word);
  }
  BOOST_TEST(toString(static_cast<E>(count)) == "?");
  BOOST_TEST(!fromString<E>("").has_value());
  BOOST_TEST(!fromString<E>("?").has_value());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(enum_names)

BOOST_AUTO_TEST_CASE(the_facility_follows_its_table) {
  checkNames<Single>(1, "only");
  BOOST_TEST(wordList<Pair>() == "right or left");  // table order, not value order
  BOOST_TEST(toString(Pair::left) == "left");
  BOOST_TEST((fromString<Pair>("right") == Pair::right));
  BOOST_TEST(!fromString<Pair>("up").has_value());
  static_assert(toString(Pair::right) == "right");  // usable at compile time
  static_assert(fromString<Pair>("left") == Pair::left);
  static_assert(!NamedEnum<Family>);  // no table, no words
}

BOOST_AUTO_TEST_CASE(answer_words) {
  checkNames<OutcomeKind>(kOutcomeKinds,
                          "answered, nodata, nxdomain, servfail, refused or blocked");
  checkNames<AnswerSource>(4, "resolved, cache, local or servfail");
  checkNames<AddressClass>(
      7, "routable, sinkhole, loopback, link-local, multicast, broadcast or private");
}

BOOST_AUTO_TEST_CASE(catalog_words) {
  checkNames<Proxy>(3, "unspecified, yes or no");
  checkNames<Protocol>(2, "tcp or udp");
  checkNames<PatternKind>(3, "exact, wildcard or block");
  checkNames<Scope>(3, "exact, below or subtree");
  checkNames<CnameScope>(3, "none, exact or parent");
}

BOOST_AUTO_TEST_CASE(option_words) {
  checkNames<LogDestination>(3, "file, syslog or none");
  checkNames<LogQueries>(2, "catalog or all");
  checkNames<SetBackendKind>(3, "none, nftables or ipset");
  checkNames<SetMode>(2, "service or section");
  checkNames<SetKind>(4, "service, address, blocks or nets");
}

BOOST_AUTO_TEST_CASE(orchardctl_words) {
  checkNames<ctl::DnsStatus>(10,
                             "ok, differs, blocked, sinkholed, nxdomain, nodata, refused, "
                             "servfail, timeout or error");
  checkNames<ctl::ProbeResult>(5, "open, refused, timeout, unreachable or error");
}

BOOST_AUTO_TEST_SUITE_END()
