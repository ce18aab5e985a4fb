/**
 * \file bench-shadow.cc
 * Microbenchmark (not a test): memory and speed of the shadow table (what
 * Orchard believes each firewall set holds). Fills a ShadowTable with N
 * distinct IPv6 service elements (default 1,000,000), reads the process's
 * resident memory (VmRSS in /proc/self/status) before and after, and prints
 * bytes per element; then times covers() on held elements (the cache-hit
 * path) and put() into a full table (the eviction path). Prints figures;
 * asserts nothing.
 *   tests/bench/bench-shadow [ELEMENTS]
 */
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "policy/sets/shadow_table.hh"

using namespace orchard;
using Clock = std::chrono::steady_clock;

namespace {

long rssKb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    in.ignore(1 << 12, '\n');
  }
  return -1;
}

SetElement element(uint64_t i) {
  SetElement e;
  e.set = 1;
  e.protocol = Protocol::tcp;
  e.port = 443;
  e.address.family = Family::v6;
  e.address.bytes = {0x20, 0x01, 0x0d, 0xb8};
  for (int b = 0; b < 8; ++b) e.address.bytes[15 - b] = static_cast<uint8_t>(i >> (8 * b));
  return e;
}

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000000;
  long before = rssKb();
  ShadowTable table(n);
  auto t0 = Clock::now();
  for (size_t i = 0; i < n; ++i) table.put(element(i), 600000, 0);
  double fill = seconds(t0);
  long after = rssKb();
  double perElement = static_cast<double>(after - before) * 1024.0 / static_cast<double>(n);
  std::printf("shadow table: %zu elements held (capacity %zu), sizeof(SetElement) = %zu\n",
              table.size(), table.capacity(), sizeof(SetElement));
  std::printf(
      "  memory: %.1f MB resident for the table, %.0f bytes per element, %.1f MB per "
      "million\n",
      static_cast<double>(after - before) / 1024.0, perElement, perElement);
  std::printf("  put (filling):        %6.2f M/s\n", static_cast<double>(n) / fill / 1e6);

  size_t hits = 0, lookups = 0;
  t0 = Clock::now();
  while (seconds(t0) < 1.0)
    for (size_t k = 0; k < 100000; ++k, ++lookups)
      hits += table.covers(element((lookups * 2654435761u) % n), 1000);
  std::printf("  covers (held, 1 thr): %6.2f M/s (%.0f%% held)\n",
              static_cast<double>(lookups) / seconds(t0) / 1e6,
              100.0 * static_cast<double>(hits) / static_cast<double>(lookups));

  size_t puts = 0;
  t0 = Clock::now();
  while (seconds(t0) < 1.0)
    for (size_t k = 0; k < 1000; ++k, ++puts) table.put(element(n + puts), 600000, 1);
  std::printf("  put into a full table (evicts): %6.3f M/s, %llu evictions\n",
              static_cast<double>(puts) / seconds(t0) / 1e6,
              static_cast<unsigned long long>(table.evictions()));
  return 0;
}
