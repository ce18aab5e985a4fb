/**
 * \file test-feeder.cc
 * Tests policy/sets/feeder.cc against a fake backend: what reaches the
 * kernel, what the shadow table spares it, failures counted and reported
 * once, refills after a set was recreated or failed, statics at start-up;
 * for the control commands, shadow holds, flush and the kernel/shadow diff.
 * The kernel itself is exercised by tests/integration/sets-*.sh.
 */
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <mutex>

#include "policy/base/diag_log.hh"
#include "policy/catalog/parser.hh"
#include "policy/control/set_diff.hh"
#include "policy/policy.hh"
#include "policy/sets/feeder.hh"
#include "tests/unit/test_paths.hh"

using namespace orchard;

namespace {

const Policy& shipped() {
  static Policy p(loadCatalog(shippedCatalogPath(), ""));
  return p;
}

struct FakeState {
  std::mutex mutex;
  std::vector<TimedElement> added;
  size_t staticAdded = 0;
  int error = 0;                      // returned by add()
  int probeError = 0;                 // returned by probe()
  int listError = 0;                  // returned by visit()
  uint64_t identity = 1;              // what probe() reports
  bool reportCount = false;           // probe() reports the set's count (as ipset's does)
  std::function<void()> duringProbe;  // runs after the count is taken (answers meanwhile)
};

class FakeBackend : public SetBackend {
 public:
  explicit FakeBackend(FakeState& s) : s_(s) {}
  std::string_view name() const override { return "fake"; }
  BackendResult add(std::span<const TimedElement> e) override {
    std::lock_guard lock(s_.mutex);
    if (s_.error) return {s_.error, "fake add failed"};
    s_.added.insert(s_.added.end(), e.begin(), e.end());
    return {};
  }
  BackendResult addStatic(std::span<const StaticElement> e) override {
    std::lock_guard lock(s_.mutex);
    if (s_.error) return {s_.error, "fake static failed"};
    s_.staticAdded += e.size();
    return {};
  }
  BackendResult visit(SetIndex set, const ElementVisitor& f, size_t& entries) override {
    std::lock_guard lock(s_.mutex);
    if (s_.listError) return {s_.listError, "fake list failed"};
    for (const TimedElement& t : s_.added)
      if (t.element.set == set) f({t.element, t.timeoutMs}), ++entries;
    return {};
  }
  BackendResult flush(SetIndex set) override {
    std::lock_guard lock(s_.mutex);
    std::erase_if(s_.added, [set](const TimedElement& t) { return t.element.set == set; });
    return {};
  }
  BackendResult holds(const SetElement& e) override {
    std::lock_guard lock(s_.mutex);
    for (const TimedElement& t : s_.added)
      if (t.element == e) return {};
    return {ENOENT, "fake element missing"};
  }
  SetProbe probe(SetIndex set) override {
    SetProbe p;
    {
      std::lock_guard lock(s_.mutex);
      if (s_.probeError) p.result = {s_.probeError, "fake set missing"};
      p.identity = s_.identity;
      if (s_.reportCount)
        p.count = static_cast<size_t>(
            std::count_if(s_.added.begin(), s_.added.end(),
                          [set](const TimedElement& t) { return t.element.set == set; }));
    }
    if (s_.duringProbe) s_.duringProbe();
    return p;
  }

