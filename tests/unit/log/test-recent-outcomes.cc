/**
 * \file test-recent-outcomes.cc
 * Tests policy/log/recent_outcomes.cc: the ring keeps the last lines, oldest
 * first, filtered by outcome or name; the latest line of each name is kept
 * in a bounded table.
 */
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "policy/log/recent_outcomes.hh"
#include "tests/unit/log/log_fixture.hh"

using namespace orchard;
using namespace orchard::test;

BOOST_AUTO_TEST_SUITE(recent_outcomes)

BOOST_AUTO_TEST_CASE(recent_outcomes_keep_records) {
  RecentOutcomes recent(3, 2);
  Random rnd;
  std::vector<LogEntry> added;
  for (int i = 0; i < 5; ++i) {
    LogEntry e = randomEntry(rnd);
    e.kind = i == 3 ? OutcomeKind::blocked : OutcomeKind::answered;
    LogLine r;
    r.fill(e);
    recent.add(r);
    added.push_back(e);
  }
  std::vector<LogLine> all = recent.list({});  // the stored records themselves
  BOOST_TEST_REQUIRE(all.size() == 3u);        // the last three, oldest first
  for (int i = 0; i < 3; ++i) {
    std::string line;
    all[i].appendJson(line);
    BOOST_TEST(line == formatLogLine(added[2 + i]));
  }
  RecentFilter blocked;
  blocked.blockedOnly = true;
  BOOST_TEST_REQUIRE(recent.list(blocked).size() == 1u);
  BOOST_TEST((recent.list(blocked)[0].kind() == OutcomeKind::blocked));
  RecentFilter byName;
  byName.name = added[4].qname;
  BOOST_TEST(recent.list(byName).size() >= 1u);
  auto last = recent.last(added[4].qname);
  BOOST_TEST_REQUIRE(last.has_value());
  BOOST_TEST(formatLogLine(*last) == formatLogLine(added[4]));
  BOOST_TEST(!recent.last("never.example").has_value());
}

BOOST_AUTO_TEST_CASE(recent_names_are_bounded_and_keep_the_latest) {
  RecentOutcomes recent(4, 8);  // 2 sets of 4 ways
  auto entry = [](const std::string& name, int64_t us) {
    LogEntry e;
    e.qname = name;
    e.timeUs = us;
    LogLine r;
    r.fill(e);
    return r;
  };
  std::vector<std::string> names;
  for (int i = 0; i < 200; ++i) {
    names.push_back("n" + std::to_string(i) + ".example");
    recent.add(entry(names.back(), i));
    if (i % 3 == 0) recent.add(entry("kept.example", 1000 + i));  // logged again and again
    BOOST_TEST_REQUIRE(recent.last(names.back()).has_value(), "name " << i);
    BOOST_TEST_REQUIRE(recent.last("kept.example")->timeUs == 1000 + i / 3 * 3);
  }
  size_t held = 0;
  for (const auto& n : names) held += recent.last(n).has_value();
  BOOST_TEST(held >= 4u);  // the newest of each set are there
  BOOST_TEST(held <= 7u);  // 8 ways, one of them kept.example's
  BOOST_TEST(recent.list({}).size() == 4u);
  RecentOutcomes none(4, 0);
  none.add(entry("a.example", 1));
  BOOST_TEST(!none.last("a.example").has_value());
  BOOST_TEST(none.list({}).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
