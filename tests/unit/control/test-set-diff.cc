/**
 * \file test-set-diff.cc
 * Tests policy/control/set_diff.cc against a kernel kept in a vector: the
 * state names (the `state` of `sets --elements --json`), the timeout slack,
 * each kind of difference with the times each side holds, rows sorted by
 * element with the differences first, the limit and the count of what it
 * left out, summarizeSet() counting what diffSet() lists, static sets
 * (counted, never compared), a kernel listing that fails, and
 * findInKernel(). The feeder's own diff cases are in
 * tests/unit/sets/test-feeder.cc.
 */
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cerrno>

#include "policy/catalog/parser.hh"
#include "policy/control/set_diff.hh"
#include "policy/policy.hh"
#include "tests/unit/test_paths.hh"

using namespace orchard;

namespace {

const Policy& shipped() {
  static Policy p(loadCatalog(shippedCatalogPath(), ""));
  return p;
}

/** What the kernel holds: elements with the time they have left. The
 *  feeder has no watcher here, so only the test's thread touches it. */
struct Kernel {
  std::vector<KernelElement> elements;
  size_t statics = 0;
  int listError = 0;
};

class VectorBackend : public SetBackend {
 public:
  explicit VectorBackend(Kernel& k) : k_(k) {}
  std::string_view name() const override { return "vector"; }
  BackendResult add(std::span<const TimedElement> e) override {
    for (const TimedElement& t : e) k_.elements.push_back({t.element, t.timeoutMs});
    return {};
  }
  BackendResult addStatic(std::span<const StaticElement> e) override {
    k_.statics += e.size();
    return {};
  }
  SetProbe probe(SetIndex) override { return {{}, 1, std::nullopt}; }
  BackendResult visit(SetIndex set, const ElementVisitor& f, size_t& entries) override {
    if (k_.listError) return {k_.listError, "cannot list"};
    for (const KernelElement& e : k_.elements)
      if (e.element.set == set) f(e), ++entries;
    return {};
  }

 private:
  Kernel& k_;
};

struct Fixture {
  Kernel kernel;
  SetFeeder feeder{shipped().catalog, SetOptions{}, std::make_unique<VectorBackend>(kernel),
                   SetFeeder::Params{250, 60000, false}};
  SetIndex v4 = *feeder.layout().find("orchard4");
  SetIndex blocks = *feeder.layout().find("orchard4_blocks");

  /** time.apple.com answered `address`: udp/123, held 300 s. */
  void admit(const std::string& address) {
    MatchList m = shipped().matcher.match("time.apple.com");
    std::vector<TtlAddress> a{{*Address::parse(address), 30}};
    feeder.admit(shipped().catalog, m, a);
  }
  SetElement element(const std::string& address, Protocol p = Protocol::udp,
                     uint16_t port = 123) const {
    return {v4, p, port, *Address::parse(address)};
  }
  /** The kernel's copy of `e` (BOOST_REQUIREs it). */
  KernelElement& inKernel(const SetElement& e) {
    auto it = std::find_if(kernel.elements.begin(), kernel.elements.end(),
                           [&](const KernelElement& k) { return k.element == e; });
    BOOST_REQUIRE(it != kernel.elements.end());
    return *it;
  }
  void dropFromKernel(const SetElement& e) {
    std::erase_if(kernel.elements, [&](const KernelElement& k) { return k.element == e; });
  }
};

constexpr int64_t kHeld = 300000;  // what time.apple.com's elements are held for

}  // namespace

BOOST_AUTO_TEST_SUITE(control_set_diff)

BOOST_AUTO_TEST_CASE(state_names) {
  BOOST_TEST(toString(ElementState::both) == "both");
  BOOST_TEST(toString(ElementState::onlyKernel) == "only-in-kernel");
  BOOST_TEST(toString(ElementState::onlyShadow) == "only-in-shadow");
  BOOST_TEST(toString(ElementState::timeoutDiffers) == "timeout-differs");
}