 private:
  FakeState& s_;
};

struct Fixture {
  FakeState state;
  std::vector<std::string> diags;
  std::unique_ptr<SetFeeder> feeder;
  Fixture() {
    setDiagSink([this](std::string_view l) { diags.emplace_back(l); });
    feeder = std::make_unique<SetFeeder>(shipped().catalog, SetOptions{},
                                         std::make_unique<FakeBackend>(state),
                                         SetFeeder::Params{250, 60000, false});
  }
  ~Fixture() {
    feeder.reset();
    setDiagSink(nullptr);
  }
  void admit(const std::string& name, const std::string& addr, uint32_t ttl) {
    MatchList m = shipped().matcher.match(name);
    std::vector<TtlAddress> a{{*Address::parse(addr), ttl}};
    feeder->admit(shipped().catalog, m, a, shipped().serial);  // with the thread's CoverMemo
  }
  size_t added() {
    std::lock_guard lock(state.mutex);
    return state.added.size();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(set_feeder)

BOOST_AUTO_TEST_CASE(statics_at_start_up) {
  Fixture f;
  BOOST_TEST(f.state.staticAdded == 3u);
}

BOOST_AUTO_TEST_CASE(kernel_only_when_missing_or_short) {
  Fixture f;
  f.admit("time.apple.com", "192.0.2.10", 30);
  BOOST_REQUIRE(f.added() == 1u);
  BOOST_TEST(f.state.added[0].element.port == 123);
  BOOST_TEST((f.state.added[0].element.protocol == Protocol::udp));
  BOOST_TEST(f.state.added[0].timeoutMs == 300000);
  f.admit("time.apple.com", "192.0.2.10", 29);  // a cache hit: nothing to do
  f.admit("time.apple.com", "192.0.2.10", 30);
  BOOST_TEST(f.added() == 1u);
  f.admit("time.apple.com", "192.0.2.10", 600);  // needs 629 s, holds 300 s
  BOOST_TEST(f.added() == 2u);
  BOOST_TEST(f.state.added[1].timeoutMs == 660000);
  f.admit("evilapple.com", "192.0.2.11", 30);  // no match, no element
  BOOST_TEST(f.added() == 2u);
  SetFeederStats s = f.feeder->stats();
  BOOST_TEST(s.shadowHits == 2u);
  BOOST_TEST(s.batches == 2u);
  BOOST_TEST(s.shadowSize == 1u);
}

BOOST_AUTO_TEST_CASE(failures_counted_reported_once_then_refilled) {
  Fixture f;
  f.state.error = ENOENT;
  f.admit("time.apple.com", "192.0.2.20", 30);
  f.admit("time.apple.com", "192.0.2.21", 30);  // the set is failing: deferred
  BOOST_TEST(f.feeder->stats().failures == 1u);
  BOOST_TEST(f.feeder->stats().deferred == 1u);
  f.feeder->poll();  // the refill fails too
  BOOST_TEST(f.feeder->stats().failures == 2u);
  BOOST_TEST(f.diags.size() == 1u);  // rate-limited
  BOOST_TEST(f.feeder->stats().lastError == "fake add failed");
  f.state.error = 0;
  f.feeder->poll();  // the failed set is dirty: refilled from the shadow
  BOOST_TEST(f.added() == 2u);
  BOOST_TEST(f.feeder->stats().refills >= 1u);
  f.admit("time.apple.com", "192.0.2.22", 30);  // written at once again
  BOOST_TEST(f.added() == 3u);
}

BOOST_AUTO_TEST_CASE(failing_set_spares_resolver_threads) {
  Fixture f;
  f.state.error = ENOSPC;
  for (int i = 1; i <= 50; ++i) f.admit("time.apple.com", "192.0.2." + std::to_string(i), 30);
  SetFeederStats s = f.feeder->stats();
  BOOST_TEST(s.batches == 1u);  // one failed write, then none until a refill works
  BOOST_TEST(s.deferred == 49u);
  BOOST_TEST(s.failures == 1u);
  f.state.error = 0;
  f.feeder->poll();
  BOOST_TEST(f.added() == 50u);
}

BOOST_AUTO_TEST_CASE(recreated_set_is_refilled) {
  Fixture f;
  f.admit("1-courier.push.apple.com", "192.0.2.30", 60);
  BOOST_TEST(f.added() == 4u);  // four ports
  f.feeder->poll();             // nothing changed
  BOOST_TEST(f.added() == 4u);
  f.state.identity = 2;  // `nft -f` made a new set
  f.feeder->poll();
  BOOST_TEST(f.added() == 8u);
  BOOST_TEST(f.state.added[4].timeoutMs <= 300000);
  BOOST_TEST(f.state.added[4].timeoutMs > 290000);
  BOOST_TEST(f.state.staticAdded == 6u);  // statics came back too
}

BOOST_AUTO_TEST_CASE(flushed_set_is_refilled) {
  Fixture f;
  f.admit("1-courier.push.apple.com", "192.0.2.31", 60);
  f.admit("time.apple.com", "192.0.2.32", 30);
  BOOST_TEST(f.added() == 5u);
  f.feeder->poll();  // every canary is there: nothing to do
  BOOST_TEST(f.added() == 5u);
  {
    std::lock_guard lock(f.state.mutex);  // `nft flush set`: same identity, no elements
    f.state.added.clear();
  }
  f.admit("1-courier.push.apple.com", "192.0.2.31", 59);  // a cache hit writes nothing
  BOOST_TEST(f.added() == 0u);
  f.feeder->poll();
  BOOST_TEST(f.added() == 5u);  // refilled from the shadow
  BOOST_TEST(f.feeder->stats().failures == 0u);
}

BOOST_AUTO_TEST_CASE(answers_written_during_a_probe_are_no_loss) {
  Fixture f;
  f.state.reportCount = true;
  f.admit("time.apple.com", "192.0.2.10", 30);
  f.feeder->poll();
  uint64_t refills = f.feeder->stats().refills;
  f.state.duringProbe = [&f] { f.admit("time.apple.com", "192.0.2.11", 30); };
  f.feeder->poll();  // the kernel counted 1, the shadow holds 2 by now: no loss
  BOOST_TEST(f.feeder->stats().refills == refills);
  f.state.duringProbe = nullptr;
  {
    std::lock_guard lock(f.state.mutex);
    f.state.added.clear();  // a flush: fewer than the shadow held
  }
  f.feeder->poll();
  BOOST_TEST(f.feeder->stats().refills == refills + 1);
  BOOST_TEST(f.added() == 2u);
}

BOOST_AUTO_TEST_CASE(missing_set_then_back) {
  Fixture f;
  f.state.probeError = ENOENT;
  f.feeder->poll();
  auto states = f.feeder->states();
  BOOST_TEST(!states[0].present);
  f.admit("time.apple.com", "192.0.2.40", 30);  // DNS goes on; the write waits
  BOOST_TEST(f.added() == 0u);
  f.state.probeError = 0;
  f.feeder->poll();
  BOOST_TEST(f.feeder->states()[0].present);
  BOOST_TEST(f.added() == 1u);  // pushed by the refill of the recreated set
}

BOOST_AUTO_TEST_CASE(held_until_follows_the_shadow) {
  Fixture f;
  f.admit("time.apple.com", "192.0.2.50", 30);
  SetElement e{*f.feeder->layout().find("orchard4"), Protocol::udp, 123,
               *Address::parse("192.0.2.50")};
  auto until = f.feeder->heldUntil(e);
  BOOST_REQUIRE(until.has_value());
  int64_t left = *until - SetFeeder::nowMs();
  BOOST_TEST((left > 299000 && left <= 300000));
  e.port = 124;
  BOOST_TEST(!f.feeder->heldUntil(e).has_value());
}

BOOST_AUTO_TEST_CASE(flush_empties_kernel_and_shadow) {
  Fixture f;
  f.admit("1-courier.push.apple.com", "192.0.2.60", 60);
  f.admit("1-courier.push.apple.com", "192.0.2.60", 60);  // found held: remembered
  f.admit("1-courier.push.apple.com", "192.0.2.60", 60);  // from memory
  BOOST_TEST(f.feeder->stats().shadowHits == 8u);
  SetIndex v4 = *f.feeder->layout().find("orchard4");
  BOOST_TEST(f.feeder->flush(v4).ok());
  BOOST_TEST(f.added() == 0u);
  BOOST_TEST(f.feeder->shadowOf(v4).empty());
  f.admit("1-courier.push.apple.com", "192.0.2.60", 59);  // a cache hit pushes again
  BOOST_TEST(f.added() == 4u);
  BOOST_TEST(f.feeder->flush(*f.feeder->layout().find("orchard4_blocks")).error == EINVAL);
}

BOOST_AUTO_TEST_CASE(diff_flags_both_sides) {
  Fixture f;
  f.admit("time.apple.com", "192.0.2.70", 30);
  f.admit("time.apple.com", "192.0.2.71", 30);
  SetIndex v4 = *f.feeder->layout().find("orchard4");
  {
    std::lock_guard lock(f.state.mutex);
    f.state.added.erase(f.state.added.begin());  // the kernel lost .70
    SetElement extra{v4, Protocol::tcp, 443, *Address::parse("192.0.2.72")};
    f.state.added.push_back({extra, 100000});  // and holds one nobody admitted
    f.state.added[0].timeoutMs = 10000;        // .71 with a shorter timeout
  }
  SetDiff d = diffSet(*f.feeder, v4, 10);
  BOOST_REQUIRE(d.rows.size() == 3u);
  BOOST_TEST(d.differences() == 3u);
  BOOST_TEST((d.rows[0].state == ElementState::onlyShadow));      // .70
  BOOST_TEST((d.rows[1].state == ElementState::timeoutDiffers));  // .71
  BOOST_TEST((d.rows[2].state == ElementState::onlyKernel));      // .72
  BOOST_TEST(d.shadowElements == 2u);
  BOOST_TEST(d.more == 0u);
  SetSummary s = summarizeSet(*f.feeder, v4);  // the same counts, no rows
  BOOST_TEST(s.kernelEntries == 2u);
  BOOST_TEST(s.shadowElements == 2u);
  BOOST_TEST(s.onlyShadow == 1u);
  BOOST_TEST(s.onlyKernel == 1u);
  BOOST_TEST(s.timeoutDiffers == 1u);
}

BOOST_AUTO_TEST_CASE(diff_limit_keeps_differences_first) {
  Fixture f;
  SetIndex v4 = *f.feeder->layout().find("orchard4");
  for (int i = 10; i < 40; ++i) f.admit("time.apple.com", "192.0.2." + std::to_string(i), 30);
  {
    std::lock_guard lock(f.state.mutex);
    SetElement extra{v4, Protocol::tcp, 443, *Address::parse("192.0.2.200")};
    f.state.added.push_back({extra, 100000});
  }
  SetDiff d = diffSet(*f.feeder, v4, 5);
  BOOST_REQUIRE(d.rows.size() == 5u);
  BOOST_TEST((d.rows[0].state == ElementState::onlyKernel));  // the difference leads
  BOOST_TEST(d.rows[0].element.address.toString() == "192.0.2.200");
  BOOST_TEST((d.rows[1].state == ElementState::both));
  BOOST_TEST(d.rows[1].element.address.toString() == "192.0.2.10");  // then sorted
  BOOST_TEST(d.rows[4].element.address.toString() == "192.0.2.13");
  BOOST_TEST(d.more == 26u);
  BOOST_TEST(d.differences() == 1u);
  BOOST_TEST(summarizeSet(*f.feeder, v4).differences() == 1u);
  BOOST_TEST(summarizeSet(*f.feeder, v4).shadowElements == 30u);
}

BOOST_AUTO_TEST_CASE(unreadable_set_and_lookups) {
  Fixture f;
  f.admit("time.apple.com", "192.0.2.80", 30);
  SetIndex v4 = *f.feeder->layout().find("orchard4");
  SetElement held{v4, Protocol::udp, 123, *Address::parse("192.0.2.80")};
  SetElement absent{v4, Protocol::udp, 123, *Address::parse("192.0.2.81")};
  std::vector<std::optional<KernelElement>> found;
  BOOST_TEST(findInKernel(*f.feeder, v4, {absent, held}, found).ok());
  BOOST_REQUIRE(found.size() == 2u);
  BOOST_TEST(!found[0].has_value());
  BOOST_REQUIRE(found[1].has_value());
  BOOST_TEST(*found[1]->expiresMs == 300000);
  f.state.listError = EPERM;
  SetSummary s = summarizeSet(*f.feeder, v4);
  BOOST_TEST(s.kernel.error == EPERM);
  BOOST_TEST(s.onlyShadow == 1u);  // the shadow still counts
}

BOOST_AUTO_TEST_SUITE_END()
