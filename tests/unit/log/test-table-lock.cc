/**
 * \file test-table-lock.cc
 * Tests policy/log/table_lock.hh: the lock of the log writer's tables
 * excludes (two threads' unguarded increments all arrive).
 */
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <mutex>
#include <thread>

#include "policy/log/table_lock.hh"

using namespace orchard;

BOOST_AUTO_TEST_SUITE(log_table_lock)

BOOST_AUTO_TEST_CASE(table_lock_excludes) {
  LogTableLock lock;
  uint64_t counter = 0;  // not atomic: only the lock keeps the increments whole
  auto work = [&] {
    for (int i = 0; i < 200000; ++i) {
      std::lock_guard guard(lock);
      ++counter;
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  BOOST_TEST(counter == 400000u);
}

BOOST_AUTO_TEST_SUITE_END()
