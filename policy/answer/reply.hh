/**
 * \file reply.hh
 * A resolver-independent view of one answer on its way to a client.
 *
 * The resolver adapter (module/ for Unbound) fills it from the resolver's
 * own structures; the engine reads it. Records are kept in wire form as the
 * resolver holds them (owner names and CNAME targets uncompressed), so the
 * chain walk and the classification live here, testable without a resolver.
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/base/address.hh"
#include "policy/base/dns_name.hh"
#include "policy/base/enum_names.hh"

namespace orchard {

/** Where the answer came from. */
enum class AnswerSource : uint8_t {
  resolved,  // resolution just finished (a cache miss)
  cache,     // served from the message cache
  local,     // local-zone/local-data, RPZ or another blocklist
  servfail,  // resolution failed; the resolver answers SERVFAIL
};
constexpr auto namesOf(AnswerSource) {
  return std::to_array<EnumName<AnswerSource>>({
      {AnswerSource::resolved, "resolved"},
      {AnswerSource::cache, "cache"},
      {AnswerSource::local, "local"},
      {AnswerSource::servfail, "servfail"},
  });
}

namespace rrtype {
constexpr uint16_t A = 1, CNAME = 5, AAAA = 28, ANY = 255;
}
namespace rcode {
constexpr uint16_t NOERROR = 0, SERVFAIL = 2, NXDOMAIN = 3, REFUSED = 5;
}

/** One answer-section record. */
struct AnswerRecord {
  std::string owner;  // wire form, uncompressed, any case
  uint16_t type = 0;
  uint32_t ttl = 0;
  std::string rdata;  // wire form; a CNAME's target is an uncompressed name
};

struct Reply {
  DnsName qname;
  uint16_t qtype = 0;
  uint16_t rcode = 0;
  AnswerSource source = AnswerSource::resolved;
  std::optional<Address> client;
  uint16_t clientPort = 0;
  int thread = -1;  // resolver worker, when known
  std::vector<AnswerRecord> answer;
};

/** An address at the end of a CNAME chain, with the TTL it was given. */
struct TtlAddress {
  Address address;
  uint32_t ttl = 0;
};

/** The answer followed from the query name through its CNAMEs. */
struct Chain {
  std::vector<std::string> cnames;    // targets in order, presentation form
  std::vector<TtlAddress> addresses;  // A/AAAA owned by the last name
  uint32_t minCnameTtl = UINT32_MAX;  // shortest TTL along the chain
  bool loop = false;                  // a CNAME pointed back into the chain
  bool truncated = false;             // longer than kMaxChain
  static constexpr size_t kMaxChain = 16;
};

/** Follows CNAMEs from reply.qname through reply.answer. Malformed records
 *  (bad name, wrong rdata length) are skipped, never trusted. */
Chain followChain(const Reply& reply);
/** The same into `out`, reusing its storage (a resolver thread's). */
void followChain(const Reply& reply, Chain& out);

/** Lower-cases a wire name's ASCII letters (labels are left as they are). */
std::string canonicalWire(std::string_view wire);

}  // namespace orchard
