/**
 * \file outcome.cc
 * Classification of replies into outcomes (see answer/outcome.hh).
 */
#include "policy/answer/outcome.hh"

namespace orchard {

namespace {

/** Splits the chain's addresses into admitted and refused; returns the
 *  first refused one's description ("sinkhole 0.0.0.0"), or "". */
std::string admitAddresses(Outcome& o, bool allowPrivate) {
  std::string firstRefused;
  o.admit.clear();
  for (const auto& ta : o.chain.addresses) {
    AddressClass c = classify(ta.address);
    if (c == AddressClass::routable || (c == AddressClass::private_ && allowPrivate)) {
      o.admit.push_back(ta);
    } else if (firstRefused.empty()) {
      firstRefused = std::string(toString(c)) + " " + ta.address.toString();
    }
  }
  return firstRefused;
}

OutcomeKind kindOfRcode(uint16_t rc) {
  switch (rc) {
    case rcode::NXDOMAIN: return OutcomeKind::nxdomain;
    case rcode::REFUSED: return OutcomeKind::refused;
    case rcode::NOERROR: return OutcomeKind::answered;
    default: return OutcomeKind::servfail;  // SERVFAIL, FORMERR, NOTIMP ...
  }
}

}  // namespace

Outcome classifyReply(const Reply& reply, bool allowPrivate) {
  Outcome o;
  classifyReply(reply, allowPrivate, o);
  return o;
}

void classifyReply(const Reply& reply, bool allowPrivate, Outcome& o) {
  followChain(reply, o.chain);
  o.reason.clear();
  std::string refused = admitAddresses(o, allowPrivate);
  if (reply.source == AnswerSource::servfail) {
    o.kind = OutcomeKind::servfail;
    o.reason = "resolution failed";
    o.admit.clear();  // the client gets no addresses: the sets get none either
    return;
  }
  o.kind = kindOfRcode(reply.rcode);
  if (o.kind == OutcomeKind::servfail) o.reason = "rcode " + std::to_string(reply.rcode);
  if (o.kind == OutcomeKind::answered && o.chain.addresses.empty()) {
    bool wantedAddress = reply.qtype == rrtype::A || reply.qtype == rrtype::AAAA;
    bool anyOfType = false;
    for (const auto& rr : reply.answer) anyOfType = anyOfType || rr.type == reply.qtype;
    if (wantedAddress || !anyOfType) o.kind = OutcomeKind::nodata;
  }
  bool local = reply.source == AnswerSource::local;
  if (!refused.empty() && o.admit.empty()) {
    o.kind = OutcomeKind::blocked;
    o.reason = (local ? "local data: " : "answer: ") + refused;
  } else if (local && o.kind != OutcomeKind::answered) {
    o.reason = "local data: " + std::string(toString(o.kind));
    o.kind = OutcomeKind::blocked;
  }
  // Only an answer admits: not a block, nor records sent with NXDOMAIN,
  // REFUSED or SERVFAIL (found by tests/fuzz/fuzz-dns-answer).
  if (o.kind != OutcomeKind::answered) o.admit.clear();
}

}  // namespace orchard
