/**
 * \file bench-matcher.cc
 * Microbenchmark (not a test): lookups per second of the name matcher over
 * the shipped catalog, for matching, wildcard and non-matching names, from
 * text and from wire form. Prints figures; asserts nothing.
 *   tests/bench/bench-matcher [CATALOG] [SECONDS]
 */
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "policy/catalog_parser.hh"
#include "policy/name_matcher.hh"

using namespace orchard;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<uint8_t> toWire(const std::string& name) {
  std::vector<uint8_t> out;
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    out.push_back(static_cast<uint8_t>(dot - start));
    out.insert(out.end(), name.begin() + start, name.begin() + dot);
    start = dot + 1;
  }
  out.push_back(0);
  return out;
}

void run(const NameMatcher& m, const char* label, const std::vector<std::string>& names,
         double seconds) {
  std::vector<std::vector<uint8_t>> wires;
  for (const auto& n : names) wires.push_back(toWire(n));
  size_t lookups = 0, hits = 0;
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  auto start = Clock::now();
  while (Clock::now() < end) {
    for (int rep = 0; rep < 1000; ++rep)
      for (const auto& w : wires) {
        DnsName name;
        name.parseWire(w.data(), w.size());
        MatchList ml;
        m.match(name, ml);
        hits += ml.size();
        ++lookups;
      }
  }
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("%-28s %8.2f M lookups/s  (%zu names, %.2f matches per lookup)\n", label,
              static_cast<double>(lookups) / secs / 1e6, names.size(),
              static_cast<double>(hits) / static_cast<double>(lookups));
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "policy/apple.catalog";
  double seconds = argc > 2 ? std::atof(argv[2]) : 1.0;
  Catalog c = loadCatalog(path, "");
  NameMatcher m(c);
  std::printf("catalog: %zu rows; one thread; wire name -> DnsName -> match\n", c.rows().size());
  run(m, "exact (gs.apple.com ...)", {"gs.apple.com", "mesu.apple.com", "ocsp.digicert.com"},
      seconds);
  run(m, "wildcard (*.push ...)", {"1-courier.push.apple.com", "is1-ssl.mzstatic.com"}, seconds);
  run(m, "non-matching", {"www.example.org", "evilapple.com", "a.b.c.d.example.net"}, seconds);
  return 0;
}
