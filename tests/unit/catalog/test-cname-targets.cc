/**
 * \file test-cname-targets.cc
 * Tests policy/catalog/cname_targets.cc: observing targets (the first
 * pattern and time kept, the last time and the count updated), merging
 * loaded entries (earliest first-seen, latest last-seen, counts added), the
 * kMaxTargets bound and its overflow count, the snapshot's order, threads
 * observing at once, and the state file: a save/load round trip, comments,
 * a missing file, and malformed lines refused with file:line.
 */
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "policy/base/config_lexer.hh"
#include "policy/catalog/cname_targets.hh"

using namespace orchard;

namespace {

std::string tempPath(const char* tag) {
  return "/tmp/orchard-test-cnames-" + std::string(tag) + "-" + std::to_string(getpid()) + ".tsv";
}

/** The FileError message of loading `text` as a state file at `path`. */
std::string loadError(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  try {
    loadCnameTargets(path);
  } catch (const FileError& e) {
    std::remove(path.c_str());
    return e.what();
  }
  std::remove(path.c_str());
  return "";
}

bool sameTarget(const CnameTarget& a, const CnameTarget& b) {
  return a.name == b.name && a.pattern == b.pattern && a.firstSeen == b.firstSeen &&
         a.lastSeen == b.lastSeen && a.count == b.count;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cname_targets)

BOOST_AUTO_TEST_CASE(observe_keeps_first_sight_and_counts) {
  CnameTargets t;
  t.observe({"e1.cdn.example", "e2.cdn.example"}, "gs.apple.com", 100);
  t.observe({"e1.cdn.example"}, "mesu.apple.com", 250);  // another pattern, later
  auto s = t.snapshot();
  BOOST_TEST_REQUIRE(s.size() == 2u);
  BOOST_TEST(s[0].name == "e1.cdn.example");
  BOOST_TEST(s[0].pattern == "gs.apple.com");  // the pattern that led here first
  BOOST_TEST(s[0].firstSeen == 100);
  BOOST_TEST(s[0].lastSeen == 250);
  BOOST_TEST(s[0].count == 2u);
  BOOST_TEST(s[1].name == "e2.cdn.example");
  BOOST_TEST(s[1].firstSeen == 100);
  BOOST_TEST(s[1].lastSeen == 100);
  BOOST_TEST(s[1].count == 1u);
  BOOST_TEST(t.overflow() == 0u);
  t.observe({}, "gs.apple.com", 300);  // no targets: nothing changes
  BOOST_TEST(t.snapshot().size() == 2u);
}

BOOST_AUTO_TEST_CASE(merge_keeps_the_earliest_first_seen) {
  CnameTargets t;
  t.observe({"a.cdn.example"}, "gs.apple.com", 500);
  t.observe({"a.cdn.example"}, "gs.apple.com", 600);
  t.merge({{"a.cdn.example", "other.apple.com", 200, 400, 5},  // seen before, by the file
           {"b.cdn.example", "mesu.apple.com", 300, 350, 7}});
  auto s = t.snapshot();
  BOOST_TEST_REQUIRE(s.size() == 2u);
  BOOST_TEST(s[0].name == "a.cdn.example");
  BOOST_TEST(s[0].pattern == "gs.apple.com");  // the entry held keeps its pattern
  BOOST_TEST(s[0].firstSeen == 200);           // the earliest
  BOOST_TEST(s[0].lastSeen == 600);            // the latest
  BOOST_TEST(s[0].count == 7u);                // 2 + 5
  BOOST_TEST(sameTarget(s[1], {"b.cdn.example", "mesu.apple.com", 300, 350, 7}));
  t.merge({{"a.cdn.example", "gs.apple.com", 900, 950, 1}});  // later: first-seen stays
  s = t.snapshot();
  BOOST_TEST(s[0].firstSeen == 200);
  BOOST_TEST(s[0].lastSeen == 950);
  BOOST_TEST(s[0].count == 8u);
}

BOOST_AUTO_TEST_CASE(targets_are_bounded_and_the_rest_counted) {
  CnameTargets t;
  std::vector<std::string> names;
  for (size_t i = 0; i < CnameTargets::kMaxTargets; ++i)
    names.push_back("e" + std::to_string(i) + ".cdn.example");
  t.observe(names, "gs.apple.com", 1);
  BOOST_TEST(t.snapshot().size() == CnameTargets::kMaxTargets);
  BOOST_TEST(t.overflow() == 0u);
  t.observe({"new1.cdn.example", "new2.cdn.example", "e7.cdn.example"}, "gs.apple.com", 2);
  t.observe({"new1.cdn.example"}, "gs.apple.com", 3);
  BOOST_TEST(t.overflow() == 3u);  // each sight of a name that found no room
  auto s = t.snapshot();
  BOOST_TEST(s.size() == CnameTargets::kMaxTargets);
  auto e7 = std::find_if(s.begin(), s.end(),
                         [](const CnameTarget& c) { return c.name == "e7.cdn.example"; });
  BOOST_TEST_REQUIRE((e7 != s.end()));
  BOOST_TEST(e7->count == 2u);  // a name already held is still counted
  BOOST_TEST(e7->lastSeen == 2);
  BOOST_TEST((std::find_if(s.begin(), s.end(), [](const CnameTarget& c) {
                return c.name == "new1.cdn.example";
              }) == s.end()));
}

BOOST_AUTO_TEST_CASE(snapshot_is_sorted_by_name) {
  CnameTargets t;
  std::vector<std::string> names;
  for (int i = 0; i < 200; ++i)  // spread over every shard, in no order
    names.push_back(std::to_string((i * 7919) % 200) + ".cdn.example");
  t.observe(names, "gs.apple.com", 1);
  t.merge({{"0-merged.cdn.example", "gs.apple.com", 1, 1, 1}});
  auto s = t.snapshot();
  BOOST_TEST_REQUIRE(s.size() == 201u);
  for (size_t i = 1; i < s.size(); ++i) BOOST_TEST((s[i - 1].name < s[i].name), "at " << i);
}

BOOST_AUTO_TEST_CASE(threads_observe_at_once) {
  CnameTargets t;
  std::vector<std::string> names;
  for (int i = 0; i < 64; ++i) names.push_back("t" + std::to_string(i) + ".cdn.example");
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n)
    threads.emplace_back([&, n] {
      for (int i = 0; i < 500; ++i) t.observe(names, "gs.apple.com", n * 1000 + i);
    });
  for (auto& th : threads) th.join();
  auto s = t.snapshot();
  BOOST_TEST_REQUIRE(s.size() == names.size());
  for (const auto& c : s) BOOST_TEST(c.count == 2000u, c.name);
}

