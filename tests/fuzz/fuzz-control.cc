/**
 * \file fuzz-control.cc
 * libFuzzer target: the control channel (doc/control-protocol.md). Any local
 * client with access to the socket sends a request line; the resolver's
 * control thread parses it (parseControlRequest) and runs the command from
 * the engine's real table (engineCommands, sets included) on a real Engine
 * built from the shipped catalog, which already holds a few outcomes (names
 * with quotes, backslashes and control bytes among them).
 *
 * The input is what a client sends: the request is its first line, as the
 * server frames it (lines over ControlServer::kMaxRequest never reach the
 * parser). Every answer must keep the protocol's promises: `ok\n` then data
 * ending in a newline, or exactly one line `error <text>\n`; no control
 * bytes but newline and tab; and an `ok` answer to a --json request of a
 * command that offers JSON parses as JSON (json_check.hh).
 *
 * To see the answers to a few inputs: ORCHARD_FUZZ_VERBOSE=1 fuzz-control FILE...
 */
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "policy/control/commands.hh"
#include "policy/control/server.hh"
#include "policy/engine.hh"
#include "policy/log/recent_outcomes.hh"
#include "tests/fuzz/fuzz_common.hh"
#include "tests/fuzz/json_check.hh"
#include "tests/unit/test_wire.hh"

namespace {

using namespace orchard;
using fuzz::invariant;

std::string addressBytes(const char* text) {
  auto a = Address::parse(text);
  invariant(a.has_value(), "seed address does not parse");
  return std::string(reinterpret_cast<const char*>(a->bytes.data()), a->size());
}

/** One outcome fed to the engine as module/ would: lookup, then onReply. */
void feed(Engine& e, const std::string& qname, uint16_t rcode, AnswerSource source,
          std::vector<AnswerRecord> answer) {
  Reply r;
  std::string w = wire(qname);
  invariant(r.qname.parseWire(reinterpret_cast<const uint8_t*>(w.data()), w.size()),
            "seed name does not parse");
  r.qtype = rrtype::A;
  r.rcode = rcode;
  r.source = source;
  r.answer = std::move(answer);
  Lookup l = e.lookup(r.qname);
  e.onReply(l, r);
}

/** Outcomes for `recent`, `explain` and `why` to show, then waits until the
 *  log writer has recorded them. */
void seedOutcomes(Engine& e) {
  feed(e, "gs.apple.com", rcode::NOERROR, AnswerSource::resolved,
       {{wire("gs.apple.com"), rrtype::CNAME, 120, wire("e5.cdn.example")},
        {wire("e5.cdn.example"), rrtype::A, 30, addressBytes("198.51.100.41")},
        {wire("e5.cdn.example"), rrtype::AAAA, 30, addressBytes("2001:db8::41")}});
  feed(e, std::string("we\"i\\rd\x01\x7f\xff.apple.com"), rcode::NXDOMAIN, AnswerSource::resolved,
       {});
  feed(e, "mesu.apple.com", rcode::SERVFAIL, AnswerSource::servfail, {});
  feed(e, "xp.apple.com", rcode::NXDOMAIN, AnswerSource::local, {});
  RecentFilter all;
  for (int i = 0; i < 500 && e.recent().list(all).size() < 4; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  invariant(e.recent().list(all).size() == 4, "the seed outcomes were not recorded in 5 s");
}

struct Fixture {
  Engine* engine;
  std::vector<ControlCommand> commands;
  bool verbose;  // ORCHARD_FUZZ_VERBOSE=1: print each request and answer
};

Fixture& fixture() {
  static Fixture f = [] {
    EngineConfig c;
    c.catalog = fuzz::shippedCatalogPath();
    c.log.destination = LogDestination::none;  // `recent` is still fed
    c.log.queries = LogQueries::all;
    c.controlSocket = "";
    // Kept for the whole process: its threads outlive the fuzzing loop.
    auto* e = new Engine(c);
    seedOutcomes(*e);
    const char* v = std::getenv("ORCHARD_FUZZ_VERBOSE");
    return Fixture{e, engineCommands(*e), v && *v == '1'};
  }();
  return f;
}

bool offersJson(const ControlRequest& r) {
  if (r.command == "stats") return r.args.empty();  // not with --prometheus
  return r.command == "status" || r.command == "recent" || r.command == "explain" ||
         r.command == "sets";
}

void checkAnswer(std::string_view line, const std::string& answer) {
  invariant(!answer.empty() && answer.back() == '\n', "answer does not end with a newline");
  for (char ch : answer) {
    auto u = static_cast<unsigned char>(ch);
    invariant(u >= 0x20 || ch == '\n' || ch == '\t', "control byte in an answer");
  }
  if (answer.starts_with("error ")) {
    invariant(answer.find('\n') == answer.size() - 1, "error answer of more than one line");
    return;
  }
  invariant(answer.starts_with("ok\n"), "answer is neither 'ok' nor 'error'");
  ControlRequest req;
  std::string error;
  invariant(parseControlRequest(line, req, error), "ok answer to a request that does not parse");
  if (!req.json || !offersJson(req)) return;
  std::string why;
  if (!fuzz::validJson(std::string_view(answer).substr(3), why)) {
    std::fprintf(stderr, "request: %.*s\nanswer: %s\nJSON error: %s\n",
                 static_cast<int>(line.size()), line.data(), answer.c_str(), why.c_str());
    invariant(false, "--json answer is not JSON");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = fixture();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view line = in.substr(0, in.find('\n'));
  if (line.size() > ControlServer::kMaxRequest) return 0;  // "error request too long"
  std::string answer = dispatchControl(f.commands, line);
  if (f.verbose)
    std::fprintf(stderr, "> %.*s\n%s", static_cast<int>(line.size()), line.data(), answer.c_str());
  checkAnswer(line, answer);
  return 0;
}
