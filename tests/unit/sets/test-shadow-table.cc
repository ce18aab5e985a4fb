/**
 * \file test-shadow-table.cc
 * Tests policy/sets/shadow_table.cc: cover checks, never shortening, bounds and
 * eviction counting, live listings, samples, and concurrent use.
 */
#include <boost/test/unit_test.hpp>
#include <set>
#include <thread>

#include "policy/sets/shadow_table.hh"

using namespace orchard;

namespace {

SetElement el(uint8_t last, uint16_t port = 443, SetIndex set = 0) {
  SetElement e;
  e.set = set;
  e.port = port;
  e.address = *Address::parse("192.0.2." + std::to_string(last));
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shadow_table)

BOOST_AUTO_TEST_CASE(covers_until_expiry) {
  ShadowTable t(1024);
  BOOST_TEST(!t.covers(el(1), 0));
  t.put(el(1), 5000, 0);
  BOOST_TEST(t.covers(el(1), 5000));
  BOOST_TEST(!t.covers(el(1), 5001));
  BOOST_TEST(!t.covers(el(1, 80), 0));  // another port is another element
  t.put(el(1), 3000, 0);                // never shortens
  BOOST_TEST(t.covers(el(1), 5000));
  t.put(el(1), 9000, 0);
  BOOST_TEST(t.covers(el(1), 9000));
  t.erase(el(1));
  BOOST_TEST(!t.covers(el(1), 0));
}

BOOST_AUTO_TEST_CASE(bounded_with_evictions_counted) {
  ShadowTable t(64, 1);  // one shard of 64
  for (int i = 0; i < 64; ++i) t.put(el(static_cast<uint8_t>(i)), 1000 + i, 0);
  BOOST_TEST(t.size() == 64u);
  BOOST_TEST(t.evictions() == 0u);
  t.put(el(200), 5000, 0);  // full, nothing expired: the soonest 1/16 (i < 4) go
  BOOST_TEST(t.size() == 61u);
  BOOST_TEST(t.evictions() == 4u);
  for (uint8_t i = 0; i < 4; ++i) BOOST_TEST(!t.covers(el(i), 0));
  BOOST_TEST(t.covers(el(4), 1004));
  BOOST_TEST(t.covers(el(200), 5000));
  for (uint8_t i = 201; i < 204; ++i) t.put(el(i), 5000, 0);  // full again
  t.put(el(204), 5000, 1030);  // expired ones are dropped first, not counted
  BOOST_TEST(t.evictions() == 4u);
  BOOST_TEST(t.size() == 64u - 27u + 1u);
}

BOOST_AUTO_TEST_CASE(live_lists_one_set) {
  ShadowTable t(1024);
  t.put(el(1, 443, 0), 5000, 0);
  t.put(el(2, 443, 0), 100, 0);
  t.put(el(3, 443, 1), 5000, 0);
  auto live = t.live(0, 1000);
  BOOST_REQUIRE(live.size() == 1u);
  BOOST_TEST(live[0].first.address.toString() == "192.0.2.1");
  BOOST_TEST(t.liveCount(1, 1000) == 1u);
}

BOOST_AUTO_TEST_CASE(expiry_and_erase_set) {
  ShadowTable t(64);
  SetElement a{0, Protocol::tcp, 443, *Address::parse("192.0.2.1")};
  SetElement b{1, Protocol::tcp, 443, *Address::parse("192.0.2.1")};
  t.put(a, 5000, 0);
  t.put(b, 7000, 0);
  BOOST_TEST(t.expiry(a).value() == 5000);
  BOOST_TEST(t.eraseSet(0) == 1u);
  BOOST_TEST(!t.expiry(a).has_value());
  BOOST_TEST(t.expiry(b).value() == 7000);
}

BOOST_AUTO_TEST_CASE(sample_finds_held_elements_of_one_set) {
  ShadowTable t(1024);
  BOOST_TEST(!t.sample(0, 0, 0).has_value());
  t.put(el(1, 443, 1), 9000, 0);  // another set
  t.put(el(2), 1000, 0);          // held too briefly
  BOOST_TEST(!t.sample(0, 2000, 0).has_value());
  for (uint8_t i = 10; i < 40; ++i) t.put(el(i), 5000, 0);
  std::set<uint8_t> seen;
  for (size_t start = 0; start < 64; ++start) {
    auto e = t.sample(0, 2000, start);
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->set == 0u);
    BOOST_TEST(t.covers(*e, 2000));
    seen.insert(e->address.bytes[3]);
  }
  BOOST_TEST(seen.size() > 5u);  // successive starts give different canaries
}

BOOST_AUTO_TEST_CASE(counts_follow_expiry_eviction_and_erasure_across_sets) {
  ShadowTable t(64, 1);  // one shard: every set shares it
  for (uint8_t i = 0; i < 40; ++i) t.put(el(i, 443, 0), 1000 + i, 0);
  for (uint8_t i = 0; i < 24; ++i) t.put(el(i, 443, 2), 5000, 0);
  BOOST_TEST(t.size() == 64u);
  BOOST_TEST(t.liveCount(0, 0) == 40u);
  BOOST_TEST(t.liveCount(0, 1019) == 20u);  // expired ones are not counted
  BOOST_TEST(t.liveCount(1, 0) == 0u);      // a set never put
  BOOST_TEST(t.liveCount(2, 1019) == 24u);
  t.put(el(99, 443, 1), 9000, 1010);  // full: the expired of set 0 go
  BOOST_TEST(t.size() == 64u - 11u + 1u);
  BOOST_TEST(t.evictions() == 0u);
  BOOST_TEST(t.liveCount(0, 1010) == 29u);
  BOOST_TEST(t.sample(1, 9000, 0).has_value());
  BOOST_TEST(!t.sample(1, 9001, 0).has_value());
  t.erase(el(99, 443, 1));
  BOOST_TEST(!t.sample(1, 0, 0).has_value());
  BOOST_TEST(t.eraseSet(2) == 24u);
  BOOST_TEST(t.size() == 29u);
  BOOST_TEST(!t.sample(2, 0, 0).has_value());
  t.put(el(5, 443, 2), 100, 0);  // a bucket reused after erasure
  BOOST_TEST(t.liveCount(2, 50) == 1u);
  BOOST_TEST(t.liveCount(2, 100) == 0u);
}

BOOST_AUTO_TEST_CASE(concurrent_writers_and_readers) {
  ShadowTable t(1 << 16);
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w)
    threads.emplace_back([&t, w] {
      for (int i = 0; i < 20000; ++i) {
        SetElement e = el(static_cast<uint8_t>(i % 250), static_cast<uint16_t>(w));
        if (!t.covers(e, i)) t.put(e, i + 1000, i);
      }
    });
  for (auto& th : threads) th.join();
  BOOST_TEST(t.size() == 1000u);
  BOOST_TEST(t.evictions() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
