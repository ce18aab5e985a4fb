/**
 * \file test-engine-config.cc
 * Tests policy/engine_config.cc: settings, relative paths, errors.
 */
#include <boost/test/unit_test.hpp>

#include "policy/base/config_lexer.hh"
#include "policy/engine_config.hh"

using namespace orchard;

namespace {

std::string errorOf(const std::string& text) {
  try {
    parseEngineConfig(text, "orchard.conf");
  } catch (const FileError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_config)

BOOST_AUTO_TEST_CASE(settings_and_relative_paths) {
  EngineConfig c = parseEngineConfig(
      "catalog apple.catalog\nsite /etc/orchard/site.catalog\nlog file out/o.jsonl\n"
      "log-queries all\nlog-queue 1024\nallow-private yes\n",
      "/etc/orchard/orchard.conf");
  BOOST_TEST(c.catalog == "/etc/orchard/apple.catalog");
  BOOST_TEST(c.site == "/etc/orchard/site.catalog");
  BOOST_TEST(c.log.file == "/etc/orchard/out/o.jsonl");
  BOOST_TEST((c.log.destination == LogDestination::file));
  BOOST_TEST((c.log.queries == LogQueries::all));
  BOOST_TEST(c.log.queue == 1024u);
  BOOST_TEST(c.allowPrivate);
  BOOST_TEST((parseEngineConfig("log syslog\n", "f").log.destination == LogDestination::syslog));
  BOOST_TEST((parseEngineConfig("", "f").log.queries == LogQueries::catalog));
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
  // A quoted empty string is no path (found by fuzz-engine-config).
  for (const char* conf : {"catalog \"\"\n", "site \"\"\n", "cname-file \"\"\n", "log file \"\"\n",
                           "control-socket \"\"\n"})
    BOOST_TEST(errorOf(conf).ends_with(": expected a path, found an empty string"), conf);
  BOOST_TEST(
      errorOf("catalgo x\n")
          .ends_with("sets, nft-table, set-prefix, set-mode, set-timeout-floor, "
                     "set-timeout-ceiling, set-grace, shadow-max or apple-block, found 'catalgo'"));
}

BOOST_AUTO_TEST_CASE(set_options) {
  EngineConfig c = parseEngineConfig(
      "sets ipset\nnft-table ip fw\nset-prefix apple\nset-mode section\n"
      "set-timeout-floor 60\nset-timeout-ceiling 3600\nset-grace 5\nshadow-max 1000\n"
      "apple-block yes\n",
      "f");
  BOOST_TEST((c.sets.backend == SetBackendKind::ipset));
  BOOST_TEST(c.sets.nftFamily == "ip");
  BOOST_TEST(c.sets.nftTable == "fw");
  BOOST_TEST(c.sets.prefix == "apple");
  BOOST_TEST((c.sets.mode == SetMode::section));
  BOOST_TEST(c.sets.timeoutFloor == 60u);
  BOOST_TEST(c.sets.timeoutCeiling == 3600u);
  BOOST_TEST(c.sets.grace == 5u);
  BOOST_TEST(c.sets.shadowMax == 1000u);
  BOOST_TEST(c.sets.appleBlock);
  BOOST_TEST((parseEngineConfig("", "f").sets.backend == SetBackendKind::none));
  BOOST_TEST(errorOf("sets pf\n") == "orchard.conf:1: expected nftables|ipset|none, found 'pf'");
  BOOST_TEST(errorOf("nft-table inet6 x\n") ==
             "orchard.conf:1: expected inet, ip, ip6, bridge, netdev or arp, found 'inet6'");
  BOOST_TEST(errorOf("set-prefix a-b\n") ==
             "orchard.conf:1: expected 1 to 20 letters, digits or '_', found 'a-b'");
  BOOST_TEST(errorOf("set-timeout-floor 600\nset-timeout-ceiling 60\n") ==
             "orchard.conf: expected set-timeout-ceiling (60) to be at least "
             "set-timeout-floor (600)");
}

BOOST_AUTO_TEST_SUITE_END()
