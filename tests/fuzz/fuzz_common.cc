/**
 * \file fuzz_common.cc
 * Helpers shared by the fuzz targets (see fuzz_common.hh).
 */
#include "tests/fuzz/fuzz_common.hh"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "policy/answer/outcome.hh"
#include "policy/base/config_lexer.hh"
#include "policy/catalog/name_matcher.hh"
#include "policy/catalog/parser.hh"
#include "policy/engine.hh"
#include "policy/log/outcome_log.hh"
#include "policy/policy.hh"

#ifndef ORCHARD_FUZZ_CATALOG
#define ORCHARD_FUZZ_CATALOG "policy/catalog/apple.catalog"
#endif

namespace orchard::fuzz {

void invariant(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

std::string shippedCatalogPath() {
  const char* env = std::getenv("ORCHARD_CATALOG");
  return env && *env ? env : ORCHARD_FUZZ_CATALOG;
}

const Catalog& shippedCatalog() {
  static const Catalog catalog = loadCatalog(shippedCatalogPath(), "");
  return catalog;
}

void checkCatalog(const Catalog& c) {
  NameMatcher matcher(c);
  for (RowId id = 0; id < c.rows().size(); ++id) {
    const Row& row = c.row(id);
    if (row.kind == PatternKind::block) continue;
    std::string name = row.kind == PatternKind::wildcard ? "fuzz." + row.name : row.name;
    DnsName parsed;
    if (!parsed.parse(name)) continue;  // "fuzz." made it too long
    MatchList m;
    matcher.match(parsed, m);
    bool found = m.truncated() ||
                 std::any_of(m.begin(), m.end(), [&](const Match& x) { return x.row == id; });
    invariant(found, "a catalog row does not match its own name");
  }
}

void checkReply(const Reply& reply, bool allowPrivate) {
  static const Policy policy(shippedCatalog());
  MatchList matches;
  policy.matcher.match(reply.qname, matches);
  Outcome o = classifyReply(reply, allowPrivate);

  invariant(o.chain.cnames.size() <= Chain::kMaxChain, "CNAME chain longer than kMaxChain");
  invariant(o.admit.size() <= o.chain.addresses.size(), "more admitted than answered");
  for (const auto& a : o.admit) {
    AddressClass c = classify(a.address);
    invariant(c == AddressClass::routable || (allowPrivate && c == AddressClass::private_),
              "a bogon or sinkhole address was admitted");
  }
  invariant(o.kind == OutcomeKind::answered || o.admit.empty(),
            "addresses admitted from an answer that is not 'answered'");

  Lookup lookup;
  lookup.policy = &policy;
  lookup.matches = matches;
  LogLine record;  // as Engine::onReply queues it
  record.fill(LogFacts{0, reply, lookup.matches, policy.logRows, o});
  std::string line;
  record.appendJson(line);
  invariant(std::all_of(line.begin(), line.end(),
                        [](char ch) { return static_cast<unsigned char>(ch) >= 0x20; }),
            "log line holds a control character");
  // The queued record says what the separate values say, byte for byte.
  invariant(line == formatLogLine(makeLogEntry(lookup, reply, o, 0)),
            "the queued record's line differs from the entry's");
  invariant(formatLogLine(record.expand()) == line, "the expanded record's line differs");
}

}  // namespace orchard::fuzz
