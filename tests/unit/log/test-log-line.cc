/**
 * \file test-log-line.cc
 * Tests policy/log/log_line.cc and policy/log/rows.cc: a LogLine gives byte
 * for byte the reference line (log_fixture.hh) for random entries and
 * expands back to its entry; a line filled from an answer is that answer's
 * line, inline or spilled; lines copy deeply and name their rows after the
 * policy that made them is gone.
 */
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "policy/log/log_line.hh"
#include "policy/log/rows.hh"
#include "tests/unit/log/log_fixture.hh"

using namespace orchard;
using namespace orchard::test;

namespace {

void requireSameEntry(const LogEntry& a, const LogEntry& b) {
  BOOST_TEST(a.timeUs == b.timeUs);
  BOOST_TEST(a.client == b.client);
  BOOST_TEST(a.qname == b.qname);
  BOOST_TEST(a.rows.size() == b.rows.size());
  BOOST_TEST(a.cnames == b.cnames);
  BOOST_TEST(a.addresses.size() == b.addresses.size());
  for (size_t i = 0; i < std::min(a.addresses.size(), b.addresses.size()); ++i)
    BOOST_TEST((a.addresses[i].address == b.addresses[i].address &&
                a.addresses[i].ttl == b.addresses[i].ttl));
  BOOST_TEST(referenceLine(a) == referenceLine(b));
}

std::string json(const LogLine& r) {
  std::string out;
  r.appendJson(out);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_line)

BOOST_AUTO_TEST_CASE(line_is_the_reference_line_for_random_entries) {
  Random rnd;
  for (int i = 0; i < 3000; ++i) {
    LogEntry e = randomEntry(rnd);
    std::string want = referenceLine(e);
    BOOST_TEST_REQUIRE(formatLogLine(e) == want, "entry " << i);
    LogLine r;
    r.fill(e);
    requireSameEntry(r.expand(), e);
  }
}

BOOST_AUTO_TEST_CASE(answer_line_is_the_reference_line_inline_or_spilled) {
  for (size_t n : {1, 4, 40}) {
    Logged l(n);
    LogLine r = l.line();
    BOOST_TEST(r.spilled() == (n == 40));
    BOOST_TEST(json(r) == l.expected());
    BOOST_TEST(r.addressCount() == n);
  }
}

BOOST_AUTO_TEST_CASE(rows_outlive_their_policy) {
  LogLine r;
  std::string want;
  {
    Logged l(2);
    r = l.line();
    want = l.expected();
  }  // the policy, its catalog and rows are freed, as after a reload
  BOOST_TEST(json(r) == want);
  Logged again(2);  // the same catalog again: the same ids
  BOOST_TEST(again.policy->logRows.size() == again.policy->catalog.rows().size());
  BOOST_TEST(internLogRows(again.policy->catalog) == again.policy->logRows);
  BOOST_TEST(internLogRow("s", "p") == internLogRow("s", "p"));
  BOOST_TEST(internLogRow("s", "p") != internLogRow("s", "q"));
  BOOST_TEST(logRowText(internLogRow("a\"b", "c")).element(1) ==
             R"({"section":"a\"b","pattern":"c","match":"wildcard"})");
  BOOST_TEST(logRowText(internLogRow("a\"b", "c")).element(7) ==
             R"({"section":"a\"b","pattern":"c","match":"?"})");
  BOOST_TEST(maxLogRowElement() >= logRowText(internLogRow("a\"b", "c")).element(1).size());
}

BOOST_AUTO_TEST_CASE(copies_are_deep) {
  Logged l(40);
  std::string want = l.expected();
  auto original = std::make_unique<LogLine>(l.line());
  LogLine copy(*original), assigned;
  assigned = *original;
  LogLine moved(std::move(*original));
  original.reset();
  BOOST_TEST(json(copy) == want);
  BOOST_TEST(json(assigned) == want);
  BOOST_TEST(json(moved) == want);
  copy = copy;  // self-assignment keeps it
  BOOST_TEST(json(copy) == want);
}

BOOST_AUTO_TEST_SUITE_END()
