/**
 * \file test-stats-format.cc
 * Tests policy/control/stats_format.cc on a real Engine with a small
 * catalog of its own: the text page (totals, sections in name order, rows
 * with a count in catalog order, the log, the CNAME targets), the JSON
 * object (every row), and the Prometheus exposition text, line by line:
 * its metric names, labels and HELP/TYPE lines are what dashboards and
 * alerts are written against. The set feeder's lines need a set backend
 * (tests/integration/sets-e2e-control.sh and control.sh).
 */
#include <boost/test/unit_test.hpp>
#include <regex>

#include "policy/control/stats_format.hh"
#include "tests/unit/control/engine_fixture.hh"

using namespace orchard;
using orchard::test::EngineFixture;

namespace {

const char* kCatalog =
    "section beta title=Beta\n"
    "host beta *.b.example proto=tcp ports=443 os=ios\n"
    "host beta a.example proto=udp ports=123 os=ios\n"
    "section alpha title=Alpha\n"
    "host alpha a.example proto=tcp ports=443 os=ios\n"
    "host alpha quiet.example proto=tcp ports=443 os=ios\n";

/** a.example answered (two rows), x.b.example nxdomain (the wildcard). */
void seed(EngineFixture& f) {
  f.start();
  f.answer("a.example", rcode::NOERROR, AnswerSource::resolved,
           {orchard::test::a("a.example", "192.0.2.1")});
  f.answer("x.b.example", rcode::NXDOMAIN, AnswerSource::resolved);
  f.waitLogged(2);
}

std::string counts(int answered, int nxdomain) {
  return " answered=" + std::to_string(answered) +
         " nodata=0 nxdomain=" + std::to_string(nxdomain) + " servfail=0 refused=0 blocked=0";
}

std::string jsonCounts(int answered, int nxdomain) {
  return R"({"answered":)" + std::to_string(answered) + R"(,"nodata":0,"nxdomain":)" +
         std::to_string(nxdomain) + R"(,"servfail":0,"refused":0,"blocked":0})";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(control_stats_format)

BOOST_AUTO_TEST_CASE(text_lists_sections_and_counted_rows) {
  EngineFixture f(kCatalog);
  seed(f);
  BOOST_TEST(statsText(*f.engine) == "queries      " + counts(1, 1) + "\n" + "section alpha" +
                                         counts(1, 0) + "\n" + "section beta" + counts(1, 1) +
                                         "\n" + "row beta *.b.example" + counts(0, 1) + "\n" +
                                         "row beta a.example" + counts(1, 0) + "\n" +
                                         "row alpha a.example" + counts(1, 0) + "\n" +
                                         "log          pushed=2 written=2 dropped=0 lost=0\n"
                                         "cname-targets 0\n");
}

BOOST_AUTO_TEST_CASE(json_has_every_row) {
  EngineFixture f(kCatalog);
  seed(f);
  auto row = [](const char* section, const char* pattern, const std::string& c) {
    return std::string(R"({"section":")") + section + R"(","pattern":")" + pattern +
           R"(","outcomes":)" + c + "}";
  };
  BOOST_TEST(statsJson(*f.engine) ==
             R"({"queries":)" + jsonCounts(1, 1) + R"(,"sections":{"alpha":)" + jsonCounts(1, 0) +
                 R"(,"beta":)" + jsonCounts(1, 1) + R"(},"rows":[)" +
                 row("beta", "*.b.example", jsonCounts(0, 1)) + "," +
                 row("beta", "a.example", jsonCounts(1, 0)) + "," +
                 row("alpha", "a.example", jsonCounts(1, 0)) + "," +
                 row("alpha", "quiet.example", jsonCounts(0, 0)) +
                 R"(],"log":{"pushed":2,"written":2,"dropped":0,"lost":0}})");
}

BOOST_AUTO_TEST_CASE(prometheus_exposition_text) {
  EngineFixture f(kCatalog);
  seed(f);
  std::string got = prometheusText(*f.engine);
  // The uptime is whatever it is; its line must be a number.
  static const std::regex uptime("\norchard_uptime_seconds [0-9]+\n");
  BOOST_TEST(std::regex_search(got, uptime));
  got = std::regex_replace(got, uptime, "\norchard_uptime_seconds U\n");
  std::string want =
      "# HELP orchard_uptime_seconds Seconds since the engine started.\n"
      "# TYPE orchard_uptime_seconds gauge\n"
      "orchard_uptime_seconds U\n"
      "# HELP orchard_queries_total Catalog queries by outcome.\n"
      "# TYPE orchard_queries_total counter\n"
      "orchard_queries_total{outcome=\"answered\"} 1\n"
      "orchard_queries_total{outcome=\"nodata\"} 0\n"
      "orchard_queries_total{outcome=\"nxdomain\"} 1\n"
      "orchard_queries_total{outcome=\"servfail\"} 0\n"
      "orchard_queries_total{outcome=\"refused\"} 0\n"
      "orchard_queries_total{outcome=\"blocked\"} 0\n"
      "# HELP orchard_row_queries_total Queries per catalog row by outcome, since the policy "
      "was loaded.\n"
      "# TYPE orchard_row_queries_total counter\n";
  auto rowLines = [](const std::string& labels, int answered, int nxdomain) {
    std::string out;
    for (const auto& [kind, n] : {std::pair{"answered", answered},
                                  {"nodata", 0},
                                  {"nxdomain", nxdomain},
                                  {"servfail", 0},
                                  {"refused", 0},
                                  {"blocked", 0}})
      out += "orchard_row_queries_total{" + labels + ",outcome=\"" + kind + "\"} " +
             std::to_string(n) + "\n";
    return out;
  };
  want += rowLines(R"(section="beta",pattern="*.b.example")", 0, 1);
  want += rowLines(R"(section="beta",pattern="a.example")", 1, 0);
  want += rowLines(R"(section="alpha",pattern="a.example")", 1, 0);
  want += rowLines(R"(section="alpha",pattern="quiet.example")", 0, 0);
  want +=
      "# HELP orchard_log_lines_total Outcome log lines by fate.\n"
      "# TYPE orchard_log_lines_total counter\n"
      "orchard_log_lines_total{fate=\"written\"} 2\n"
      "orchard_log_lines_total{fate=\"dropped\"} 0\n"
      "orchard_log_lines_total{fate=\"lost\"} 0\n";
  BOOST_TEST(got == want);
}

BOOST_AUTO_TEST_CASE(a_fresh_engine_counts_nothing) {
  EngineFixture f(kCatalog);
  f.start();
  std::string text = statsText(*f.engine);
  BOOST_TEST(text.starts_with("queries      " + counts(0, 0) + "\n"));
  BOOST_TEST(text.find("\nrow ") == std::string::npos);  // no row has a count
  BOOST_TEST(statsJson(*f.engine).find(R"("quiet.example")") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
