/**
 * \file log-exit-driver.cc
 * Ends a process the way Unbound ends on a fatal error: exit() while an
 * engine is running, never destroyed (the module's deinit is not called),
 * its outcome log writer still busy with queued lines. Static destructors
 * run meanwhile; whatever the writer reads must outlive it.
 *
 *   log-exit-driver LOGFILE LINES
 *
 * Reads the catalog named by ORCHARD_CATALOG, queues LINES answers for a
 * catalog name, then exits with status 0. tests/exit/log-exit.sh runs it
 * (under valgrind when installed) and checks that every line reached the
 * file, whole and as JSON.
 */
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "policy/engine.hh"
#include "tests/unit/test_wire.hh"

using namespace orchard;

namespace {

/** Constructed before main, so destroyed after every static of the engine
 *  at exit: the time a resolver's own teardown takes, during which a writer
 *  thread still running reads what the earlier destructors freed. */
struct SlowTeardown {
  ~SlowTeardown() { std::this_thread::sleep_for(std::chrono::milliseconds(300)); }
} slowTeardown;

/** gs.apple.com: a CNAME to a CDN name and its address (two catalog rows). */
Reply catalogAnswer() {
  Reply r;
  r.qname.parse("gs.apple.com");
  r.qtype = rrtype::A;
  r.answer = {{wire("gs.apple.com"), rrtype::CNAME, 120, wire("e5.cdn.example")},
              {wire("e5.cdn.example"), rrtype::A, 30, std::string("\xcb\x00\x71\x05", 4)}};
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const char* catalog = std::getenv("ORCHARD_CATALOG");
  if (argc != 3 || catalog == nullptr) {
    std::cerr << "usage: ORCHARD_CATALOG=FILE log-exit-driver LOGFILE LINES\n";
    return 2;
  }
  EngineConfig config;
  config.catalog = catalog;
  config.log.file = argv[1];
  auto* engine = new Engine(config);  // never deleted: no deinit on this path
  Reply reply = catalogAnswer();
  Lookup lookup = engine->lookup(reply.qname);
  if (lookup.matches.empty()) {
    std::cerr << "gs.apple.com is not in " << catalog << "\n";
    return 2;
  }
  for (long i = 0, n = std::stol(argv[2]); i < n; ++i) engine->onReply(lookup, reply);
  std::exit(0);
}
