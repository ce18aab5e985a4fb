/**
 * \file feeder-driver.cc
 * Drives policy/sets/feeder.hh against the real kernel, without a resolver,
 * for tests/integration/sets-*.sh. Reads orchard.conf (sets nftables|ipset)
 * and the catalog it names, then commands from stdin, one a line:
 *   admit NAME ADDRESS TTL   as Engine::onReply would for a catalog answer
 *   stats                    counters as key=value, one line
 *   states                   each set: name present=0|1 live=N
 *   sleep MS
 *   bench N                  cost of N admits that must reach the kernel
 *                            (new addresses), then of N that must not
 * Diagnostics go to stderr, answers to stdout.
 */
#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>

#include "policy/catalog/parser.hh"
#include "policy/engine_config.hh"
#include "policy/policy.hh"
#include "policy/sets/feeder.hh"

using namespace orchard;

namespace {

void admit(SetFeeder& f, const Policy& p, const std::string& name, const std::string& addr,
           uint32_t ttl) {
  auto a = Address::parse(addr);
  if (!a) {
    std::cerr << "feeder-driver: bad address " << addr << "\n";
    return;
  }
  MatchList m = p.matcher.match(name);
  std::vector<TtlAddress> list{{*a, ttl}};
  f.admit(p.catalog, m, list);
}

void printStats(const SetFeeder& f) {
  SetFeederStats s = f.stats();
  std::cout << "answers=" << s.answers << " elements=" << s.elements
            << " shadowHits=" << s.shadowHits << " batches=" << s.batches << " added=" << s.added
            << " failures=" << s.failures << " refills=" << s.refills << " refilled=" << s.refilled
            << " shadow=" << s.shadowSize << " evictions=" << s.evictions << "\n";
}

double usPer(std::chrono::steady_clock::time_point t0, int n) {
  auto d = std::chrono::steady_clock::now() - t0;
  return std::chrono::duration<double, std::micro>(d).count() / n;
}

void bench(SetFeeder& f, const Policy& p, int n) {
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i)
    admit(f, p, "time.apple.com",
          "198.18." + std::to_string((i >> 8) & 255) + "." + std::to_string(i & 255), 300);
  double miss = usPer(t0, n);
  t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i)
    admit(f, p, "time.apple.com",
          "198.18." + std::to_string((i >> 8) & 255) + "." + std::to_string(i & 255), 300);
  double hit = usPer(t0, n);
  std::cout << "bench n=" << n << " kernel_us=" << miss << " shadow_hit_us=" << hit << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: feeder-driver ORCHARD_CONF < commands\n";
    return 2;
  }
  try {
    EngineConfig c = loadEngineConfig(argv[1]);
    Policy policy(loadCatalog(c.catalog, c.site));
    SetLayout layout(policy.catalog, c.sets);
    SetFeeder feeder(policy.catalog, c.sets, makeSetBackend(layout));
    std::string line;
    while (std::getline(std::cin, line)) {
      std::istringstream in(line);
      std::string cmd, name, addr;
      in >> cmd;
      if (cmd == "admit") {
        uint32_t ttl = 0;
        in >> name >> addr >> ttl;
        admit(feeder, policy, name, addr, ttl);
      } else if (cmd == "stats") {
        printStats(feeder);
      } else if (cmd == "states") {
        for (const auto& s : feeder.states())
          std::cout << s.name << " present=" << s.present << " live=" << s.shadowLive << "\n";
      } else if (cmd == "sleep") {
        int ms = 0;
        in >> ms;
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      } else if (cmd == "bench") {
        int n = 0;
        in >> n;
        bench(feeder, policy, n);
      } else if (!cmd.empty() && cmd[0] != '#') {
        std::cerr << "feeder-driver: unknown command " << cmd << "\n";
      }
      std::cout.flush();
    }
  } catch (const std::exception& e) {
    std::cerr << "feeder-driver: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
