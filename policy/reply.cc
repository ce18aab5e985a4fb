/**
 * \file reply.cc
 * Following a CNAME chain through an answer section (see reply.hh).
 */
#include "policy/reply.hh"

#include <algorithm>

namespace orchard {

std::string_view toString(AnswerSource s) {
  switch (s) {
    case AnswerSource::resolved: return "resolved";
    case AnswerSource::cache: return "cache";
    case AnswerSource::local: return "local";
    case AnswerSource::servfail: return "servfail";
  }
  return "?";
}

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

std::string presentation(std::string_view wire) {
  DnsName n;
  if (!n.parseWire(reinterpret_cast<const uint8_t*>(wire.data()), wire.size())) return "?";
  return n.toString();
}

/** The qname in canonical wire form. */
std::string qnameWire(const DnsName& q) {
  std::string out;
  for (size_t i = 0; i < q.labelCount(); ++i) {
    out += static_cast<char>(q.label(i).size());
    out += q.label(i);
  }
  out += '\0';
  return out;
}

void collectAddresses(const Reply& reply, const std::vector<std::string>& owners,
                      const std::string& owner, Chain& chain) {
  for (size_t i = 0; i < reply.answer.size(); ++i) {
    const AnswerRecord& rr = reply.answer[i];
    if (owners[i] != owner) continue;
    const auto* b = reinterpret_cast<const uint8_t*>(rr.rdata.data());
    if (rr.type == rrtype::A && rr.rdata.size() == 4)
      chain.addresses.push_back({Address::v4(b), rr.ttl});
    else if (rr.type == rrtype::AAAA && rr.rdata.size() == 16)
      chain.addresses.push_back({Address::v6(b), rr.ttl});
  }
}

}  // namespace

Chain followChain(const Reply& reply) {
  // Each owner is lower-cased once, so a step costs one pass of compares.
  std::vector<std::string> owners;
  owners.reserve(reply.answer.size());
  for (const auto& rr : reply.answer) owners.push_back(canonicalWire(rr.owner));
  Chain chain;
  std::string owner = qnameWire(reply.qname);
  std::vector<std::string> seen{owner};
  bool moved = true;
  while (moved) {
    moved = false;
    for (size_t i = 0; i < reply.answer.size(); ++i) {
      const AnswerRecord& rr = reply.answer[i];
      if (rr.type != rrtype::CNAME || owners[i] != owner) continue;
      size_t len = wireNameLength(rr.rdata);
      if (len == 0 || len != rr.rdata.size()) continue;  // malformed target
      std::string target = canonicalWire(rr.rdata);
      if (std::find(seen.begin(), seen.end(), target) != seen.end()) {
        chain.loop = true;
        break;
      }
      if (chain.cnames.size() >= Chain::kMaxChain) {
        chain.truncated = true;
        break;
      }
      chain.cnames.push_back(presentation(target));
      chain.minCnameTtl = std::min(chain.minCnameTtl, rr.ttl);
      seen.push_back(target);
      owner = target;
      moved = true;
      break;
    }
  }
  collectAddresses(reply, owners, owner, chain);
  return chain;
}

}  // namespace orchard
