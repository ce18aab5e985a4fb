/**
 * \file engine.cc
 * The engine's per-answer work (see engine.hh).
 */
#include "policy/engine.hh"

#include <chrono>

#include "policy/catalog_parser.hh"
#include "policy/cname_targets.hh"
#include "policy/outcome_log.hh"

namespace orchard {
namespace {

std::shared_ptr<const Policy> loadPolicy(const EngineConfig& c) {
  return std::make_shared<const Policy>(loadCatalog(c.catalog, c.site));
}

int64_t nowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

LogEntry makeEntry(const Lookup& l, const Reply& r, const Outcome& o, int64_t now) {
  LogEntry e;
  e.timeUs = now;
  if (r.client) e.client = r.client->toString();
  e.qname = r.qname.toString();
  e.qtype = r.qtype;
  e.rcode = r.rcode;
  e.source = r.source;
  e.thread = r.thread;
  for (const auto& m : l.matches) {
    const Row& row = l.policy->catalog.row(m.row);
    e.rows.push_back({row.section, row.pattern, m.how});
  }
  e.kind = o.kind;
  e.reason = o.reason;
  e.cnames = o.chain.cnames;
  e.addresses = o.chain.addresses;
  e.admitted = o.admit.size();
  return e;
}

}  // namespace

Engine::Engine(const EngineConfig& config)
    : config_(config),
      policies_(loadPolicy(config)),
      cnames_(std::make_unique<CnameTargets>()),
      log_(std::make_unique<OutcomeLog>(config)) {}

Engine::~Engine() = default;

Lookup Engine::lookup(const DnsName& qname) const {
  Lookup l;
  l.policy = &policies_.forThisThread();
  l.policy->matcher.match(qname, l.matches);
  l.logAll = config_.logQueries == LogQueries::all;
  return l;
}

Outcome Engine::onReply(const Lookup& lookup, const Reply& reply) {
  Outcome o = classifyReply(reply, config_.allowPrivate);
  int64_t now = nowMicros();
  bool catalog = !lookup.matches.empty();
  if (catalog && reply.source != AnswerSource::cache && !o.chain.cnames.empty())
    cnames_->record(o.chain.cnames, lookup.policy->catalog.row(lookup.matches[0].row).pattern,
                    now / 1000000);
  if (catalog || lookup.logAll) log_->push(makeEntry(lookup, reply, o, now));
  return o;
}

void Engine::reload() { policies_.set(loadPolicy(config_)); }

void Engine::reopenLog() { log_->reopen(); }

}  // namespace orchard
