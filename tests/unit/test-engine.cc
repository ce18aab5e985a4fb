/**
 * \file test-engine.cc
 * Tests policy/engine.cc and policy/catalog/cname_targets.cc end to end without a
 * resolver: lookup, classification, the log line, CNAME targets kept across
 * restarts, the sets generation a flush moves, and reload keeping the old
 * policy on a bad file.
 */
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <fstream>

#include "policy/base/config_lexer.hh"
#include "policy/base/diag_log.hh"
#include "policy/catalog/cname_targets.hh"
#include "policy/engine.hh"
#include "policy/log/log_line.hh"
#include "policy/log/outcome_log.hh"
#include "policy/sets/feeder.hh"
#include "tests/unit/test_paths.hh"
#include "tests/unit/test_wire.hh"

using namespace orchard;

namespace {

struct TempDir {
  std::string path = "/tmp/orchard-engine-" + std::to_string(getpid());
  TempDir() { BOOST_REQUIRE(system(("mkdir -p " + path).c_str()) == 0); }
  ~TempDir() { (void)system(("rm -rf " + path).c_str()); }
};

Reply cdnReply() {
  Reply r;
  r.qname.parse("gs.apple.com");
  r.qtype = rrtype::A;
  r.answer = {{wire("gs.apple.com"), rrtype::CNAME, 120, wire("e5.cdn.example")},
              {wire("e5.cdn.example"), rrtype::A, 30, std::string("\xc0\x00\x02\x05", 4)}};
  return r;
}

Reply cacheReply() {
  Reply r = cdnReply();
  r.source = AnswerSource::cache;
  return r;
}

/** From "qname" up to the thread: what a replayed line keeps. */
std::string answerPart(const std::string& line) {
  size_t from = line.find(R"("qname")"), to = line.find(R"(,"thread")");
  BOOST_REQUIRE(from != std::string::npos && to != std::string::npos);
  return line.substr(from, to - from);
}

EngineConfig configIn(const TempDir& d) {
  EngineConfig c;
  c.catalog = shippedCatalogPath();
  c.log.file = d.path + "/outcomes.jsonl";
  c.cnameFile = d.path + "/cnames.tsv";
  return c;
}

std::vector<std::string> lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(catalog_answers_are_logged_and_cnames_kept) {
  TempDir d;
  EngineConfig c = configIn(d);
  {
    Engine e(c);
    Lookup l = e.lookup(cdnReply().qname);
    BOOST_REQUIRE(l.wanted());
    BOOST_TEST(l.matches.size() == 2u);  // two sections list gs.apple.com
    Outcome o = e.onReply(l, cdnReply());
    BOOST_TEST(o.admit.size() == 1u);
    DnsName other;
    other.parse("www.example.org");
    BOOST_TEST(!e.lookup(other).wanted());
  }
  auto log = lines(c.log.file);
  BOOST_REQUIRE_EQUAL(log.size(), 1u);
  BOOST_TEST(log[0].find(R"("qname":"gs.apple.com")") != std::string::npos);
  BOOST_TEST(log[0].find(R"("cnames":["e5.cdn.example"])") != std::string::npos);
  BOOST_TEST(log[0].find(R"("address":"192.0.2.5","ttl":30)") != std::string::npos);
  auto kept = loadCnameTargets(c.cnameFile);
  BOOST_REQUIRE_EQUAL(kept.size(), 1u);
  BOOST_TEST(kept[0].name == "e5.cdn.example");
  BOOST_TEST(kept[0].pattern == "gs.apple.com");
  Engine again(c);  // a restart loads them back
  BOOST_TEST(again.cnameTargets().snapshot().size() == 1u);
}

BOOST_AUTO_TEST_CASE(cache_hits_are_logged_but_do_not_recount_targets) {
  TempDir d;
  EngineConfig c = configIn(d);
  Engine e(c);
  Reply r = cacheReply();
  e.onReply(e.lookup(r.qname), r);
  BOOST_TEST(e.cnameTargets().snapshot().empty());
}

BOOST_AUTO_TEST_CASE(a_replayed_line_is_the_first_answers_with_its_own_client_and_thread) {
  TempDir d;
  EngineConfig c = configIn(d);
  {
    Engine e(c);
    Reply first = cacheReply();
    first.client = Address::parse("192.0.2.10");
    first.thread = 0;
    Lookup l = e.lookup(first.qname);
    Outcome o = e.onReply(l, first);
    LogLine line;
    BOOST_REQUIRE(e.fillLine(l, first, o, line));
    Reply again = first;
    again.client = Address::parse("2001:db8::20");
    again.thread = 3;
    e.onRepeat(l, again, o, &line);  // the copy
    e.onRepeat(l, again, o);         // filled from the facts
    DnsName other;
    other.parse("www.example.org");
    LogLine none;
    BOOST_TEST(!e.fillLine(e.lookup(other), again, o, none));  // not a logged name
  }
  auto log = lines(c.log.file);
  BOOST_REQUIRE_EQUAL(log.size(), 3u);
  BOOST_TEST(answerPart(log[1]) == answerPart(log[0]));
  BOOST_TEST(log[1].substr(log[1].find(R"("client")")) ==
             log[2].substr(log[2].find(R"("client")")));
  BOOST_TEST(log[1].find(R"("client":"2001:db8::20")") != std::string::npos);
  BOOST_TEST(log[1].find(R"("thread":3})") != std::string::npos);
  BOOST_TEST(log[1].find(R"("time":"1970)") == std::string::npos);  // stamped now
}

BOOST_AUTO_TEST_CASE(log_all_logs_other_names) {
  TempDir d;
  EngineConfig c = configIn(d);
  c.log.queries = LogQueries::all;
  {
    Engine e(c);
    Reply r;
    r.qname.parse("www.example.org");
    r.rcode = rcode::NXDOMAIN;
    Lookup l = e.lookup(r.qname);
    BOOST_TEST(l.wanted());
    e.onReply(l, r);
  }
  auto log = lines(c.log.file);
  BOOST_REQUIRE_EQUAL(log.size(), 1u);
  BOOST_TEST(log[0].find(R"("rows":[],"outcome":"nxdomain")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(names_outside_the_catalog_admit_nothing) {
  // With log-queries all, a look-alike's line must not count addresses as
  // admitted: nothing enters a set for a name without a catalog row.
  TempDir d;
  EngineConfig c = configIn(d);
  c.log.queries = LogQueries::all;
  {
    Engine e(c);
    Reply r;
    r.qname.parse("www.evilapple.com");
    r.qtype = rrtype::A;
    r.answer = {{wire("www.evilapple.com"), rrtype::A, 30, std::string("\xc0\x00\x02\x83", 4)}};
    Lookup l = e.lookup(r.qname);
    BOOST_REQUIRE(l.wanted() && l.matches.empty());
    Outcome o = e.onReply(l, r);
    BOOST_TEST(makeLogEntry(l, r, o, 0).admitted == 0u);
    LogLine line;
    BOOST_REQUIRE(e.fillLine(l, r, o, line));
    e.onRepeat(l, r, o, &line);  // a replayed cache answer: the copy
    e.onRepeat(l, r, o);         // filled from the facts
    Reply catalog = cdnReply();
    e.onReply(e.lookup(catalog.qname), catalog);  // keeps its count
  }
  auto log = lines(c.log.file);
  BOOST_REQUIRE_EQUAL(log.size(), 4u);
  for (size_t i = 0; i < 3; ++i) {
    BOOST_TEST(log[i].find(R"("rows":[],"outcome":"answered")") != std::string::npos);
    BOOST_TEST(log[i].find(R"("address":"192.0.2.131","ttl":30}],"admitted":0,)") !=
               std::string::npos);
  }
  BOOST_TEST(log[3].find(R"("address":"192.0.2.5","ttl":30}],"admitted":1,)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_flush_moves_the_sets_generation) {
  // What a thread's answer memo keys its entries by (module/answer_memo.hh),
  // so that a repeated answer after a flush goes to the set feeder again.
  TempDir d;
  EngineConfig c = configIn(d);
  BOOST_TEST(Engine(c).setsGeneration() == 0u);  // sets none
  setDiagSink([](std::string_view) {});          // quiet: the feeder reports the missing table
  c.sets.backend = SetBackendKind::nftables;
  c.sets.nftTable = "orchard-unit-" + std::to_string(getpid());  // no such table: nothing flushed
  {
    Engine e(c);
    SetFeeder& f = *e.sets();
    uint64_t before = e.setsGeneration();
    f.flush(*f.layout().find("orchard4"));  // fails in the kernel; the shadow forgot the set
    uint64_t after = e.setsGeneration();
    BOOST_TEST(after != before);
    BOOST_TEST(f.flush(*f.layout().find("orchard4_blocks")).error == EINVAL);  // static
    BOOST_TEST(e.setsGeneration() == after);
  }
  setDiagSink(nullptr);
}

BOOST_AUTO_TEST_CASE(reload_keeps_old_policy_on_error) {
  TempDir d;
  EngineConfig c = configIn(d);
  std::string site = d.path + "/site.catalog";
  std::ofstream(site) << "section local title=Local\n"
                         "host local mdm.example.com proto=tcp ports=443 os=ios\n";
  c.site = site;
  Engine e(c);
  DnsName mdm;
  mdm.parse("mdm.example.com");
  BOOST_TEST(e.lookup(mdm).wanted());
  std::ofstream(site) << "host local broken\n";
  BOOST_CHECK_THROW(e.reload(), FileError);
  BOOST_TEST(e.lookup(mdm).wanted());
  std::ofstream(site) << "section other title=Other\n";
  e.reload();
  BOOST_TEST(!e.lookup(mdm).wanted());
}

BOOST_AUTO_TEST_CASE(bad_state_file_names_line) {
  TempDir d;
  std::string path = d.path + "/cnames.tsv";
  std::ofstream(path) << "# header\na.example\tgs.apple.com\t1\t2\t3\nbroken line\n";
  try {
    loadCnameTargets(path);
    BOOST_FAIL("no error");
  } catch (const FileError& e) {
    BOOST_TEST(std::string(e.what()).starts_with(path + ":3: expected name, pattern"));
  }
}

BOOST_AUTO_TEST_SUITE_END()
