/**
 * \file set_commands.cc
 * `sets`, `why` and `flush` control commands (see control/set_commands.hh); their
 * pages are formatted in control/set_views.cc.
 */
#include "policy/control/set_commands.hh"

#include <cerrno>

#include "policy/control/set_diff.hh"
#include "policy/control/set_views.hh"
#include "policy/control/views.hh"
#include "policy/engine.hh"
#include "policy/log/address_provenance.hh"
#include "policy/sets/feeder.hh"

namespace orchard {

std::string setBackendSummary(const Engine& e) {
  const SetFeeder* f = e.sets();
  if (!f) return "none";
  size_t present = 0, denied = 0;
  auto states = f->states();
  for (const auto& s : states) {
    present += s.present;
    denied += s.probeError == EPERM;
  }
  SetFeederStats st = f->stats();
  std::string out = std::string(toString(f->layout().options().backend)) + ": ";
  // Without CAP_NET_ADMIN the probe cannot tell whether a set exists.
  if (denied)
    out += "sets unknown: no permission (CAP_NET_ADMIN) for " + std::to_string(denied) + "/" +
           std::to_string(states.size()) + " sets";
  else
    out += std::to_string(present) + "/" + std::to_string(states.size()) + " sets present";
  out += ", " + std::to_string(st.failures) + " failures";
  if (!st.lastError.empty()) out += ", last error: " + st.lastError;
  return out;
}

namespace {

/** The sets a command names: all (no name) or the one named. */
bool pickSets(const SetFeeder& f, const std::optional<std::string>& name, bool dynamicOnly,
              std::vector<SetIndex>& out, std::string& error) {
  const SetLayout& l = f.layout();
  if (name) {
    auto i = l.find(*name);
    if (i)
      out.push_back(*i);
    else
      error = "no set '" + *name + "'";
    return i.has_value();
  }
  for (SetIndex i = 0; i < l.sets().size(); ++i)
    if (!dynamicOnly || !l.isStatic(i)) out.push_back(i);
  return true;
}

// sets and flush run only with a set backend: runChecked() (commands.cc)
// answers an error without one, so e.sets() is not null in them.

ControlReply sets(Engine& e, const CommandArgs& a) {
  const SetFeeder& f = *e.sets();
  bool elements = a.has("elements");
  size_t limit = kSetsDefaultLimit;
  std::string error;
  if (!a.positive("limit", limit, error)) return ControlReply::error(error);
  if (a.has("limit") && !elements) return ControlReply::error("sets: --limit goes with --elements");
  std::vector<SetIndex> which;
  if (!pickSets(f, a.argument(), false, which, error)) return ControlReply::error("sets: " + error);
  std::vector<SetDiff> diffs;
  for (SetIndex i : which) {
    if (elements) {
      diffs.push_back(diffSet(f, i, limit));
    } else {
      diffs.emplace_back();
      static_cast<SetSummary&>(diffs.back()) = summarizeSet(f, i);
    }
  }
  const SetLayout& l = f.layout();
  return {true, a.json() ? setsJson(l, diffs, elements) : setsText(l, diffs, elements)};
}

ControlReply flush(Engine& e, const CommandArgs& a) {
  SetFeeder& f = *e.sets();
  std::vector<SetIndex> which;
  std::string error;
  if (!pickSets(f, a.argument(), true, which, error)) return ControlReply::error("flush: " + error);
  std::string out;
  for (SetIndex i : which) {
    BackendResult res = f.flush(i);
    if (!res.ok()) return ControlReply::error("flush: " + res.what);
    out += "flushed " + f.layout().set(i).name + "\n";
  }
  return {true, out};
}

std::string rowsText(const std::vector<LogRow>& rows) {
  std::string out;
  for (const auto& row : rows) out += (out.empty() ? "" : ", ") + row.section + " " + row.pattern;
  return out;
}

ControlReply why(Engine& e, const CommandArgs& a) {
  auto addr = Address::parse(*a.argument());
  if (!addr) return ControlReply::error("not an address: '" + *a.argument() + "'");
  auto p = e.provenance().find(*addr);
  std::string out = addr->toString() + "\n";
  if (!p) return {true, out + "  never seen in an answer for a catalog name since start-up\n"};
  out += "  seen   " + std::to_string(p->answers) + " answer(s), first " +
         isoSeconds(p->firstSeenUs) + ", last " + isoSeconds(p->lastSeenUs) + " (ttl " +
         std::to_string(p->ttl) + ")\n";
  out += "  name   " + p->qname;
  for (const auto& c : p->cnames) out += " -> " + c;
  out += "\n  rows   " + rowsText(p->rows) + "\n";
  if (!p->refused.empty())
    out += "  NOT admitted: refused as " + p->refused + " (never put into a firewall set)\n";
  else if (!e.sets())
    out += "  admitted, but no set backend is configured\n";
  else
    out += whyElementsText(*e.sets(), elementsOf(e.sets()->layout(), e.policy()->catalog, *p));
  return {true, out};
}

}  // namespace

std::span<const CommandHandler> setHandlers() {
  static constexpr CommandHandler handlers[] = {{"sets", sets}, {"why", why}, {"flush", flush}};
  return handlers;
}

}  // namespace orchard
