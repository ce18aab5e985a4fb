/**
 * \file stats_format.cc
 * Text, JSON and Prometheus forms of the engine's counters (see
 * control/stats_format.hh).
 */
#include "policy/control/stats_format.hh"

#include <map>

#include "policy/base/json.hh"
#include "policy/catalog/cname_targets.hh"
#include "policy/engine.hh"
#include "policy/log/outcome_log.hh"
#include "policy/sets/feeder.hh"

namespace orchard {
namespace {

/** Per-section sums of the row counters. */
std::map<std::string, KindCounts> bySection(const Policy& p) {
  std::map<std::string, KindCounts> out;
  for (RowId id = 0; id < p.catalog.rows().size(); ++id) {
    KindCounts row = p.counters.row(id);
    KindCounts& sum = out[p.catalog.row(id).section];
    for (size_t k = 0; k < kOutcomeKinds; ++k) sum[k] += row[k];
  }
  return out;
}

std::string kindName(size_t k) { return std::string(toString(static_cast<OutcomeKind>(k))); }

std::string countsLine(const KindCounts& c) {
  std::string out;
  for (size_t k = 0; k < kOutcomeKinds; ++k) out += " " + kindName(k) + "=" + std::to_string(c[k]);
  return out;
}

bool anyCount(const KindCounts& c) {
  for (auto v : c)
    if (v) return true;
  return false;
}

void counts(JsonWriter& w, const KindCounts& c) {
  w.beginObject();
  for (size_t k = 0; k < kOutcomeKinds; ++k) w.field(kindName(k), c[k]);
  w.endObject();
}

}  // namespace

std::string statsText(const Engine& e) {
  auto p = e.policy();
  std::string out = "queries      " + countsLine(e.totals()) + "\n";
  for (const auto& [section, c] : bySection(*p)) out += "section " + section + countsLine(c) + "\n";
  for (RowId id = 0; id < p->catalog.rows().size(); ++id)
    if (KindCounts c = p->counters.row(id); anyCount(c))
      out += "row " + p->catalog.row(id).section + " " + p->catalog.row(id).pattern +
             countsLine(c) + "\n";
  LogCounters lc = e.log().counters();
  out += "log          pushed=" + std::to_string(lc.pushed) +
         " written=" + std::to_string(lc.written) + " dropped=" + std::to_string(lc.dropped) +
         " lost=" + std::to_string(lc.lost) + "\n";
  out += "cname-targets " + std::to_string(e.cnameTargets().snapshot().size()) + "\n";
  if (const SetFeeder* f = e.sets()) {
    SetFeederStats s = f->stats();
    out += "sets         answers=" + std::to_string(s.answers) +
           " elements=" + std::to_string(s.elements) +
           " shadow-hits=" + std::to_string(s.shadowHits) + " added=" + std::to_string(s.added) +
           " batches=" + std::to_string(s.batches) + " failures=" + std::to_string(s.failures) +
           " refills=" + std::to_string(s.refills) + " refilled=" + std::to_string(s.refilled) +
           " deferred=" + std::to_string(s.deferred) + " shadow=" + std::to_string(s.shadowSize) +
           "/" + std::to_string(s.shadowCapacity) + " evictions=" + std::to_string(s.evictions) +
           "\n";
  }
  return out;
}

std::string statsJson(const Engine& e) {
  auto p = e.policy();
  std::string out;
  JsonWriter w(out);
  w.beginObject().key("queries");
  counts(w, e.totals());
  w.key("sections").beginObject();
  for (const auto& [section, c] : bySection(*p)) {
    w.key(section);
    counts(w, c);
  }
  w.endObject().key("rows").beginArray();
  for (RowId id = 0; id < p->catalog.rows().size(); ++id) {
    w.beginObject().field("section", p->catalog.row(id).section);
    w.field("pattern", p->catalog.row(id).pattern).key("outcomes");
    counts(w, p->counters.row(id));
    w.endObject();
  }
  LogCounters lc = e.log().counters();
  w.endArray().key("log").beginObject().field("pushed", lc.pushed).field("written", lc.written);
  w.field("dropped", lc.dropped).field("lost", lc.lost).endObject();
  if (const SetFeeder* f = e.sets()) {
    SetFeederStats s = f->stats();
    w.key("sets").beginObject().field("answers", s.answers).field("elements", s.elements);
    w.field("shadow_hits", s.shadowHits).field("added", s.added).field("batches", s.batches);
    w.field("failures", s.failures).field("refills", s.refills).field("refilled", s.refilled);
    w.field("deferred", s.deferred);
    w.field("shadow_size", static_cast<uint64_t>(s.shadowSize));
    w.field("evictions", s.evictions).endObject();
  }
  w.endObject();
  return out;
}

namespace {

/** Escapes a Prometheus label value. */
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void metric(std::string& out, const char* name, const char* type, const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

std::string prometheusText(const Engine& e) {
  auto p = e.policy();
  std::string out;
  metric(out, "orchard_uptime_seconds", "gauge", "Seconds since the engine started.");
  out += "orchard_uptime_seconds " + std::to_string(e.uptimeSeconds()) + "\n";
  metric(out, "orchard_queries_total", "counter", "Catalog queries by outcome.");
  KindCounts t = e.totals();
  for (size_t k = 0; k < kOutcomeKinds; ++k)
    out += "orchard_queries_total{outcome=\"" + kindName(k) + "\"} " + std::to_string(t[k]) + "\n";
  metric(out, "orchard_row_queries_total", "counter",
         "Queries per catalog row by outcome, since the policy was loaded.");
  for (RowId id = 0; id < p->catalog.rows().size(); ++id) {
    KindCounts c = p->counters.row(id);
    for (size_t k = 0; k < kOutcomeKinds; ++k)
      out += "orchard_row_queries_total{section=\"" + label(p->catalog.row(id).section) +
             "\",pattern=\"" + label(p->catalog.row(id).pattern) + "\",outcome=\"" + kindName(k) +
             "\"} " + std::to_string(c[k]) + "\n";
  }
  LogCounters lc = e.log().counters();
  metric(out, "orchard_log_lines_total", "counter", "Outcome log lines by fate.");
  out += "orchard_log_lines_total{fate=\"written\"} " + std::to_string(lc.written) + "\n";
  out += "orchard_log_lines_total{fate=\"dropped\"} " + std::to_string(lc.dropped) + "\n";
  out += "orchard_log_lines_total{fate=\"lost\"} " + std::to_string(lc.lost) + "\n";
  if (const SetFeeder* f = e.sets()) {
    SetFeederStats s = f->stats();
    metric(out, "orchard_set_elements_added_total", "counter", "Elements sent to the kernel.");
    out += "orchard_set_elements_added_total " + std::to_string(s.added + s.refilled) + "\n";
    metric(out, "orchard_set_failures_total", "counter", "Failed kernel set operations.");
    out += "orchard_set_failures_total " + std::to_string(s.failures) + "\n";
    metric(out, "orchard_set_refills_total", "counter", "Sets refilled after a reload.");
    out += "orchard_set_refills_total " + std::to_string(s.refills) + "\n";
    metric(out, "orchard_set_elements_deferred_total", "counter",
           "Elements left to the watcher's refill: their set was failing.");
    out += "orchard_set_elements_deferred_total " + std::to_string(s.deferred) + "\n";
    metric(out, "orchard_shadow_elements", "gauge", "Elements in the shadow table.");
    out += "orchard_shadow_elements " + std::to_string(s.shadowSize) + "\n";
  }
  return out;
}

}  // namespace orchard
