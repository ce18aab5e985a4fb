/**
 * \file runner.cc
 * The one Boost.Test runner for Orchard's unit tests; each test-*.cc file
 * tests the policy/ file of the same name. Run in random order
 * (BOOST_TEST_RANDOM=1 is set by `make check`).
 */
#define BOOST_TEST_MODULE orchard
#include <boost/test/included/unit_test.hpp>
