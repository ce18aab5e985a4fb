/**
 * \file views.cc
 * Text and JSON views for `recent` and `explain` (see control/views.hh).
 */
#include "policy/control/views.hh"

#include <ctime>

#include "policy/base/json.hh"
#include "policy/catalog/cname_targets.hh"
#include "policy/engine.hh"

namespace orchard {

std::string canonicalName(const std::string& text) {
  DnsName n;
  return n.parse(text) ? n.toString() : "";
}

std::string isoSeconds(int64_t us) {
  time_t secs = static_cast<time_t>(us / 1000000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string recentLine(const LogEntry& e) {
  std::string out = isoSeconds(e.timeUs) + " " + e.client + " " + e.qname + " " +
                    qtypeName(e.qtype) + " " + std::string(toString(e.source)) + " " +
                    std::string(toString(e.kind));
  if (!e.reason.empty()) out += " (" + e.reason + ")";
  if (!e.cnames.empty() || !e.addresses.empty()) out += " ->";
  for (const auto& c : e.cnames) out += " " + c;
  for (const auto& a : e.addresses) out += " " + a.address.toString();
  return out;
}

std::string recentText(const std::vector<LogLine>& lines) {
  if (lines.empty()) return "no outcomes recorded yet\n";
  std::string out;
  for (const LogLine& l : lines) out += recentLine(l.expand()) + "\n";
  return out;
}

std::string recentJson(const std::vector<LogLine>& lines) {
  std::string out = "[";
  for (const LogLine& l : lines) {
    if (out.size() > 1) out += ',';
    l.appendJson(out);
  }
  return out + "]";
}

namespace {

std::string countsText(const KindCounts& k) {
  std::string out;
  for (size_t i = 0; i < kOutcomeKinds; ++i)
    if (k[i])
      out += std::string(out.empty() ? "" : ", ") + std::to_string(k[i]) + " " +
             std::string(toString(static_cast<OutcomeKind>(i)));
  return out.empty() ? "no queries yet" : out;
}

void writeCounts(JsonWriter& w, const KindCounts& k) {
  w.beginObject();
  for (size_t i = 0; i < kOutcomeKinds; ++i) w.field(toString(static_cast<OutcomeKind>(i)), k[i]);
  w.endObject();
}

/** CNAME targets whose recorded pattern is one of the matched rows'. */
std::vector<CnameTarget> targetsFor(const Engine& e, const Policy& p, const MatchList& m) {
  std::vector<CnameTarget> out;
  for (const auto& t : e.cnameTargets().snapshot())
    for (const auto& mt : m)
      if (p.catalog.row(mt.row).pattern == t.pattern) {
        out.push_back(t);
        break;
      }
  return out;
}

std::string explainJson(const Engine& e, const Policy& p, const DnsName& name, const MatchList& m,
                        const std::optional<LogEntry>& last) {
  std::string out;
  JsonWriter w(out);
  w.beginObject().field("name", name.toString()).key("rows").beginArray();
  for (const auto& mt : m) {
    const Row& r = p.catalog.row(mt.row);
    w.beginObject().field("section", r.section).field("pattern", r.pattern);
    w.field("match", toString(mt.how)).key("outcomes");
    writeCounts(w, p.counters.row(mt.row));
    w.endObject();
  }
  w.endArray().key("last").raw(last ? formatLogLine(*last) : "null");
  w.key("cname_targets").beginArray();
  for (const auto& t : targetsFor(e, p, m)) w.value(t.name);
  w.endArray().endObject();
  return out;
}

}  // namespace

std::string explainText(const Engine& e, const Policy& p, const DnsName& name, const MatchList& m,
                        const std::optional<LogEntry>& last, bool json) {
  if (json) return explainJson(e, p, name, m, last);
  std::string out = name.toString() + "\n";
  if (m.empty()) out += "  no catalog row matches: Orchard does not log or admit this name\n";
  for (const auto& mt : m) {
    const Row& r = p.catalog.row(mt.row);
    out += "  row   " + r.section + " " + r.pattern + " (" + std::string(toString(mt.how)) + ") " +
           toString(p.catalog.portsUnion({mt.row})) + "\n";
    out += "        " + countsText(p.counters.row(mt.row)) + "\n";
  }
  out += "  last  " + (last ? recentLine(*last) : std::string("not seen since start-up")) + "\n";
  for (const auto& t : targetsFor(e, p, m))
    out += "  cname " + t.name + " (seen " + std::to_string(t.count) + "x, last " +
           isoSeconds(t.lastSeen * 1000000) + ")\n";
  return out;
}

}  // namespace orchard
