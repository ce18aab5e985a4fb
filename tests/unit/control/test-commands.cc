/**
 * \file test-commands.cc
 * Tests policy/control/commands.cc and set_commands.cc through the
 * engine's real command table (engineCommands) on a real Engine, as the
 * control thread runs them: every table entry bound to a handler, status,
 * stats, recent (filters, limits, --json as the log writes it), explain,
 * reload (a bad site file keeps the old policy), reopen-log, why and the
 * set commands without a set backend, unknown commands and bad arguments.
 * The set commands with a backend are exercised by
 * tests/integration/sets-e2e-control.sh.
 */
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <set>

#include "policy/control/command_table.hh"
#include "tests/unit/control/engine_fixture.hh"

using namespace orchard;
using orchard::test::EngineFixture;

namespace {

/** Four outcomes: mesu.apple.com resolved through a CNAME, xp.apple.com
 *  blocked by local data, gs.apple.com failed, mesu.apple.com again from
 *  the cache. */
void seed(EngineFixture& f) {
  using namespace orchard::test;
  auto mesu = std::vector{cname("mesu.apple.com", "mesu.cdn.example"),
                          a("mesu.cdn.example", "198.51.100.41")};
  f.answer("mesu.apple.com", rcode::NOERROR, AnswerSource::resolved, mesu);
  f.answer("xp.apple.com", rcode::NXDOMAIN, AnswerSource::local);
  f.answer("gs.apple.com", rcode::SERVFAIL, AnswerSource::servfail);
  f.answer("mesu.apple.com", rcode::NOERROR, AnswerSource::cache, mesu);
  f.waitLogged(4);
}

/** The data lines of an `ok` answer (BOOST_REQUIREs the `ok`). */
std::vector<std::string> okLines(const std::string& answer) {
  BOOST_REQUIRE_MESSAGE(answer.starts_with("ok\n"), answer);
  std::vector<std::string> out;
  for (size_t at = 3, nl; (nl = answer.find('\n', at)) != std::string::npos; at = nl + 1)
    out.push_back(answer.substr(at, nl - at));
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/** The time and client a recent line starts with, taken off. */
std::string withoutTime(const std::string& line) {
  BOOST_REQUIRE(line.size() > 21 && line.substr(20, 11) == " 192.0.2.7 ");
  return line.substr(31);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(control_commands)

BOOST_AUTO_TEST_CASE(every_table_entry_is_bound_to_one_handler) {
  EngineFixture f;
  BOOST_REQUIRE_NO_THROW(f.start());  // throws when an entry or a handler is unmatched
  auto table = controlCommandTable();
  BOOST_REQUIRE_EQUAL(f.commands.size(), table.size());
  for (size_t i = 0; i < table.size(); ++i) {
    BOOST_TEST(f.commands[i].name == table[i].name);
    BOOST_TEST(f.commands[i].usage == usageOf(table[i]));
    BOOST_TEST(f.commands[i].help == table[i].summary);
    BOOST_TEST(static_cast<bool>(f.commands[i].run));
  }
  std::string help = f.ask("help");
  BOOST_TEST(help.starts_with("ok\nstatus [--json] "));
  for (const CommandSpec& c : table)
    BOOST_TEST(contains(help, "\n" + usageOf(c) + " "), "help lists " << usageOf(c));
}

BOOST_AUTO_TEST_CASE(status_text_and_json) {
  EngineFixture f;
  f.start();
  seed(f);
  auto out = okLines(f.ask("status"));
  BOOST_REQUIRE_EQUAL(out.size(), 6u);
  BOOST_TEST(out[0].starts_with("version      orchard "));
  BOOST_TEST(out[1].starts_with("uptime       "));
  BOOST_TEST(out[2] == "config       ");
  BOOST_TEST(out[3] == "catalog      " + f.config.catalog + " (50 rows)");
  BOOST_TEST(out[4] == "log          file " + f.config.log.file + ": 4 written, 0 dropped, 0 lost");
  BOOST_TEST(out[5] == "sets         none");
  std::string json = f.ask("status --json");
  BOOST_TEST(json.starts_with("ok\n{\"version\":\""));
  BOOST_TEST(
      contains(json, ",\"catalog\":\"" + f.config.catalog + "\",\"site\":\"\",\"rows\":50,"));
  BOOST_TEST(contains(json, "\"log\":\"file\",\"log_file\":\"" + f.config.log.file + "\","));
  BOOST_TEST(
      contains(json, "\"log_written\":4,\"log_dropped\":0,\"log_lost\":0,\"sets\":\"none\"}"));
}

BOOST_AUTO_TEST_CASE(stats_text_json_prometheus) {
  EngineFixture f;
  f.start();
  seed(f);
  std::string text = f.ask("stats");
  BOOST_TEST(text.starts_with(
      "ok\nqueries       answered=2 nodata=0 nxdomain=0 servfail=1 refused=0 blocked=1\n"));
  BOOST_TEST(contains(text, "\nrow software-update mesu.apple.com answered=2 nodata=0 "));
  BOOST_TEST(contains(text, "\nlog          pushed=4 written=4 dropped=0 lost=0\n"));
  BOOST_TEST(!contains(text, "\nsets "));  // no set backend
  BOOST_TEST(f.ask("stats --json").starts_with("ok\n{\"queries\":{\"answered\":2,"));
  std::string prom = f.ask("stats --prometheus");
  BOOST_TEST(contains(prom, "\norchard_queries_total{outcome=\"blocked\"} 1\n"));
  BOOST_TEST(prom.starts_with("ok\n# HELP orchard_uptime_seconds "));
  BOOST_TEST(f.ask("stats --prometheus --json").starts_with("ok\n# HELP orchard_uptime_seconds "));
  BOOST_TEST(f.ask("stats --bogus") ==
             "error stats: unexpected '--bogus' (usage: stats [--prometheus] [--json])\n");
  // --textfile is orchardctl's: the server does not take it.
  BOOST_TEST(f.ask("stats --textfile x").starts_with("error stats: unexpected '--textfile'"));
}

BOOST_AUTO_TEST_CASE(recent_filters) {
  EngineFixture f;
  f.start();
  seed(f);
  auto all = okLines(f.ask("recent"));
  BOOST_REQUIRE_EQUAL(all.size(), 4u);  // oldest first
  BOOST_TEST(withoutTime(all[0]) ==
             "mesu.apple.com A resolved answered -> mesu.cdn.example 198.51.100.41");
  BOOST_TEST(withoutTime(all[1]) == "xp.apple.com A local blocked (local data: nxdomain)");
  BOOST_TEST(withoutTime(all[2]) == "gs.apple.com A servfail servfail (resolution failed)");
  BOOST_TEST(withoutTime(all[3]).starts_with("mesu.apple.com A cache answered"));
  BOOST_TEST(okLines(f.ask("recent --blocked")) == std::vector<std::string>{all[1]});
  BOOST_TEST(okLines(f.ask("recent --failed")) == (std::vector<std::string>{all[1], all[2]}));
  BOOST_TEST(okLines(f.ask("recent --name MESU.apple.com.")) ==
             (std::vector<std::string>{all[0], all[3]}));
  BOOST_TEST(okLines(f.ask("recent --limit 2")) == (std::vector<std::string>{all[2], all[3]}));
  BOOST_TEST(okLines(f.ask("recent --failed --limit 1")) == std::vector<std::string>{all[2]});
  BOOST_TEST(f.ask("recent --name never.example") == "ok\nno outcomes recorded yet\n");
  BOOST_TEST(f.ask("recent --name a..b") == "error recent: not a DNS name: 'a..b'\n");
}

BOOST_AUTO_TEST_CASE(recent_limit_errors) {
  EngineFixture f;
  f.start();
  for (const char* bad : {"0", "-1", "x", "2x", "99999999999999999999999"})
    BOOST_TEST(
        f.ask(std::string("recent --limit ") + bad) ==
            "error recent: --limit takes a positive number, not '" + std::string(bad) + "'\n",
        bad);
  BOOST_TEST(f.ask("recent --limit") ==
             "error recent: --limit needs a value (usage: recent [--blocked|--failed] "
             "[--name NAME] [--limit K] [--json])\n");
  BOOST_TEST(f.ask("recent --all").starts_with("error recent: unexpected '--all' (usage: "));
  BOOST_TEST(f.ask("recent mesu.apple.com").starts_with("error recent: unexpected 'mesu"));
}

BOOST_AUTO_TEST_CASE(recent_json_is_the_log_lines) {
  EngineFixture f;
  f.start();
  seed(f);
  auto log = f.lines();
  BOOST_REQUIRE_EQUAL(log.size(), 4u);
  BOOST_TEST(f.ask("recent --json") ==
             "ok\n[" + log[0] + "," + log[1] + "," + log[2] + "," + log[3] + "]\n");
  BOOST_TEST(f.ask("recent --blocked --json") == "ok\n[" + log[1] + "]\n");
  BOOST_TEST(f.ask("recent --name nowhere.example --json") == "ok\n[]\n");
}

BOOST_AUTO_TEST_CASE(explain_a_catalog_name) {
  EngineFixture f;
  f.start();
  seed(f);
  auto out = okLines(f.ask("explain MESU.apple.com"));
  BOOST_REQUIRE_EQUAL(out.size(), 5u);
  BOOST_TEST(out[0] == "mesu.apple.com");
  BOOST_TEST(out[1] == "  row   software-update mesu.apple.com (exact) tcp 80,443");
  BOOST_TEST(out[2] == "        2 answered");
  BOOST_TEST(out[3].starts_with("  last  "));
  BOOST_TEST(withoutTime(out[3].substr(8)).starts_with("mesu.apple.com A cache answered"));
  BOOST_TEST(out[4].starts_with("  cname mesu.cdn.example (seen 1x, last "));
  std::string json = f.ask("explain mesu.apple.com --json");
  BOOST_TEST(
      json.starts_with("ok\n{\"name\":\"mesu.apple.com\",\"rows\":[{\"section\":"
                       "\"software-update\",\"pattern\":\"mesu.apple.com\",\"match\":"
                       "\"exact\",\"outcomes\":{\"answered\":2,"));
  BOOST_TEST(contains(json, ",\"last\":" + f.lines()[3] +
                                ",\"cname_targets\":"
                                "[\"mesu.cdn.example\"]}\n"));
}

BOOST_AUTO_TEST_CASE(explain_other_and_bad_names) {
  EngineFixture f;
  f.start();
  BOOST_TEST(f.ask("explain evilapple.com") ==
             "ok\nevilapple.com\n"
             "  no catalog row matches: Orchard does not log or admit this name\n"
             "  last  not seen since start-up\n");
  BOOST_TEST(f.ask("explain evilapple.com --json") ==
             "ok\n{\"name\":\"evilapple.com\",\"rows\":[],\"last\":null,\"cname_targets\":[]}\n");
  BOOST_TEST(f.ask("explain a..b") == "error not a DNS name: 'a..b'\n");
  BOOST_TEST(f.ask("explain") == "error explain: missing NAME (usage: explain NAME [--json])\n");
  BOOST_TEST(f.ask("explain a.example b.example") ==
             "error explain: unexpected 'b.example' (usage: explain NAME [--json])\n");
}

BOOST_AUTO_TEST_CASE(reload_keeps_the_old_policy_on_a_bad_file) {
  EngineFixture f;
  f.config.site = f.dir + "/site.catalog";
  EngineFixture::write(f.config.site,
                       "section local title=Local\n"
                       "host local mdm.example.com proto=tcp ports=443 os=ios\n");
  f.start();
  BOOST_TEST(f.ask("reload") == "ok\nreloaded: 51 rows\n");
  EngineFixture::write(f.config.site, "host local broken\n");
  std::string bad = f.ask("reload");
  BOOST_TEST(bad.starts_with("error " + f.config.site + ":1: expected"), bad);
  BOOST_TEST(bad.ends_with(" (the old policy stays)\n"), bad);
  BOOST_TEST(contains(f.ask("explain mdm.example.com"), "  row   local mdm.example.com (exact)"));
  BOOST_TEST(contains(f.ask("status"), "site " + f.config.site + " (51 rows)\n"));
  EngineFixture::write(f.config.site, "section other title=Other\n");
  BOOST_TEST(f.ask("reload") == "ok\nreloaded: 50 rows\n");
  BOOST_TEST(contains(f.ask("explain mdm.example.com"), "no catalog row matches"));
  BOOST_TEST(f.ask("reload now") == "error reload: unexpected 'now' (usage: reload)\n");
  BOOST_TEST(f.ask("reload --json") == "error reload: --json is not offered (usage: reload)\n");
}

BOOST_AUTO_TEST_CASE(reopen_log_after_a_move) {
  EngineFixture f;
  f.start();
  f.answer("gs.apple.com", rcode::SERVFAIL, AnswerSource::servfail);
  f.waitLogged(1);
  std::string moved = f.config.log.file + ".1";
  BOOST_REQUIRE(std::rename(f.config.log.file.c_str(), moved.c_str()) == 0);
  BOOST_TEST(f.ask("reopen-log") == "ok\nlog reopened\n");
  // The writer reopens the path at its next round (50 ms at most when idle).
  for (int i = 0; i < 500 && !std::filesystem::exists(f.config.log.file); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  BOOST_REQUIRE(std::filesystem::exists(f.config.log.file));
  f.answer("xp.apple.com", rcode::NXDOMAIN, AnswerSource::local);
  f.waitLogged(2);
  BOOST_TEST(f.lines(moved).size() == 1u);
  auto fresh = f.lines();
  BOOST_REQUIRE_EQUAL(fresh.size(), 1u);
  BOOST_TEST(contains(fresh[0], "\"qname\":\"xp.apple.com\""));
}

BOOST_AUTO_TEST_CASE(why_without_a_set_backend) {
  EngineFixture f;
  f.start();
  seed(f);
  auto out = okLines(f.ask("why 198.51.100.41"));
  BOOST_REQUIRE_EQUAL(out.size(), 5u);
  BOOST_TEST(out[0] == "198.51.100.41");
  BOOST_TEST(out[1].starts_with("  seen   2 answer(s), first "));
  BOOST_TEST(out[1].ends_with(" (ttl 30)"));
  BOOST_TEST(out[2] == "  name   mesu.apple.com -> mesu.cdn.example");
  BOOST_TEST(out[3] == "  rows   software-update mesu.apple.com");
  BOOST_TEST(out[4] == "  admitted, but no set backend is configured");
  BOOST_TEST(f.ask("why 2001:db8::77") ==
             "ok\n2001:db8::77\n"
             "  never seen in an answer for a catalog name since start-up\n");
  BOOST_TEST(f.ask("why not-an-address") == "error not an address: 'not-an-address'\n");
  BOOST_TEST(f.ask("why") == "error why: missing ADDRESS (usage: why ADDRESS)\n");
  BOOST_TEST(f.ask("why 192.0.2.1 --json") ==
             "error why: --json is not offered (usage: why ADDRESS)\n");
}

BOOST_AUTO_TEST_CASE(set_commands_need_a_set_backend) {
  EngineFixture f;
  f.start();
  BOOST_TEST(f.ask("sets") == "error no set backend configured (sets none)\n");
  BOOST_TEST(f.ask("sets orchard4 --elements") == "error no set backend configured (sets none)\n");
  BOOST_TEST(f.ask("flush") == "error no set backend configured (sets none)\n");
}

BOOST_AUTO_TEST_CASE(unknown_commands_and_bad_arguments) {
  EngineFixture f;
  f.start();
  BOOST_TEST(f.ask("frobnicate") == "error unknown command 'frobnicate' (try 'help')\n");
  BOOST_TEST(f.ask("STATUS") == "error unknown command 'STATUS' (try 'help')\n");
  BOOST_TEST(f.ask("status extra") ==
             "error status: unexpected 'extra' (usage: status [--json])\n");
  BOOST_TEST(f.ask("status --verbose") ==
             "error status: unexpected '--verbose' (usage: status [--json])\n");
  BOOST_TEST(f.ask("reopen-log --json") ==
             "error reopen-log: --json is not offered (usage: reopen-log)\n");
  BOOST_TEST(f.ask("") == "error empty request\n");
  // Every command answers one line or data ending in a newline, whatever it is given.
  for (const CommandSpec& c : controlCommandTable())
    for (const char* args : {"", " x", " --limit", " --json", " x y z"}) {
      std::string answer = f.ask(std::string(c.name) + args);
      BOOST_TEST((answer.starts_with("ok\n") || answer.starts_with("error ")), c.name << args);
      BOOST_TEST(answer.ends_with("\n"), c.name << args);
    }
}

BOOST_AUTO_TEST_SUITE_END()
