/**
 * \file engine.cc
 * The engine's per-answer work (see engine.hh).
 */
#include "policy/engine.hh"

#include <chrono>

#include "policy/base/config_lexer.hh"
#include "policy/base/serial.hh"
#include "policy/catalog/cname_targets.hh"
#include "policy/catalog/parser.hh"
#include "policy/log/address_provenance.hh"
#include "policy/log/outcome_log.hh"
#include "policy/log/recent_outcomes.hh"
#include "policy/sets/feeder.hh"

namespace orchard {
namespace {

std::shared_ptr<const Policy> loadPolicy(const EngineConfig& c) {
  return std::make_shared<const Policy>(loadCatalog(c.catalog, c.site));
}

int64_t nowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

LogEntry makeLogEntry(const Lookup& l, const Reply& r, const Outcome& o, int64_t now) {
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

Engine::Engine(const EngineConfig& config)
    : config_(config),
      serial_(nextSerial()),
      policies_(loadPolicy(config)),
      startedUs_(nowMicros()),
      cnames_(std::make_unique<CnameTargets>()),
      recent_(std::make_unique<RecentOutcomes>()),
      provenance_(std::make_unique<AddressProvenance>(100000, config.allowPrivate)),
      log_(std::make_unique<OutcomeLog>(config.log,
                                        [this](const LogLine& r) {
                                          recent_->add(r);
                                          provenance_->add(r);
                                        })),
      sets_(makeSetFeeder(policies_.current()->catalog, config_.sets)) {
  if (!config_.cnameFile.empty()) {
    cnames_->merge(loadCnameTargets(config_.cnameFile));
    saveState();  // fail at start-up, not later, if the file cannot be written
    housekeeper_ = std::jthread([this](std::stop_token st) { housekeeping(st); });
  }
}

Engine::~Engine() {
  if (housekeeper_.joinable()) {
    housekeeper_.request_stop();
    housekeeper_.join();
    try {
      saveState();
    } catch (const std::exception&) {
      // Shutdown goes on; the previous save is still on disk.
    }
  }
}

void Engine::housekeeping(std::stop_token stop) {
  std::unique_lock lock(houseMutex_);
  while (!stop.stop_requested()) {
    houseCv_.wait_for(lock, stop, std::chrono::seconds(config_.saveInterval), [] { return false; });
    if (stop.stop_requested()) return;
    try {
      saveState();
    } catch (const std::exception&) {
      // Counted nowhere yet; retried at the next interval.
    }
  }
}

void Engine::saveState() const {
  if (!config_.cnameFile.empty()) saveCnameTargets(config_.cnameFile, cnames_->snapshot());
}

Lookup Engine::lookup(const DnsName& qname) const {
  Lookup l;
  l.policy = &policies_.forThisThread();
  l.policy->matcher.match(qname, l.matches);
  l.logAll = config_.log.queries == LogQueries::all;
  return l;
}

KindCounts Engine::totals() const {
  KindCounts out{};
  for (size_t k = 0; k < kOutcomeKinds; ++k) out[k] = totals_.sum(k);
  return out;
}

int64_t Engine::uptimeSeconds() const { return (nowMicros() - startedUs_) / 1000000; }

Outcome Engine::onReply(const Lookup& lookup, const Reply& reply) {
  Outcome o;
  onReply(lookup, reply, o);
  return o;
}

void Engine::onReply(const Lookup& lookup, const Reply& reply, Outcome& o) {
  classifyReply(reply, config_.allowPrivate, o);
  int64_t now = nowMicros();
  bool catalog = !lookup.matches.empty();
  // Nothing is admitted for a name without a catalog row (logged with
  // `log-queries all`): its line says "admitted": 0, so that counting
  // admitted > 0 never counts a look-alike. A replay copies this outcome.
  if (!catalog) o.admit.clear();
  if (catalog && reply.source != AnswerSource::cache && !o.chain.cnames.empty())
    cnames_->observe(o.chain.cnames, lookup.policy->catalog.row(lookup.matches[0].row).pattern,
                     now / 1000000);
  if (catalog && sets_ && !o.admit.empty())
    sets_->admit(lookup.policy->catalog, lookup.matches, o.admit, lookup.policy->serial);
  logAnswer(lookup, reply, o, now);
}

void Engine::onRepeat(const Lookup& lookup, const Reply& reply, const Outcome& outcome,
                      const LogLine* line) {
  if (!line) return logAnswer(lookup, reply, outcome, nowMicros());
  if (count(lookup, reply, outcome)) log_->pushCopy(*line, nowMicros(), reply);
}

bool Engine::fillLine(const Lookup& lookup, const Reply& reply, const Outcome& outcome,
                      LogLine& out) const {
  if ((lookup.matches.empty() && !lookup.logAll) || !log_->takesLines()) return false;
  out.fill(LogFacts{0, reply, lookup.matches, lookup.policy->logRows, outcome});
  return !out.spilled() && !out.broken();
}

void Engine::logAnswer(const Lookup& lookup, const Reply& reply, const Outcome& o, int64_t nowUs) {
  if (count(lookup, reply, o))
    log_->push(LogFacts{nowUs, reply, lookup.matches, lookup.policy->logRows, o});
}

bool Engine::count(const Lookup& lookup, const Reply& reply, const Outcome& o) {
  size_t stripe = stripeOf(reply.thread);
  for (const auto& m : lookup.matches) lookup.policy->counters.add(m.row, o.kind, stripe);
  bool catalog = !lookup.matches.empty();
  if (catalog) totals_.addAt(stripe, static_cast<size_t>(o.kind));
  return catalog || lookup.logAll;
}

uint64_t Engine::setsGeneration() const { return sets_ ? sets_->generation() : 0; }

void Engine::reload() { policies_.set(loadPolicy(config_)); }

void Engine::reopenLog() { log_->reopen(); }

}  // namespace orchard
