/**
 * \file test-cover-memo.cc
 * Tests policy/sets/cover_memo.cc: an entry answers only for the same feeder,
 * policy, address and rows, while the shadow table's removal count has not
 * moved and its hold is long enough; what it cannot tell apart exactly
 * (no policy, too many rows) it does not keep.
 */
#include <boost/test/unit_test.hpp>

#include "policy/sets/cover_memo.hh"

using namespace orchard;

namespace {

MatchList rows(std::initializer_list<RowId> ids) {
  MatchList m;
  for (RowId id : ids) m.add({id, PatternKind::exact});
  return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cover_memo)

BOOST_AUTO_TEST_CASE(answers_only_what_it_was_told) {
  CoverMemo memo;
  Address a = *Address::parse("192.0.2.1"), b = *Address::parse("2001:db8::1");
  MatchList m = rows({3, 7});
  memo.store({1, 5, m, a}, 10, 2000, 8);
  BOOST_TEST(memo.held({1, 5, m, a}, 10, 2000) == 8u);
  BOOST_TEST(memo.held({1, 5, m, a}, 10, 1500) == 8u);
  BOOST_TEST(memo.held({1, 5, m, a}, 10, 2001) == 0u);  // must hold longer
  BOOST_TEST(memo.held({1, 5, m, a}, 11, 1000) == 0u);  // something was removed
  BOOST_TEST(memo.held({2, 5, m, a}, 10, 1000) == 0u);  // another feeder
  BOOST_TEST(memo.held({1, 6, m, a}, 10, 1000) == 0u);  // another policy
  MatchList other = rows({3, 8}), fewer = rows({3});
  BOOST_TEST(memo.held({1, 5, other, a}, 10, 1000) == 0u);
  BOOST_TEST(memo.held({1, 5, fewer, a}, 10, 1000) == 0u);
  BOOST_TEST(memo.held({1, 5, m, b}, 10, 1000) == 0u);
  memo.store({1, 5, m, b}, 10, 3000, 4);
  BOOST_TEST(memo.held({1, 5, m, b}, 10, 3000) == 4u);
}

BOOST_AUTO_TEST_CASE(keeps_nothing_it_could_confuse) {
  CoverMemo memo;
  Address a = *Address::parse("192.0.2.2");
  MatchList m = rows({1});
  memo.store({1, 0, m, a}, 0, 5000, 2);  // no policy serial
  BOOST_TEST(memo.held({1, 0, m, a}, 0, 0) == 0u);
  MatchList many = rows({1, 2, 3, 4, 5});
  memo.store({1, 5, many, a}, 0, 5000, 2);
  BOOST_TEST(memo.held({1, 5, many, a}, 0, 0) == 0u);
  memo.store({1, 5, m, a}, 0, 5000, 0);  // no elements: nothing to remember
  BOOST_TEST(memo.held({1, 5, m, a}, 0, 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