BOOST_AUTO_TEST_CASE(state_file_round_trip) {
  std::string path = tempPath("round-trip");
  CnameTargets t;
  t.observe({"e1.cdn.example", "e2.cdn.example"}, "gs.apple.com", 1795933767);
  t.observe({"e1.cdn.example"}, "*.push.apple.com", 1795933800);
  t.merge({{"old.cdn.example", "mesu.apple.com", -5, 0, 18446744073709551615ull}});
  std::vector<CnameTarget> saved = t.snapshot();
  saveCnameTargets(path, saved);
  BOOST_TEST(!std::ifstream(path + ".tmp").good());  // renamed into place
  std::vector<CnameTarget> loaded = loadCnameTargets(path);
  BOOST_TEST_REQUIRE(loaded.size() == saved.size());
  for (size_t i = 0; i < saved.size(); ++i) BOOST_TEST(sameTarget(loaded[i], saved[i]), "at " << i);
  CnameTargets again;  // what a restart does
  again.merge(loaded);
  auto s = again.snapshot();
  BOOST_TEST_REQUIRE(s.size() == saved.size());
  for (size_t i = 0; i < saved.size(); ++i) BOOST_TEST(sameTarget(s[i], saved[i]), "at " << i);
  saveCnameTargets(path, {});  // an empty list replaces the file
  BOOST_TEST(loadCnameTargets(path).empty());
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(state_file_comments_and_missing_file) {
  std::string path = tempPath("comments");
  std::ofstream(path) << "# a comment\n\n"
                         "a.cdn.example\tgs.apple.com\t10\t20\t3\n"
                         "# another\n";
  auto loaded = loadCnameTargets(path);
  BOOST_TEST_REQUIRE(loaded.size() == 1u);
  BOOST_TEST(sameTarget(loaded[0], {"a.cdn.example", "gs.apple.com", 10, 20, 3}));
  std::remove(path.c_str());
  BOOST_TEST(loadCnameTargets(path).empty());  // missing: no targets yet
  BOOST_CHECK_THROW(saveCnameTargets("/nonexistent-dir/cnames.tsv", loaded), FileError);
}

BOOST_AUTO_TEST_CASE(malformed_state_file_names_file_and_line) {
  std::string path = tempPath("malformed");
  const std::string good = "# header\na.cdn.example\tgs.apple.com\t1\t2\t3\n";
  const std::string expected = path + ":3: expected name, pattern, first-seen, last-seen, count";
  for (const std::string bad : {"b.cdn.example\tgs.apple.com\t1\t2",        // a field short
                                "b.cdn.example\tgs.apple.com\t1\t2\t3\tx",  // one too many
                                "b.cdn.example\tgs.apple.com\tsoon\t2\t3",  // not a number
                                "broken line"}) {
    std::string error = loadError(path, good + bad + "\n");
    BOOST_TEST(error.starts_with(expected), bad);
    BOOST_TEST(error.ends_with("found '" + bad + "'"), bad);
  }
  BOOST_TEST(loadError(path, good) == "");
}

BOOST_AUTO_TEST_SUITE_END()
