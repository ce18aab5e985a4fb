/**
 * \file set_commands.cc
 * `sets`, `why` and `flush` control commands (see control/set_commands.hh); their
 * pages are formatted in control/set_views.cc.
 */
#include "policy/control/set_commands.hh"

#include <cerrno>
#include <charconv>

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
bool pickSets(const SetFeeder& f, const std::vector<std::string>& names, bool dynamicOnly,
              std::vector<SetIndex>& out, std::string& error) {
  const SetLayout& l = f.layout();
  if (names.size() > 1) {
    error = "expected at most one set name";
    return false;
  }
  if (names.size() == 1) {
    auto i = l.find(names[0]);
    if (i)
      out.push_back(*i);
    else
      error = "no set '" + names[0] + "'";
    return i.has_value();
  }
  for (SetIndex i = 0; i < l.sets().size(); ++i)
    if (!dynamicOnly || !l.isStatic(i)) out.push_back(i);
  return true;
}

/** `sets [SET] [--elements [--limit N]]`. */
struct SetsRequest {
  std::vector<std::string> names;
  bool elements = false;
  size_t limit = kSetsDefaultLimit;
};

bool parseSets(const ControlRequest& r, SetsRequest& q, std::string& error) {
  bool limited = false;
  for (size_t i = 0; i < r.args.size(); ++i) {
    const std::string& a = r.args[i];
    if (a == "--elements") {
      q.elements = true;
    } else if (a == "--limit" && i + 1 < r.args.size()) {
      const std::string& v = r.args[++i];
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), q.limit);
      if (ec != std::errc() || end != v.data() + v.size() || q.limit == 0) {
        error = "--limit takes a positive number, not '" + v + "'";
        return false;
      }
      limited = true;
    } else if (a.starts_with("--")) {
      error = "unexpected '" + a + "'";
      return false;
    } else {
      q.names.push_back(a);
    }
  }
  if (limited && !q.elements) error = "--limit goes with --elements";
  return error.empty();
}

ControlReply sets(const Engine& e, const ControlRequest& r) {
  const SetFeeder* f = e.sets();
  if (!f) return ControlReply::error("no set backend configured (sets none)");
  SetsRequest q;
  std::vector<SetIndex> which;
  std::string error;
  if (!parseSets(r, q, error) || !pickSets(*f, q.names, false, which, error))
    return ControlReply::error("sets: " + error);
  std::vector<SetDiff> diffs;
  for (SetIndex i : which) {
    if (q.elements) {
      diffs.push_back(diffSet(*f, i, q.limit));
    } else {
      diffs.emplace_back();
      static_cast<SetSummary&>(diffs.back()) = summarizeSet(*f, i);
    }
  }
  const SetLayout& l = f->layout();
  return {true, r.json ? setsJson(l, diffs, q.elements) : setsText(l, diffs, q.elements)};
}

ControlReply flush(Engine& e, const ControlRequest& r) {
  SetFeeder* f = e.sets();
  if (!f) return ControlReply::error("no set backend configured (sets none)");
  std::vector<SetIndex> which;
  std::string error;
  if (!pickSets(*f, r.args, true, which, error)) return ControlReply::error("flush: " + error);
  std::string out;
  for (SetIndex i : which) {
    BackendResult res = f->flush(i);
    if (!res.ok()) return ControlReply::error("flush: " + res.what);
    out += "flushed " + f->layout().set(i).name + "\n";
  }
  return {true, out};
}

std::string rowsText(const std::vector<LogRow>& rows) {
  std::string out;
  for (const auto& row : rows) out += (out.empty() ? "" : ", ") + row.section + " " + row.pattern;
  return out;
}

ControlReply why(const Engine& e, const ControlRequest& r) {
  if (r.args.size() != 1) return ControlReply::error("usage: why ADDRESS");
  auto addr = Address::parse(r.args[0]);
  if (!addr) return ControlReply::error("not an address: '" + r.args[0] + "'");
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

std::vector<ControlCommand> setCommands(Engine& e) {
  return {
      {"sets", "sets [SET] [--elements [--limit N]]",
       "each set's counts, kernel beside shadow table; --elements: the elements",
       [&e](const ControlRequest& r) { return sets(e, r); }},
      {"why", "why ADDRESS", "why an address is in a set (name, chain, row) or why not",
       [&e](const ControlRequest& r) { return why(e, r); }},
      {"flush", "flush [SET]", "empty the dynamic sets (or SET) in the kernel and the shadow table",
       [&e](const ControlRequest& r) { return flush(e, r); }},
  };
}

}  // namespace orchard
