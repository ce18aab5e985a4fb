/**
 * \file commands.cc
 * status, stats, recent, explain, reload, reopen-log, and the binding of
 * the command table to every handler (see control/commands.hh). Set
 * commands are in control/set_commands.cc.
 */
#include "policy/control/commands.hh"

#include <span>
#include <stdexcept>

#include "policy/base/config_lexer.hh"
#include "policy/base/diag_log.hh"
#include "policy/base/json.hh"
#include "policy/catalog/cname_targets.hh"
#include "policy/control/command_table.hh"
#include "policy/control/set_commands.hh"
#include "policy/control/stats_format.hh"
#include "policy/control/views.hh"
#include "policy/engine.hh"
#include "policy/log/log_line.hh"
#include "policy/log/outcome_log.hh"
#include "policy/log/recent_outcomes.hh"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

namespace orchard {
namespace {

ControlReply status(Engine& e, const CommandArgs& a) {
  auto p = e.policy();
  const EngineConfig& c = e.config();
  LogCounters lc = e.log().counters();
  std::string out;
  if (a.json()) {
    JsonWriter w(out);
    w.beginObject().field("version", PACKAGE_VERSION).field("uptime_seconds", e.uptimeSeconds());
    w.field("config", c.path).field("catalog", c.catalog).field("site", c.site);
    w.field("rows", static_cast<uint64_t>(p->catalog.rows().size()));
    w.field("log", toString(c.log.destination)).field("log_file", c.log.file);
    w.field("log_pushed", lc.pushed).field("log_written", lc.written);
    w.field("log_dropped", lc.dropped).field("log_lost", lc.lost);
    w.field("sets", setBackendSummary(e)).endObject();
    return {true, out};
  }
  out += "version      orchard " PACKAGE_VERSION "\n";
  out += "uptime       " + std::to_string(e.uptimeSeconds()) + " s\n";
  out += "config       " + c.path + "\n";
  out += "catalog      " + c.catalog + (c.site.empty() ? "" : " + site " + c.site) + " (" +
         std::to_string(p->catalog.rows().size()) + " rows)\n";
  out += "log          " + std::string(toString(c.log.destination)) +
         (c.log.destination == LogDestination::file ? " " + c.log.file : "") + ": " +
         std::to_string(lc.written) + " written, " + std::to_string(lc.dropped) + " dropped, " +
         std::to_string(lc.lost) + " lost\n";
  out += "sets         " + setBackendSummary(e) + "\n";
  return {true, out};
}

ControlReply stats(Engine& e, const CommandArgs& a) {
  if (a.has("prometheus")) return {true, prometheusText(e)};
  return {true, a.json() ? statsJson(e) : statsText(e)};
}

ControlReply recent(Engine& e, const CommandArgs& a) {
  RecentFilter f;
  f.blockedOnly = a.has("blocked");
  f.failedOnly = a.has("failed");
  if (auto name = a.value("name")) {
    f.name = canonicalName(*name);
    if (f.name.empty()) return ControlReply::error("recent: not a DNS name: '" + *name + "'");
  }
  std::string error;
  if (!a.positive("limit", f.limit, error)) return ControlReply::error(error);
  std::vector<LogLine> lines = e.recent().list(f);
  return {true, a.json() ? recentJson(lines) : recentText(lines)};
}

ControlReply explain(Engine& e, const CommandArgs& a) {
  DnsName name;
  if (!name.parse(*a.argument()))
    return ControlReply::error("not a DNS name: '" + *a.argument() + "'");
  auto p = e.policy();
  MatchList m;
  p->matcher.match(name, m);
  auto last = e.recent().last(name.toString());
  return {true, explainText(e, *p, name, m, last, a.json())};
}

ControlReply reload(Engine& e, const CommandArgs&) {
  try {
    e.reload();
  } catch (const FileError& err) {
    return ControlReply::error(std::string(err.what()) + " (the old policy stays)");
  }
  return {true, "reloaded: " + std::to_string(e.policy()->catalog.rows().size()) + " rows\n"};
}

ControlReply reopenLog(Engine& e, const CommandArgs&) {
  e.reopenLog();
  return {true, "log reopened\n"};
}

constexpr CommandHandler kHandlers[] = {
    {"status", status},   {"stats", stats},   {"recent", recent},
    {"explain", explain}, {"reload", reload}, {"reopen-log", reopenLog},
};

/** The one handler of `spec`, from this file's or the set commands'. */
CommandHandler::Run handlerOf(const CommandSpec& spec) {
  CommandHandler::Run found = nullptr;
  for (auto handlers : {std::span<const CommandHandler>(kHandlers), setHandlers()})
    for (const CommandHandler& h : handlers) {
      if (!findControlCommand(h.name))
        throw std::logic_error("control handler '" + std::string(h.name) + "' has no table entry");
      if (h.name != spec.name) continue;
      if (found)
        throw std::logic_error("control command '" + std::string(h.name) + "' has two handlers");
      found = h.run;
    }
  if (!found)
    throw std::logic_error("control command '" + std::string(spec.name) + "' has no handler");
  return found;
}

/** Checks the request against the entry, then runs the handler. */
ControlReply runChecked(Engine& e, const CommandSpec& spec, CommandHandler::Run run,
                        const ControlRequest& r) {
  if (spec.needsSets && !e.sets())
    return ControlReply::error("no set backend configured (sets none)");
  std::string error;
  auto args = CommandArgs::parse(spec, r, error);
  if (!args) return ControlReply::error(error);
  return run(e, *args);
}

}  // namespace

std::vector<ControlCommand> engineCommands(Engine& e) {
  std::vector<ControlCommand> out;
  for (const CommandSpec& spec : controlCommandTable()) {
    CommandHandler::Run run = handlerOf(spec);
    out.push_back(
        {std::string(spec.name), usageOf(spec), std::string(spec.summary),
         [&e, &spec, run](const ControlRequest& r) { return runChecked(e, spec, run, r); }});
  }
  return out;
}

std::unique_ptr<ControlServer> startControl(Engine& e) {
  const EngineConfig& c = e.config();
  if (c.controlSocket.empty()) return nullptr;
  ControlSocketOptions o{c.controlSocket, static_cast<mode_t>(c.controlMode), c.controlGroup};
  try {
    return std::make_unique<ControlServer>(o, engineCommands(e));
  } catch (const std::runtime_error& err) {
    // Named in the file: a start-up error. The default path: run without.
    if (c.controlSocketSet) throw FileError(c.path, 0, err.what());
    diag(std::string("control channel off: ") + err.what());
    return nullptr;
  }
}

}  // namespace orchard
