/**
 * \file outcome.hh
 * What happened to a query, in the words an on-call engineer uses:
 * answered, no data, NXDOMAIN, SERVFAIL, refused, or blocked (and why).
 *
 * "Blocked" is inferred from the answer itself: the resolver answered from
 * local data (local-zone, RPZ, a blocklist) with NXDOMAIN, REFUSED or no
 * data, or any source answered with only sinkhole/bogon addresses (0.0.0.0,
 * ::, 127.0.0.1 ...), or with private addresses when the policy does not
 * admit them. Only routable addresses are ever admitted to firewall sets.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/answer/reply.hh"
#include "policy/base/enum_names.hh"

namespace orchard {

enum class OutcomeKind : uint8_t { answered, nodata, nxdomain, servfail, refused, blocked };
constexpr auto namesOf(OutcomeKind) {
  return std::to_array<EnumName<OutcomeKind>>({
      {OutcomeKind::answered, "answered"},
      {OutcomeKind::nodata, "nodata"},
      {OutcomeKind::nxdomain, "nxdomain"},
      {OutcomeKind::servfail, "servfail"},
      {OutcomeKind::refused, "refused"},
      {OutcomeKind::blocked, "blocked"},
  });
}
constexpr size_t kOutcomeKinds = 6;

struct Outcome {
  OutcomeKind kind = OutcomeKind::answered;
  std::string reason;             // "", or why: "local-zone nxdomain", "sinkhole 0.0.0.0"
  Chain chain;                    // CNAMEs and final addresses
  std::vector<TtlAddress> admit;  // the routable subset of chain.addresses; the
                                  // engine empties it for a name outside the catalog
};

/** Classifies a reply. `allowPrivate` admits RFC 1918 / ULA addresses. */
Outcome classifyReply(const Reply& reply, bool allowPrivate);
/** The same into `out`, reusing its storage: a resolver thread keeps one
 *  Outcome, so a classification allocates nothing once it has grown. */
void classifyReply(const Reply& reply, bool allowPrivate, Outcome& out);

}  // namespace orchard
