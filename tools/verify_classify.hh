/**
 * \file verify_classify.hh
 * How `orchardctl verify` judges one name from what the site resolver, and
 * optionally a reference resolver, answered for its A and AAAA records.
 *
 *   sinkholed  an answer holds 0.0.0.0, ::, loopback, link-local, multicast
 *              or broadcast: what blocklists answer with
 *   blocked    NXDOMAIN, REFUSED or no address at all, while the reference
 *              resolves the name
 *   nxdomain, nodata, refused, servfail, timeout, error
 *              the same failures when no reference says otherwise
 *   differs    addresses, but none in common with the reference's: an
 *              internal view or a redirect. Only a warning: CDNs answer
 *              different resolvers differently, though rarely with no
 *              overlap at all from one site (rotation gives overlapping sets,
 *              which are not flagged)
 *   ok         addresses, none of them bogus
 * Pure functions, unit-tested without a resolver.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/base/enum_names.hh"
#include "tools/ub_resolver.hh"

namespace orchard::ctl {

enum class DnsStatus : uint8_t {
  ok,
  differs,
  blocked,
  sinkholed,
  nxdomain,
  nodata,
  refused,
  servfail,
  timeout,
  error,
};
constexpr auto namesOf(DnsStatus) {
  return std::to_array<EnumName<DnsStatus>>({
      {DnsStatus::ok, "ok"},
      {DnsStatus::differs, "differs"},
      {DnsStatus::blocked, "blocked"},
      {DnsStatus::sinkholed, "sinkholed"},
      {DnsStatus::nxdomain, "nxdomain"},
      {DnsStatus::nodata, "nodata"},
      {DnsStatus::refused, "refused"},
      {DnsStatus::servfail, "servfail"},
      {DnsStatus::timeout, "timeout"},
      {DnsStatus::error, "error"},
  });
}
/** Everything but ok and differs makes verify fail. */
bool isFailure(DnsStatus s);

/** A name's A and AAAA lookups through one resolver. */
struct NameResult {
  Lookup a, aaaa;
  std::vector<Address> addresses() const;  // A then AAAA
};

struct DnsVerdict {
  DnsStatus status = DnsStatus::error;
  std::string detail;  // one line for a person, empty when ok
};

/** @param reference nullptr when no reference resolver was given. */
DnsVerdict classifyDns(const NameResult& site, const NameResult* reference);

}  // namespace orchard::ctl
