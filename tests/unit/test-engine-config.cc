/**
 * \file test-engine-config.cc
 * Tests policy/engine_config.cc: settings, relative paths, errors.
 */
#include <boost/test/unit_test.hpp>

#include "policy/engine_config.hh"
#include "policy/record_reader.hh"

using namespace orchard;

BOOST_AUTO_TEST_SUITE(engine_config)

BOOST_AUTO_TEST_CASE(settings_and_relative_paths) {
  EngineConfig c = parseEngineConfig(
      "catalog apple.catalog\nsite /etc/orchard/site.catalog\nlog file out/o.jsonl\n"
      "log-queries all\nlog-queue 1024\nallow-private yes\n",
      "/etc/orchard/orchard.conf");
  BOOST_TEST(c.catalog == "/etc/orchard/apple.catalog");
  BOOST_TEST(c.site == "/etc/orchard/site.catalog");
  BOOST_TEST(c.logFile == "/etc/orchard/out/o.jsonl");
  BOOST_TEST((c.log == LogDestination::file));
  BOOST_TEST((c.logQueries == LogQueries::all));
  BOOST_TEST(c.logQueue == 1024u);
  BOOST_TEST(c.allowPrivate);
  BOOST_TEST((parseEngineConfig("log syslog\n", "f").log == LogDestination::syslog));
  BOOST_TEST((parseEngineConfig("", "f").logQueries == LogQueries::catalog));
}

std::string errorOf(const std::string& text) {
  try {
    parseEngineConfig(text, "orchard.conf");
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

BOOST_AUTO_TEST_CASE(errors_name_file_and_line) {
  BOOST_TEST(errorOf("\nlog-queries some\n") ==
             "orchard.conf:2: expected all or catalog, found 'some'");
  BOOST_TEST(errorOf("log file\n") ==
             "orchard.conf:1: expected 'log file PATH', found 1 argument(s)");
  BOOST_TEST(errorOf("log tcp\n") ==
             "orchard.conf:1: expected log file PATH, log syslog or log none, found 'tcp'");
  BOOST_TEST(errorOf("log-queue 2\n") ==
             "orchard.conf:1: expected a number from 16 to 16777216, found '2'");
  BOOST_TEST(errorOf("catalgo x\n")
                 .starts_with("orchard.conf:1: expected catalog, site, cname-file, log"));
  BOOST_TEST(errorOf("catalog a b\n") ==
             "orchard.conf:1: expected 'catalog PATH', found extra 'b'");
}

BOOST_AUTO_TEST_SUITE_END()
