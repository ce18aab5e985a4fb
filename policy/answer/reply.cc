/**
 * \file reply.cc
 * Following a CNAME chain through an answer section (see answer/reply.hh).
 */
#include "policy/answer/reply.hh"

#include <algorithm>

namespace orchard {

std::string canonicalWire(std::string_view wire) {
  std::string out(wire);
  for (auto& c : out) c = static_cast<char>(foldCase(static_cast<uint8_t>(c)));
  return out;
}

namespace {

/** The length of the wire name at the start of `s`, or 0 if malformed. */
size_t wireNameLength(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto n = static_cast<uint8_t>(s[i]);
    if (n == 0) return i + 1 <= DnsName::kMaxWire ? i + 1 : 0;
    if (n > DnsName::kMaxLabel) return 0;  // compression pointers are not expected
    i += 1 + n;
  }
  return 0;
}

/** Two wire names equal but for ASCII case. Compared in place: lower-cased
 *  copies of every owner and target were most of the chain walk's cost
 *  (allocations, doc/performance.md). */
bool sameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;  // the usual case: the same case, one memcmp
  for (size_t i = 0; i < a.size(); ++i)
    if (foldCase(static_cast<uint8_t>(a[i])) != foldCase(static_cast<uint8_t>(b[i]))) return false;
  return true;
}

std::string presentation(std::string_view wire) {
  DnsName n;
  if (!n.parseWire(reinterpret_cast<const uint8_t*>(wire.data()), wire.size())) return "?";
  return n.toString();
}

/** The qname in (lower-cased) wire form, into `out`; its length. */
size_t qnameWire(const DnsName& q, char (&out)[DnsName::kMaxWire + 1]) {
  size_t n = 0;
  for (size_t i = 0; i < q.labelCount(); ++i) {
    out[n++] = static_cast<char>(q.label(i).size());
    q.label(i).copy(out + n, q.label(i).size());
    n += q.label(i).size();
  }
  out[n++] = '\0';
  return n;
}

void collectAddresses(const Reply& reply, std::string_view owner, Chain& chain) {
  for (const AnswerRecord& rr : reply.answer) {
    if (!sameName(rr.owner, owner)) continue;
    const auto* b = reinterpret_cast<const uint8_t*>(rr.rdata.data());
    if (rr.type == rrtype::A && rr.rdata.size() == 4)
      chain.addresses.push_back({Address::v4(b), rr.ttl});
    else if (rr.type == rrtype::AAAA && rr.rdata.size() == 16)
      chain.addresses.push_back({Address::v6(b), rr.ttl});
  }
}

}  // namespace

Chain followChain(const Reply& reply) {
  Chain chain;
  followChain(reply, chain);
  return chain;
}

void followChain(const Reply& reply, Chain& chain) {
  chain.cnames.clear();
  chain.addresses.clear();
  chain.minCnameTtl = UINT32_MAX;
  chain.loop = chain.truncated = false;
  char qwire[DnsName::kMaxWire + 1];
  std::string_view owner(qwire, qnameWire(reply.qname, qwire));
  std::string_view seen[Chain::kMaxChain + 1] = {owner};  // names of the chain so far
  size_t nSeen = 1;
  bool moved = true;
  while (moved) {
    moved = false;
    for (const AnswerRecord& rr : reply.answer) {
      if (rr.type != rrtype::CNAME || !sameName(rr.owner, owner)) continue;
      size_t len = wireNameLength(rr.rdata);
      if (len == 0 || len != rr.rdata.size()) continue;  // malformed target
      std::string_view target = rr.rdata;
      auto isTarget = [target](std::string_view s) { return sameName(s, target); };
      if (std::any_of(seen, seen + nSeen, isTarget)) {
        chain.loop = true;
        break;
      }
      if (chain.cnames.size() >= Chain::kMaxChain) {
        chain.truncated = true;
        break;
      }
      chain.cnames.push_back(presentation(target));
      chain.minCnameTtl = std::min(chain.minCnameTtl, rr.ttl);
      seen[nSeen++] = target;
      owner = target;
      moved = true;
      break;
    }
  }
  collectAddresses(reply, owner, chain);
}

}  // namespace orchard