BOOST_AUTO_TEST_CASE(each_difference_with_both_sides_times) {
  Fixture f;
  for (const char* a : {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"})
    f.admit(a);
  f.dropFromKernel(f.element("192.0.2.2"));                      // lost by the kernel
  f.inKernel(f.element("192.0.2.3")).expiresMs = kHeld - 20000;  // far apart
  f.inKernel(f.element("192.0.2.4")).expiresMs = kHeld - 1000;   // within the slack
  f.inKernel(f.element("192.0.2.5")).expiresMs = std::nullopt;   // no timeout to compare
  f.kernel.elements.push_back({f.element("192.0.2.9", Protocol::tcp, 443), 100000});  // by hand
  SetDiff d = diffSet(f.feeder, f.v4, 100);
  BOOST_REQUIRE_EQUAL(d.rows.size(), 6u);
  // Differences first, by element; then the agreements, by element.
  BOOST_TEST(d.rows[0].element.address.toString() == "192.0.2.2");
  BOOST_TEST((d.rows[0].state == ElementState::onlyShadow));
  BOOST_TEST(!d.rows[0].inKernel);
  BOOST_TEST(!d.rows[0].kernelLeftMs.has_value());
  BOOST_TEST(*d.rows[0].shadowLeftMs > kHeld - 60000);
  BOOST_TEST(*d.rows[0].shadowLeftMs <= kHeld);
  BOOST_TEST(d.rows[1].element.address.toString() == "192.0.2.3");
  BOOST_TEST((d.rows[1].state == ElementState::timeoutDiffers));
  BOOST_TEST(*d.rows[1].kernelLeftMs == kHeld - 20000);
  BOOST_TEST(d.rows[2].element.address.toString() == "192.0.2.9");
  BOOST_TEST((d.rows[2].state == ElementState::onlyKernel));
  BOOST_TEST(d.rows[2].inKernel);
  BOOST_TEST(!d.rows[2].shadowLeftMs.has_value());
  for (size_t i = 3; i < 6; ++i) BOOST_TEST((d.rows[i].state == ElementState::both), i);
  BOOST_TEST(d.rows[3].element.address.toString() == "192.0.2.1");
  BOOST_TEST(d.rows[4].element.address.toString() == "192.0.2.4");
  BOOST_TEST(d.rows[5].element.address.toString() == "192.0.2.5");
  BOOST_TEST(d.kernelEntries == 5u);
  BOOST_TEST(d.shadowElements == 5u);
  BOOST_TEST(d.onlyShadow == 1u);
  BOOST_TEST(d.onlyKernel == 1u);
  BOOST_TEST(d.timeoutDiffers == 1u);
  BOOST_TEST(d.differences() == 3u);
  BOOST_TEST(d.more == 0u);
  BOOST_TEST(d.kernel.ok());
  SetSummary s = summarizeSet(f.feeder, f.v4);  // the same counts, streamed
  BOOST_TEST(s.kernelEntries == d.kernelEntries);
  BOOST_TEST(s.shadowElements == d.shadowElements);
  BOOST_TEST(s.onlyShadow == d.onlyShadow);
  BOOST_TEST(s.onlyKernel == d.onlyKernel);
  BOOST_TEST(s.timeoutDiffers == d.timeoutDiffers);
}

BOOST_AUTO_TEST_CASE(elements_sort_by_address_then_protocol_then_port) {
  Fixture f;
  f.kernel.elements.push_back({f.element("192.0.2.8", Protocol::udp, 443), 1000});
  f.kernel.elements.push_back({f.element("192.0.2.8", Protocol::tcp, 5223), 1000});
  f.kernel.elements.push_back({f.element("192.0.2.8", Protocol::tcp, 443), 1000});
  f.kernel.elements.push_back({f.element("192.0.2.7", Protocol::udp, 9), 1000});
  SetDiff d = diffSet(f.feeder, f.v4, 10);
  BOOST_REQUIRE_EQUAL(d.rows.size(), 4u);
  BOOST_TEST((d.rows[0].element == f.element("192.0.2.7", Protocol::udp, 9)));
  BOOST_TEST((d.rows[1].element == f.element("192.0.2.8", Protocol::tcp, 443)));
  BOOST_TEST((d.rows[2].element == f.element("192.0.2.8", Protocol::tcp, 5223)));
  BOOST_TEST((d.rows[3].element == f.element("192.0.2.8", Protocol::udp, 443)));
}

BOOST_AUTO_TEST_CASE(the_limit_keeps_differences_and_counts_the_rest) {
  Fixture f;
  for (int i = 10; i < 20; ++i) f.admit("192.0.2." + std::to_string(i));
  f.dropFromKernel(f.element("192.0.2.15"));
  f.dropFromKernel(f.element("192.0.2.12"));
  SetDiff d = diffSet(f.feeder, f.v4, 3);
  BOOST_REQUIRE_EQUAL(d.rows.size(), 3u);
  BOOST_TEST(d.rows[0].element.address.toString() == "192.0.2.12");
  BOOST_TEST(d.rows[1].element.address.toString() == "192.0.2.15");
  BOOST_TEST(d.rows[2].element.address.toString() == "192.0.2.10");  // the first agreement
  BOOST_TEST(d.more == 7u);
  BOOST_TEST(d.differences() == 2u);  // counted whatever the limit
  SetDiff one = diffSet(f.feeder, f.v4, 1);
  BOOST_REQUIRE_EQUAL(one.rows.size(), 1u);
  BOOST_TEST(one.rows[0].element.address.toString() == "192.0.2.12");
  BOOST_TEST(one.more == 9u);
}

BOOST_AUTO_TEST_CASE(static_sets_are_counted_not_compared) {
  Fixture f;
  BOOST_REQUIRE(f.feeder.layout().isStatic(f.blocks));
  f.kernel.elements.push_back({{f.blocks, Protocol::tcp, 443, *Address::parse("17.0.0.1")}, {}});
  SetSummary s = summarizeSet(f.feeder, f.blocks);
  BOOST_TEST(s.kernelEntries == 1u);
  BOOST_TEST(s.shadowElements == 0u);
  BOOST_TEST(s.differences() == 0u);
  SetDiff d = diffSet(f.feeder, f.blocks, 10);
  BOOST_TEST(d.kernelEntries == 1u);
  BOOST_TEST(d.rows.empty());
  BOOST_TEST(d.differences() == 0u);
}

BOOST_AUTO_TEST_CASE(a_failed_listing_is_reported_and_the_shadow_still_counts) {
  Fixture f;
  f.admit("192.0.2.1");
  f.admit("192.0.2.2");
  f.kernel.listError = ENOENT;
  SetSummary s = summarizeSet(f.feeder, f.v4);
  BOOST_TEST(s.kernel.error == ENOENT);
  BOOST_TEST(s.kernel.what == "cannot list");
  BOOST_TEST(s.shadowElements == 2u);
  BOOST_TEST(s.onlyShadow == 2u);
  SetDiff d = diffSet(f.feeder, f.v4, 10);
  BOOST_TEST(d.kernel.error == ENOENT);
  BOOST_TEST(d.rows.size() == 2u);
  BOOST_TEST(d.onlyShadow == 2u);
}

BOOST_AUTO_TEST_CASE(find_in_kernel) {
  Fixture f;
  f.admit("192.0.2.1");
  SetElement held = f.element("192.0.2.1"), absent = f.element("192.0.2.2");
  std::vector<std::optional<KernelElement>> found{KernelElement{}};  // replaced
  BOOST_TEST(findInKernel(f.feeder, f.v4, {absent, held, held}, found).ok());
  BOOST_REQUIRE_EQUAL(found.size(), 3u);
  BOOST_TEST(!found[0].has_value());
  BOOST_REQUIRE(found[1].has_value());
  BOOST_TEST(*found[1]->expiresMs == kHeld);
  BOOST_TEST(found[2].has_value());
  f.kernel.listError = EPERM;
  BOOST_TEST(findInKernel(f.feeder, f.v4, {held}, found).error == EPERM);
  BOOST_TEST(!found[0].has_value());
}

BOOST_AUTO_TEST_SUITE_END()
