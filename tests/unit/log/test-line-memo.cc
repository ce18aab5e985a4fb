/**
 * \file test-line-memo.cc
 * Tests policy/log/line_memo.cc: the memo writes the reference line for
 * random answers, the same answer logged again (reusing the middle of its
 * line) and the same name with another answer (not reusing it).
 */
#include <boost/test/unit_test.hpp>
#include <string>

#include "policy/log/line_memo.hh"
#include "tests/unit/log/log_fixture.hh"

using namespace orchard;
using namespace orchard::test;

BOOST_AUTO_TEST_SUITE(line_memo)

BOOST_AUTO_TEST_CASE(line_memo_writes_the_reference_line) {
  // Cache answers logged again (another time, client, thread) reuse the
  // middle of their line; any other change to the answer must not.
  Random rnd;
  LineMemo memo;
  auto check = [&memo](const LogEntry& e) {
    LogLine r;
    r.fill(e);
    std::string got;
    memo.append(r, got);
    BOOST_TEST_REQUIRE(got == referenceLine(e));
  };
  for (int i = 0; i < 2000; ++i) {
    LogEntry e = randomEntry(rnd);
    e.source = rnd.below(8) ? AnswerSource::cache : AnswerSource::resolved;
    check(e);
    e.timeUs += 1 + static_cast<int64_t>(rnd.below(999999));
    e.client = rnd.below(2) ? rnd.address().toString() : "";
    e.thread = static_cast<int>(rnd.below(5)) - 1;
    check(e);  // the same answer again
    switch (rnd.below(5)) {
      case 0:
        if (!e.addresses.empty()) ++e.addresses.back().ttl;
        break;
      case 1:
        e.kind = static_cast<OutcomeKind>((static_cast<size_t>(e.kind) + 1) % kOutcomeKinds);
        break;
      case 2: e.reason += "x"; break;
      case 3: e.admitted = e.admitted ? e.admitted - 1 : e.addresses.size(); break;
      default: e.rcode = static_cast<uint16_t>(e.rcode + 1); break;
    }
    check(e);  // another answer for the same name
  }
  BOOST_TEST(memo.reused() > 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
