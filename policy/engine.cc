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
      log_(std::make_unique<OutcomeLog>(config)) {
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
