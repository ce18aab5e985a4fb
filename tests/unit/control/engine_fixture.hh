/**
 * \file engine_fixture.hh
 * A real Engine for the control unit tests, as tests/fuzz/fuzz-control.cc
 * builds one: in a temporary directory, logging to a file there, no
 * control socket, no set backend. Answers are fed as module/ feeds them
 * (lookup, then onReply); the log writer records them on its own thread,
 * so a test waits for them (waitLogged) before it asks a command about
 * them through the engine's real command table.
 */
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "policy/control/commands.hh"
#include "policy/control/server.hh"
#include "policy/engine.hh"
#include "policy/log/outcome_log.hh"
#include "policy/log/recent_outcomes.hh"
#include "tests/unit/test_paths.hh"
#include "tests/unit/test_wire.hh"

namespace orchard::test {

/** An address's bytes, as an A or AAAA record's data. */
inline std::string rdata(const char* address) {
  auto a = Address::parse(address);
  BOOST_REQUIRE(a.has_value());
  return std::string(reinterpret_cast<const char*>(a->bytes.data()), a->size());
}

/** An A record. */
inline AnswerRecord a(const std::string& owner, const char* address, uint32_t ttl = 30) {
  return {wire(owner), rrtype::A, ttl, rdata(address)};
}

/** A CNAME record. */
inline AnswerRecord cname(const std::string& owner, const std::string& target) {
  return {wire(owner), rrtype::CNAME, 120, wire(target)};
}

class EngineFixture {
 public:
  /** `catalog`: the catalog's text, or "" for the shipped catalog. */
  explicit EngineFixture(const std::string& catalog = "") {
    char templ[] = "/tmp/orchard-control-XXXXXX";
    BOOST_REQUIRE(::mkdtemp(templ) != nullptr);
    dir = templ;
    config.catalog = shippedCatalogPath();
    if (!catalog.empty()) {
      config.catalog = dir + "/test.catalog";
      write(config.catalog, catalog);
    }
    config.log.file = dir + "/outcomes.jsonl";
    config.cnameFile = dir + "/cnames.tsv";
    config.controlSocket = "";
  }
  ~EngineFixture() {
    engine.reset();
    std::filesystem::remove_all(dir);
  }
  EngineFixture(const EngineFixture&) = delete;
  EngineFixture& operator=(const EngineFixture&) = delete;

  /** Builds the engine from `config` (change it first, if need be). */
  Engine& start() {
    engine = std::make_unique<Engine>(config);
    commands = engineCommands(*engine);
    return *engine;
  }

  /** The whole answer of the control channel to `line`. */
  std::string ask(const std::string& line) const { return dispatchControl(commands, line); }

  /** One answer fed to the engine as module/ would: lookup, then onReply. */
  void answer(const std::string& qname, uint16_t rcode, AnswerSource source,
              std::vector<AnswerRecord> records = {}) {
    Reply r;
    std::string w = wire(qname);
    BOOST_REQUIRE(r.qname.parseWire(reinterpret_cast<const uint8_t*>(w.data()), w.size()));
    r.qtype = rrtype::A;
    r.rcode = rcode;
    r.source = source;
    r.client = Address::parse("192.0.2.7");
    r.answer = std::move(records);
    engine->onReply(engine->lookup(r.qname), r);
  }

  /** Waits (5 s at most) until the log writer has written `n` lines and
   *  recorded them for `recent`. */
  void waitLogged(size_t n) const {
    RecentFilter all;
    all.limit = 1000;
    for (int i = 0; i < 500; ++i) {
      if (engine->log().counters().written >= n && engine->recent().list(all).size() >= n) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    BOOST_FAIL("the log writer did not record " << n << " outcomes in 5 s");
  }

  /** The lines of the outcome log file (or of another file). */
  std::vector<std::string> lines(const std::string& path = "") const {
    std::ifstream in(path.empty() ? config.log.file : path);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }

  static void write(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    out << text;
    BOOST_REQUIRE(out.flush());
  }

  std::string dir;
  EngineConfig config;
  std::unique_ptr<Engine> engine;
  std::vector<ControlCommand> commands;
};

}  // namespace orchard::test
