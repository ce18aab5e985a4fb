/**
 * \file verify_classify.cc
 * Judging a name's answers (see verify_classify.hh).
 */
#include "tools/verify_classify.hh"

#include <algorithm>

namespace orchard::ctl {

bool isFailure(DnsStatus s) { return s != DnsStatus::ok && s != DnsStatus::differs; }

std::vector<Address> NameResult::addresses() const {
  std::vector<Address> out = a.addresses;
  out.insert(out.end(), aaaa.addresses.begin(), aaaa.addresses.end());
  return out;
}

namespace {

constexpr int kServfail = 2, kNxdomain = 3, kRefused = 5;

bool bogus(const Address& a) {
  auto c = classify(a);
  return c != AddressClass::routable && c != AddressClass::private_;
}

bool either(const NameResult& r, bool (*pred)(const Lookup&)) { return pred(r.a) || pred(r.aaaa); }

/** A lookup that did not run or did not finish; status ok when none. */
DnsVerdict transportFailure(const NameResult& r) {
  if (either(r, [](const Lookup& l) { return !l.error.empty(); }))
    return {DnsStatus::error, r.a.error.empty() ? r.aaaa.error : r.a.error};
  if (either(r, [](const Lookup& l) { return l.timedOut; }))
    return {DnsStatus::timeout, "no answer within the timeout"};
  return {DnsStatus::ok, ""};
}

/** The site gave no usable address: blocked when the reference has one. */
DnsVerdict missing(DnsStatus own, std::string what, const NameResult* ref) {
  if (ref && !ref->addresses().empty())
    return {DnsStatus::blocked, what + " here, the reference resolves it"};
  return {own, what};
}

bool disjoint(const std::vector<Address>& x, const std::vector<Address>& y) {
  return std::none_of(x.begin(), x.end(), [&](const Address& a) {
    return std::find(y.begin(), y.end(), a) != y.end();
  });
}

}  // namespace

DnsVerdict classifyDns(const NameResult& site, const NameResult* ref) {
  if (auto t = transportFailure(site); t.status != DnsStatus::ok) return t;
  auto addrs = site.addresses();
  for (const auto& a : addrs)
    if (bogus(a)) return {DnsStatus::sinkholed, "answered " + a.toString()};
  if (either(site, [](const Lookup& l) { return l.rcode == kServfail; }))
    return {DnsStatus::servfail, "SERVFAIL"};
  if (either(site, [](const Lookup& l) { return l.rcode == kNxdomain; }))
    return missing(DnsStatus::nxdomain, "NXDOMAIN", ref);
  if (either(site, [](const Lookup& l) { return l.rcode == kRefused; }))
    return missing(DnsStatus::refused, "REFUSED", ref);
  if (addrs.empty()) return missing(DnsStatus::nodata, "no A or AAAA record", ref);
  if (ref && !ref->addresses().empty() && disjoint(addrs, ref->addresses()))
    return {DnsStatus::differs, "no address in common with the reference"};
  return {DnsStatus::ok, ""};
}

}  // namespace orchard::ctl
