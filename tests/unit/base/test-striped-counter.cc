/**
 * \file test-striped-counter.cc
 * Tests policy/base/striped_counter.hh: increments from many threads (more than
 * there are stripes, so some share one) all land in the sums; a table
 * ignores indexes past its size; threads spread over the stripes.
 */
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "policy/base/striped_counter.hh"

using namespace orchard;

BOOST_AUTO_TEST_SUITE(striped_counter)

BOOST_AUTO_TEST_CASE(sums_every_thread_s_increments) {
  StripedCounters<3> counters;
  StripedTable table(10);
  constexpr int kThreads = static_cast<int>(kCounterStripes) + 4, kEach = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        counters.add(1);
        counters.add(2, 3);
        table.add(9);
      }
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(counters.sum(0) == 0u);
  BOOST_TEST(counters.sum(1) == uint64_t{kThreads} * kEach);
  BOOST_TEST(counters.sum(2) == uint64_t{kThreads} * kEach * 3);
  BOOST_TEST(table.sum(9) == uint64_t{kThreads} * kEach);
  BOOST_TEST(table.sum(0) == 0u);
}

BOOST_AUTO_TEST_CASE(table_ignores_indexes_past_its_size) {
  StripedTable table(5);
  table.add(5);
  table.add(100, 7);
  table.add(4, 2);
  BOOST_TEST(table.sum(4) == 2u);
  BOOST_TEST(table.sum(5) == 0u);
  BOOST_TEST(table.size() == 5u);
}

BOOST_AUTO_TEST_CASE(threads_take_stripes_in_turn) {
  std::set<size_t> seen;
  std::mutex m;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kCounterStripes; ++t)
    threads.emplace_back([&] {
      std::lock_guard lock(m);
      seen.insert(counterStripe());
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(seen.size() == kCounterStripes);  // consecutive threads, distinct stripes
  for (size_t s : seen) BOOST_TEST(s < kCounterStripes);
}

BOOST_AUTO_TEST_SUITE_END()
