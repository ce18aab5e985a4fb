/**
 * \file bench-matcher.cc
 * Microbenchmark (not a test): lookups per second of the name matcher over
 * the shipped catalog, for matching, wildcard and non-matching names, parsed
 * from wire form as the resolver hands them over. Prints rates per wall
 * second, per CPU second and of the best slice; asserts nothing.
 *   tests/bench/bench-matcher [CATALOG] [SECONDS]
 */
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "policy/catalog/name_matcher.hh"
#include "policy/catalog/parser.hh"

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

/** CPU time of this thread, in seconds: unlike wall time, it does not count
 *  the time other processes had the core. */
double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/** Parses and matches `names` (wire form) for `seconds`, in slices of
 *  about 100,000 lookups. Prints the rate per wall second, per second of
 *  this thread's CPU time, and the best slice's (wall): on a shared machine
 *  the last two are what the code does, the first what the neighbours let
 *  it do. */
void run(const NameMatcher& m, const char* label, const std::vector<std::string>& names,
         double seconds) {
  std::vector<std::vector<uint8_t>> wires;
  for (const auto& n : names) wires.push_back(toWire(n));
  const size_t reps = 100000 / names.size();
  size_t lookups = 0, hits = 0;
  double best = 0;
  const double cpuStart = threadCpuSeconds();
  const auto start = Clock::now();
  const auto end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (auto slice = start; slice < end;) {
    for (size_t rep = 0; rep < reps; ++rep)
      for (const auto& w : wires) {
        DnsName name;
        name.parseWire(w.data(), w.size());
        MatchList ml;
        m.match(name, ml);
        hits += ml.size();
      }
    auto now = Clock::now();
    double secs = std::chrono::duration<double>(now - slice).count();
    best = std::max(best, static_cast<double>(reps * wires.size()) / secs);
    lookups += reps * wires.size();
    slice = now;
  }
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  double cpu = threadCpuSeconds() - cpuStart;
  auto n = static_cast<double>(lookups);
  std::printf(
      "%-26s M lookups/s: wall %6.2f, CPU %6.2f, best slice %6.2f (%4.1f ns)  (%zu names, "
      "%.2f matches)\n",
      label, n / secs / 1e6, n / cpu / 1e6, best / 1e6, 1e9 / best, names.size(),
      static_cast<double>(hits) / n);
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "policy/catalog/apple.catalog";
  double seconds = argc > 2 ? std::atof(argv[2]) : 1.0;
  Catalog c = loadCatalog(path, "");
  NameMatcher m(c);
  std::printf("catalog: %zu rows; one thread; wire name -> DnsName -> match\n", c.rows().size());
  const std::vector<std::string> exact = {"gs.apple.com", "mesu.apple.com", "ocsp.digicert.com"},
                                 wildcard = {"1-courier.push.apple.com", "is1-ssl.mzstatic.com"},
                                 other = {"www.example.org", "evilapple.com",
                                          "a.b.c.d.example.net"};
  std::vector<std::string> all = exact;
  all.insert(all.end(), wildcard.begin(), wildcard.end());
  all.insert(all.end(), other.begin(), other.end());
  run(m, "exact (gs.apple.com ...)", exact, seconds);
  run(m, "wildcard (*.push ...)", wildcard, seconds);
  run(m, "non-matching", other, seconds);
  run(m, "all of the above", all, seconds);
  return 0;
}
