/**
 * \file verify_report.cc
 * Table and JSON forms of a verify run (see verify_report.hh).
 */
#include "tools/verify_report.hh"

#include <algorithm>
#include <map>

#include "policy/base/json.hh"
#include "tools/row_format.hh"

namespace orchard::ctl {

bool HostReport::failed() const {
  return isFailure(dns.status) ||
         std::any_of(ports.begin(), ports.end(), [](const PortReport& p) { return p.failed; });
}

bool VerifyReport::failed() const {
  return std::any_of(hosts.begin(), hosts.end(), [](const HostReport& h) { return h.failed(); });
}

namespace {

std::string serviceText(const Service& s) {
  return std::string(toString(s.protocol)) + "/" + std::to_string(s.port);
}

std::string addressesText(const std::vector<Address>& addrs) {
  std::string s;
  for (size_t i = 0; i < addrs.size() && i < 3; ++i) s += (i ? " " : "") + addrs[i].toString();
  if (addrs.size() > 3) s += " +" + std::to_string(addrs.size() - 3);
  return s.empty() ? "-" : s;
}

std::string referenceText(const HostReport& h) {
  auto addrs = h.reference.addresses();
  if (!addrs.empty()) return std::to_string(addrs.size()) + " addr";
  if (h.reference.a.timedOut) return "timeout";
  return h.reference.a.rcode == 3 ? "NXDOMAIN" : "no address";
}

std::string portsText(const HostReport& h) {
  std::string s;
  for (const auto& p : h.ports)
    s += (s.empty() ? "" : ", ") + serviceText(p.service) + " " + p.result;
  return s;
}

std::vector<std::string> header(const VerifyReport& r) {
  std::vector<std::string> h{"NAME", "DNS", "ADDRESSES"};
  if (!r.reference.empty()) h.push_back("REFERENCE");
  if (r.connect) h.push_back("PORTS");
  h.push_back("DETAIL");
  return h;
}

std::vector<std::string> cells(const VerifyReport& r, const HostReport& h) {
  std::vector<std::string> c{h.target->name, std::string(toString(h.dns.status)),
                             addressesText(h.site.addresses())};
  if (!r.reference.empty()) c.push_back(referenceText(h));
  if (r.connect) c.push_back(portsText(h));
  c.push_back(h.dns.detail);
  return c;
}

std::string summary(const VerifyReport& r) {
  std::map<std::string, size_t> dns, ports;
  for (const auto& h : r.hosts) {
    dns[std::string(toString(h.dns.status))]++;
    for (const auto& p : h.ports) ports[p.result]++;
  }
  auto join = [](const std::map<std::string, size_t>& m) {
    std::string s;
    for (const auto& [k, n] : m) s += (s.empty() ? "" : ", ") + std::to_string(n) + " " + k;
    return s;
  };
  std::string s = std::to_string(r.hosts.size()) + " names: " + join(dns);
  if (r.connect) s += "; ports: " + join(ports);
  return s + (r.failed() ? "; FAILED" : "; all required checks passed");
}

void writeLookupJson(JsonWriter& w, const Lookup& l) {
  w.beginObject().field("rcode", l.rcode).field("timeout", l.timedOut);
  if (!l.error.empty()) w.field("error", l.error);
  if (!l.canonName.empty()) w.field("canonical", l.canonName);
  w.key("addresses").beginArray();
  for (const auto& a : l.addresses) w.value(a.toString());
  w.endArray().endObject();
}

void writeNameJson(JsonWriter& w, const NameResult& n) {
  w.beginObject().key("a");
  writeLookupJson(w, n.a);
  w.key("aaaa");
  writeLookupJson(w, n.aaaa);
  w.endObject();
}

void writePortJson(JsonWriter& w, const PortReport& p) {
  w.beginObject()
      .field("protocol", toString(p.service.protocol))
      .field("port", unsigned{p.service.port})
      .field("result", p.result)
      .field("failed", p.failed)
      .key("addresses")
      .beginArray();
  for (const auto& pr : p.probes)
    w.beginObject()
        .field("address", pr.address.toString())
        .field("result", toString(pr.result))
        .endObject();
  w.endArray().endObject();
}

void writeHostJson(JsonWriter& w, const VerifyReport& r, const HostReport& h) {
  w.beginObject()
      .field("name", h.target->name)
      .field("pattern", h.target->pattern)
      .field("status", toString(h.dns.status))
      .field("detail", h.dns.detail)
      .field("failed", h.failed())
      .key("site");
  writeNameJson(w, h.site);
  if (!r.reference.empty()) {
    w.key("reference");
    writeNameJson(w, h.reference);
  }
  w.key("ports").beginArray();
  for (const auto& p : h.ports) writePortJson(w, p);
  w.endArray().endObject();
}

}  // namespace

void printTable(std::ostream& out, const VerifyReport& r) {
  TextTable t(header(r));
  for (const auto& h : r.hosts) t.add(cells(r, h));
  out << "resolver " << r.resolver;
  if (!r.reference.empty()) out << ", reference " << r.reference;
  out << "\n" << t.render() << summary(r) << "\n";
}

void printJson(std::ostream& out, const VerifyReport& r) {
  std::string s;
  JsonWriter w(s);
  w.beginObject().field("resolver", r.resolver);
  if (!r.reference.empty()) w.field("reference", r.reference);
  w.field("connect", r.connect).field("failed", r.failed()).key("names").beginArray();
  for (const auto& h : r.hosts) writeHostJson(w, r, h);
  w.endArray().endObject();
  out << s << "\n";
}

}  // namespace orchard::ctl
