/**
 * \file commands.cc
 * status, stats, recent, explain, reload, reopen-log (see
 * control/commands.hh). Set commands are in control/set_commands.cc.
 */
#include "policy/control/commands.hh"

#include <charconv>

#include "policy/base/config_lexer.hh"
#include "policy/base/diag_log.hh"
#include "policy/base/json.hh"
#include "policy/catalog/cname_targets.hh"
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

ControlReply status(Engine& e, const ControlRequest& r) {
  auto p = e.policy();
  const EngineConfig& c = e.config();
  LogCounters lc = e.log().counters();
  std::string out;
  if (r.json) {
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

/** Parses "--limit K" style values. */
bool parseSize(const std::string& s, size_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

ControlReply recent(Engine& e, const ControlRequest& r) {
  RecentFilter f;
  for (size_t i = 0; i < r.args.size(); ++i) {
    const std::string& a = r.args[i];
    bool hasValue = i + 1 < r.args.size();
    if (a == "--blocked") {
      f.blockedOnly = true;
    } else if (a == "--failed") {
      f.failedOnly = true;
    } else if (a == "--name" && hasValue) {
      f.name = canonicalName(r.args[++i]);
    } else if (a == "--limit" && hasValue) {
      if (!parseSize(r.args[++i], f.limit) || f.limit == 0)
        return ControlReply::error("--limit takes a positive number, not '" + r.args[i] + "'");
    } else {
      return ControlReply::error("recent: unexpected '" + a + "'");
    }
  }
  std::vector<LogLine> lines = e.recent().list(f);
  return {true, r.json ? recentJson(lines) : recentText(lines)};
}

ControlReply explain(Engine& e, const ControlRequest& r) {
  if (r.args.size() != 1) return ControlReply::error("usage: explain NAME");
  DnsName name;
  if (!name.parse(r.args[0])) return ControlReply::error("not a DNS name: '" + r.args[0] + "'");
  auto p = e.policy();
  MatchList m;
  p->matcher.match(name, m);
  auto last = e.recent().last(name.toString());
  return {true, explainText(e, *p, name, m, last, r.json)};
}

ControlReply reload(Engine& e) {
  try {
    e.reload();
  } catch (const FileError& err) {
    return ControlReply::error(std::string(err.what()) + " (the old policy stays)");
  }
  return {true, "reloaded: " + std::to_string(e.policy()->catalog.rows().size()) + " rows\n"};
}

}  // namespace

std::vector<ControlCommand> engineCommands(Engine& e) {
  std::vector<ControlCommand> c{
      {"status", "status", "version, uptime, configuration, catalog, log and sets health",
       [&e](const ControlRequest& r) { return status(e, r); }},
      {"stats", "stats [--prometheus]", "counters per section and row by outcome, sets, log",
       [&e](const ControlRequest& r) { return statsReply(e, r); }},
      {"recent", "recent [--blocked|--failed] [--name N] [--limit K]", "the last outcomes",
       [&e](const ControlRequest& r) { return recent(e, r); }},
      {"explain", "explain NAME", "rows, counters, last outcome, CNAMEs, set elements of a name",
       [&e](const ControlRequest& r) { return explain(e, r); }},
      {"reload", "reload", "re-read catalog and site file (a bad file keeps the old policy)",
       [&e](const ControlRequest&) { return reload(e); }},
      {"reopen-log", "reopen-log", "reopen the outcome log file (after logrotate)",
       [&e](const ControlRequest&) {
         e.reopenLog();
         return ControlReply{true, "log reopened\n"};
       }},
  };
  for (auto& s : setCommands(e)) c.push_back(std::move(s));
  return c;
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
